using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace SocialTech.Funding.Tests.Flows;

/// <summary>
/// Each flow filter on each flow route, against a sum written here in SQL over the flow-row documents' JSON (the rows
/// every query reads, not the flat table FlowSql sums, and none of FlowSql's text): an answer that ignored a filter, or
/// applied it to the wrong date, gives another total. Every filtered question is checked to differ from the unfiltered
/// one, so that no case could pass with the filter ignored.
/// </summary>
public sealed class FlowFilterSqlTests(FlowsData data) : IClassFixture<FlowsData>
{
    private const string Flows = "/api/funding/flows";

    private static readonly string[] Routes =
        ["by-territory", "by-funder", "by-funder-type", "by-theme", "by-programme", "by-period", "by-recipient-kind", "by-recipient", "concentration"];

    public static TheoryData<string> Filters => new()
    {
        "territory=departement:24",
        "territory=departement:24&basis=head-office",
        "from=2025-01-01&to=2025-12-31",
        "measure=disbursed&from=2025-01-01",
        "measure=committed",
        "measure=committed&from=2025-01-01",
        "measure=committed&to=2024-12-31",
        "recipientKind=scic",
        "recipientKind=incubator&measure=committed",
        "funder=@foundation",
        "programme=@programme",
        "recipient=@riberac",
        "measure=disbursed&recipientKind=association",
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task EveryRoute_WithAFilter_AnswersTheSqlSumOverTheSameRows(string filter)
    {
        var query = Resolve(filter);
        var expected = await SqlAsync(query);
        // Against the same measure without the other filters, or, when the measure is the whole question, against awarded.
        var onlyMeasure = !query.Text.Contains('&', StringComparison.Ordinal) && query.Text.StartsWith("measure=", StringComparison.Ordinal);
        var unfiltered = await SqlAsync(onlyMeasure ? Question.Empty : Question.Empty with { Measure = query.Measure });
        Assert.NotEqual(unfiltered.Total, expected.Total);

        foreach (var route in Routes)
        {
            var answer = await data.Funding.GetAsync($"{Flows}/{route}?{query.Text}");
            Assert.Equal(expected.Total, answer.GetProperty("total").GetDecimal());
            if (route != "concentration")
            {
                Assert.Equal(expected.Grants, answer.GetProperty("grants").GetInt32());
            }
        }

        // The Sankey graph takes them too: the money leaving its funder column is the same sum.
        var graph = await data.Funding.GetAsync($"{Flows}/sankey?{query.Text}");
        Assert.Equal(expected.Total, graph.GetProperty("total").GetDecimal());

        // The exports take the same filters: their amounts add up to the same sum for the awarded measure.
        if (query.Measure == "awarded")
        {
            var package = await data.Funding.GetAsync($"/api/funding/exports/360giving?{query.Text}");
            Assert.Equal(expected.Total, package.GetProperty("grants").EnumerateArray().Sum(g => g.GetProperty("amountAwarded").GetDecimal()));
        }
    }

    [Fact]
    public async Task ByPeriod_Committed_GroupsByTheYearOfSigning()
    {
        var years = await data.Funding.GetAsync($"{Flows}/by-period?measure=committed");

        var expected = await GroupsAsync("extract(year FROM (data->>'AgreementDate')::date)::int::text", Question.Empty with { Measure = "committed" });
        Assert.Equal(expected, Items(years).ToDictionary(g => g.GetProperty("key").GetString()!, g => g.GetProperty("total").GetDecimal()));
        Assert.Contains("2025", expected.Keys);
    }

    [Fact]
    public async Task ByRecipient_ListsEachRecipientsSqlSum_WithItsName_LargestOrMostFundedFirst()
    {
        var expected = await GroupsAsync("data->>'RecipientId'", Question.Empty with { Measure = "awarded" });
        var table = await data.Funding.GetAsync($"{Flows}/by-recipient?pageSize=100");
        var items = Items(table).ToArray();

        Assert.Equal(expected, items.ToDictionary(g => g.GetProperty("key").GetString()!, g => g.GetProperty("total").GetDecimal()));
        Assert.All(items, g => Assert.False(string.IsNullOrWhiteSpace(g.GetProperty("name").GetString())));
        var totals = items.Select(g => g.GetProperty("total").GetDecimal()).ToArray();
        Assert.Equal(totals.OrderDescending(), totals);

        var byGrants = Items(await data.Funding.GetAsync($"{Flows}/by-recipient?sort=grants&pageSize=100")).Select(g => g.GetProperty("grants").GetInt32()).ToArray();
        Assert.Equal(byGrants.OrderDescending(), byGrants);
        Assert.NotEqual(byGrants, items.Select(g => g.GetProperty("grants").GetInt32()).ToArray());
    }

    [Fact]
    public async Task ByRecipientKind_FilteredOnAKind_ListsOnlyTheKindsOfThoseRecipients()
    {
        var table = await data.Funding.GetAsync($"{Flows}/by-recipient-kind?recipientKind=incubator");

        // The Lyon incubator is an association too: its money is under both, and nothing else is.
        Assert.Equal(["association", "incubator"], Items(table).Select(g => g.GetProperty("key").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal((await SqlAsync(Resolve("recipientKind=incubator"))).Total, Items(table).Single(g => g.GetProperty("key").GetString() == "incubator").GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task AsKnownOn_AnInstantBetweenTwoRecordings_AnswersTheSqlSumOfTheRowsKnownThen()
    {
        // The fixture's grants were recorded one after the other: an instant between two of them splits them.
        var instants = await InstantsAsync();
        Assert.True(instants.Count >= 4);
        var between = instants[instants.Count / 2].AddTicks(-10);
        var at = between.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'+00:00'", CultureInfo.InvariantCulture);

        foreach (var measure in new[] { "awarded", "committed", "disbursed" })
        {
            var then = await SqlAsync(Question.Empty with { Measure = measure, KnownAt = between });
            var now = await SqlAsync(Question.Empty with { Measure = measure });
            var answer = await data.Funding.GetAsync($"{Flows}/by-funder?measure={measure}&asKnownOn={Uri.EscapeDataString(at)}");

            Assert.Equal(then.Total, answer.GetProperty("total").GetDecimal());
            Assert.Equal(then.Grants, answer.GetProperty("grants").GetInt32());
            if (measure == "awarded")
            {
                Assert.NotEqual(now.Total, then.Total);
            }
        }

        // The same instant with its '+' left unencoded, as a hand-typed URL sends it, and in another offset.
        var plain = await data.Funding.GetAsync($"{Flows}/by-funder?asKnownOn={at}");
        var paris = await data.Funding.GetAsync($"{Flows}/by-funder?asKnownOn={Uri.EscapeDataString(between.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture))}");
        var expected = (await SqlAsync(Question.Empty with { KnownAt = between })).Total;
        Assert.Equal(expected, plain.GetProperty("total").GetDecimal());
        Assert.Equal(expected, paris.GetProperty("total").GetDecimal());
    }

    [Theory]
    [InlineData("by-funder?recipientKind=scicc", "recipientKind")]
    [InlineData("by-funder?recipientKind=Association", "recipientKind")]
    [InlineData("by-funder?asKnownOn=2999-01-01", "asKnownOn")]
    [InlineData("by-funder?asKnownOn=2999-01-01T00:00:00Z", "asKnownOn")]
    [InlineData("by-territory?asOf=2999-01-01", "asOf")]
    [InlineData("by-funder?asKnownOn=2025-03-03T10:00:00", "asKnownOn")]
    [InlineData("by-funder?asKnownOn=yesterday", "asKnownOn")]
    [InlineData("by-funder?asKnownOn=2025-03-03&asOf=2025-03-03", "asOf")]
    [InlineData("by-funder?measure=engaged", "measure")]
    [InlineData("by-funder?recipientkinds=scic", "recipientkinds")]
    [InlineData("sankey?recipientKind=scicc", "recipientKind")]
    [InlineData("by-recipient?sort=name", "sort")]
    [InlineData("by-period?measure=committed&from=2025-02-01&to=2025-01-01", "to")]
    public async Task ABadFilter_IsAProblemNamingIt(string query, string field)
    {
        using var response = await data.Funding.Client.GetAsync($"{Flows}/{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
    }

    [Theory]
    [InlineData("scdl?recipientKind=scicc", "recipientKind")]
    [InlineData("360giving?teritory=departement:24", "teritory")]
    [InlineData("scdl?asKnownOn=2999-01-01", "asKnownOn")]
    public async Task AnExport_WithABadFilter_IsAProblemNamingIt(string query, string field)
    {
        using var response = await data.Funding.Client.GetAsync($"/api/funding/exports/{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public void RecipientKinds_AreTheActorsServiceKinds()
    {
        // Funding does not reference the Actors service; its enum is read from source, so that a kind added there fails here.
        var source = File.ReadAllText(Path.Combine(Root(), "services", "Actors", "Actors.Api", "Organisations", "Organisation.cs"));
        var body = source[(source.IndexOf("public enum ActorKind", StringComparison.Ordinal) + 1)..];
        body = body[(body.IndexOf('{', StringComparison.Ordinal) + 1)..body.IndexOf('}', StringComparison.Ordinal)];
        var kinds = body.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => JsonNamingPolicy.KebabCaseLower.ConvertName(k)).ToArray();

        Assert.Equal(kinds, SocialTech.Funding.Flows.Querying.FlowScope.RecipientKinds);
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "services", "Actors")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository's root was not found above the test's directory.");
    }

    /// <summary>A question in the API's words and in the SQL's.</summary>
    private sealed record Question(
        string Text, string Measure = "awarded", string? Territory = null, bool HeadOffice = false, DateOnly? From = null, DateOnly? To = null,
        string? Kind = null, Guid? Funder = null, Guid? Programme = null, Guid? Recipient = null, DateTimeOffset? KnownAt = null)
    {
        public static readonly Question Empty = new("");
    }

    private Question Resolve(string filter)
    {
        var text = filter.Replace("@foundation", data.Foundation.ToString(), StringComparison.Ordinal)
            .Replace("@programme", data.ProgrammeId.ToString(), StringComparison.Ordinal)
            .Replace("@riberac", data.Grants[0].Recipient.Id.ToString(), StringComparison.Ordinal);
        var q = new Question(text);
        foreach (var pair in text.Split('&'))
        {
            var (name, value) = (pair[..pair.IndexOf('=', StringComparison.Ordinal)], pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            q = name switch
            {
                "territory" => q with { Territory = value },
                "basis" => q with { HeadOffice = value == "head-office" },
                "measure" => q with { Measure = value },
                "from" => q with { From = DateOnly.Parse(value, CultureInfo.InvariantCulture) },
                "to" => q with { To = DateOnly.Parse(value, CultureInfo.InvariantCulture) },
                "recipientKind" => q with { Kind = value },
                "funder" => q with { Funder = Guid.Parse(value) },
                "programme" => q with { Programme = Guid.Parse(value) },
                "recipient" => q with { Recipient = Guid.Parse(value) },
                _ => throw new ArgumentException(name),
            };
        }

        return q;
    }

    /// <summary>The rows of a question and each one's money under its measure, in SQL over the documents' JSON.</summary>
    private static (string Sql, List<NpgsqlParameter> Parameters) RowsSql(Question q)
    {
        var parameters = new List<NpgsqlParameter>();
        string P(object value)
        {
            parameters.Add(new NpgsqlParameter($"p{parameters.Count}", value));
            return $"@p{parameters.Count - 1}";
        }

        var where = new List<string> { "NOT (data->>'Cancelled')::boolean" };
        if (q.KnownAt is { } at)
        {
            var p = P(at);
            where.Add($"(data->>'KnownFrom')::timestamptz < {p} AND (data->>'KnownUntil' IS NULL OR (data->>'KnownUntil')::timestamptz >= {p})");
        }
        else
        {
            where.Add("data->>'KnownUntil' IS NULL");
        }

        if (q.Territory is { } t)
        {
            where.Add($"data->'{(q.HeadOffice ? "HeadOfficeKeys" : "LocationKeys")}' ? {P(t)}");
        }

        if (q.Kind is { } kind)
        {
            where.Add($"data->'RecipientKinds' ? {P(kind)}");
        }

        if (q.Funder is { } funder)
        {
            where.Add($"data->>'FunderId' = {P(funder.ToString())}");
        }

        if (q.Programme is { } programme)
        {
            where.Add($"data->>'ProgrammeId' = {P(programme.ToString())}");
        }

        if (q.Recipient is { } recipient)
        {
            where.Add($"data->>'RecipientId' = {P(recipient.ToString())}");
        }

        string Between(string day) =>
            $"{(q.From is { } f ? $"{day} >= {P(f)}" : "true")} AND {(q.To is { } to ? $"{day} <= {P(to)}" : "true")}";
        var money = q.Measure switch
        {
            "awarded" => $"CASE WHEN {Between("(data->>'DecisionDate')::date")} THEN (data->>'Awarded')::numeric ELSE 0 END",
            "committed" => $"CASE WHEN data->>'AgreementDate' IS NOT NULL AND {Between("(data->>'AgreementDate')::date")} THEN (data->>'Awarded')::numeric ELSE 0 END",
            _ => $"(SELECT coalesce(sum((p->>'Amount')::numeric), 0) FROM jsonb_array_elements(data->'Payments') p WHERE {Between("(p->>'PaidOn')::date")})",
        };
        return ($"SELECT data, {money} AS money FROM funding.mt_doc_grantflowrow WHERE {string.Join(" AND ", where)}", parameters);
    }

    private async Task<(decimal Total, int Grants)> SqlAsync(Question q)
    {
        var (rows, parameters) = RowsSql(q);
        var sql = $"SELECT coalesce(sum(money), 0), count(DISTINCT data->>'GrantId') FILTER (WHERE money <> 0)::int FROM ({rows}) r";
        await using var connection = new NpgsqlConnection(data.Funding.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetDecimal(0), reader.GetInt32(1));
    }

    private async Task<Dictionary<string, decimal>> GroupsAsync(string key, Question q)
    {
        var (rows, parameters) = RowsSql(q);
        var sql = $"SELECT {key.Replace("data->", "r.data->", StringComparison.Ordinal)} AS k, sum(money) FROM ({rows}) r WHERE money <> 0 GROUP BY 1";
        await using var connection = new NpgsqlConnection(data.Funding.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var groups = new Dictionary<string, decimal>();
        while (await reader.ReadAsync())
        {
            groups[reader.GetString(0)] = reader.GetDecimal(1);
        }

        return groups;
    }

    /// <summary>The distinct instants the fixture's rows were recorded at, in order.</summary>
    private async Task<List<DateTimeOffset>> InstantsAsync()
    {
        await using var connection = new NpgsqlConnection(data.Funding.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT DISTINCT (data->>'KnownFrom')::timestamptz FROM funding.mt_doc_grantflowrow ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var instants = new List<DateTimeOffset>();
        while (await reader.ReadAsync())
        {
            instants.Add(new DateTimeOffset(reader.GetDateTime(0).ToUniversalTime(), TimeSpan.Zero));
        }

        return instants;
    }

    private static JsonElement[] Items(JsonElement table) => [.. table.GetProperty("groups").GetProperty("items").EnumerateArray()];
}
