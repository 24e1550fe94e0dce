using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.Testing;

namespace SocialTech.Funding.Tests;

/// <summary>The Funding service as it runs in production, on a database and a virtual host of its own, shared by one test class.</summary>
/// <remarks>
/// The directory is seeded by storing <see cref="DirectoryActor"/> documents straight into the test database, not by
/// publishing <c>ActorRegistered</c>: these tests are about grants and programmes, and a seeded row is there before
/// the next line runs. The consumer that fills the directory from the bus is proven by Platform.Tests (ActorsAndFunding).
/// </remarks>
public class FundingService() : ServiceUnderTest<FundingApiEntryPoint>(FundingEventStore.ConnectionName, "funding")
{
    /// <summary>Puts an actor into Funding's directory, as the actors' contracts would, and returns its id.</summary>
    public async Task<Guid> SeedActorAsync(string name, string headOfficeCommune = "69123", params string[] kinds)
    {
        var id = Guid.CreateVersion7();
        await using var session = Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Store(new DirectoryActor(id, name, kinds.Length == 0 ? ["association"] : kinds, new ActorIdentifiers(null, null, null), true,
            new CommuneReference(headOfficeCommune, 2025), [], "active", null, 1, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
        return id;
    }

    /// <summary>
    /// Declares <paramref name="actorId"/> as a funder through <c>POST /api/funding/funders</c>, as a funder must be before
    /// it awards a grant or funds a programme; a local authority's type needs its territory.
    /// </summary>
    public async Task DeclareFunderAsync(Guid actorId, string funderType = "foundation", string? territory = null)
    {
        using var response = await Client.PostAsJsonAsync("/api/funding/funders", new { actorId, funderType, territory });
        Assert.True(response.IsSuccessStatusCode, $"declaring {actorId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<(Guid Id, string ETag, JsonElement Body)> CreateAsync(string uri, object body)
    {
        using var response = await Client.PostAsJsonAsync(uri, body);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{uri}: {(int)response.StatusCode} {json}");
        return (json.GetProperty("id").GetGuid(), response.Headers.ETag!.ToString(), json);
    }

    /// <summary>Sends <paramref name="body"/> with If-Match, asserts success and returns the new ETag.</summary>
    public async Task<string> SendAsync(HttpMethod method, string uri, object body, string etag)
    {
        using var request = WithIfMatch(method, uri, body, etag);
        using var response = await Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{uri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.ETag!.ToString();
    }

    public async Task<JsonElement> GetAsync(string uri)
    {
        using var response = await Client.GetAsync(uri);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{uri}: {(int)response.StatusCode} {json}");
        return json;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> on the service's database behind its back (no event, no version change): how tests
    /// put the database in a state no write path makes. Returns the rows affected.
    /// </summary>
    public async Task<int> ExecuteSqlAsync(string sql, IReadOnlyDictionary<string, object>? parameters = null)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters ?? new Dictionary<string, object>())
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads one value from the service's database: for sums written apart from the service's own SQL.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Deletes a grant's flat flow rows (ADR 0008) behind the service's back; asserts there were some.</summary>
    public async Task ForgetFlatRowsAsync(Guid grant) =>
        Assert.True(await ExecuteSqlAsync($"DELETE FROM {FundingEventStore.Schema}.{SocialTech.Funding.Flows.FlowAmounts.TableName} WHERE grant_id = @grant",
            new Dictionary<string, object> { ["grant"] = grant }) > 0);

    public static HttpRequestMessage WithIfMatch(HttpMethod method, string uri, object? body, string etag)
    {
        var request = new HttpRequestMessage(method, uri) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return request;
    }
}

/// <summary>The Funding service with a clock the tests move: every event records its time from it.</summary>
public sealed class ClockedFundingService : FundingService
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero));

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}
