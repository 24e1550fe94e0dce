using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.Actors.Organisations.Registering;
using SocialTech.BuildingBlocks.Http;
using static SocialTech.Actors.Organisations.Importing.ImportColumns;

namespace SocialTech.Actors.Organisations.Importing;

/// <summary>A row as registration decides it: the registration to commit and the identifiers it claims, or its errors by column.</summary>
public sealed record ImportDecision(int Line, OrganisationRegistered? Registration, IReadOnlyList<string> Claims, IReadOnlyDictionary<string, string[]>? Errors);

public static class ImportActors
{
    /// <summary>10 MiB: some 50 000 rows of a typical export, above <see cref="MaxRows"/>, so the row limit usually speaks first.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>Keeps one request within about a minute: every row is a registration with its own stream.</summary>
    public const int MaxRows = 20_000;

    /// <summary>
    /// Rows commit a batch per transaction rather than one each: a commit per row would make a 20 000-row file a
    /// round trip and a WAL flush per row. Every row of a batch is checked before the commit, so the only thing that
    /// can fail it is a concurrent writer claiming the same SIREN or RNA in between; the batch then runs again row by
    /// row, where that row sees the winner and becomes a duplicate while the others commit.
    /// </summary>
    private const int BatchSize = 100;

    /// <summary>Registration names fields as its JSON body does; the report names the file's columns.</summary>
    private static readonly Dictionary<string, string> ColumnOfField = new(StringComparer.Ordinal)
    {
        ["headOfficeCommuneCode"] = HeadOfficeCommune,
        ["legalCategory"] = LegalCategory,
        ["esus.validFrom"] = EsusValidFrom,
        ["esus.validUntil"] = EsusValidUntil,
    };

    private static readonly Dictionary<string, bool> EssValues = new(StringComparer.OrdinalIgnoreCase)
    {
        ["true"] = true, ["oui"] = true, ["1"] = true, ["false"] = false, ["non"] = false, ["0"] = false,
    };

    /// <summary>
    /// Maps a row to a registration request and runs it through <see cref="RegisterActor.Decide"/>, the same rules
    /// as <c>POST /api/actors</c>. The id is derived from the row's natural key (its SIREN or RNA, else its name
    /// and head office commune), so importing the same row again finds the actor the first import created.
    /// </summary>
    public static ImportDecision Decide(ImportRow row, IKnownTerritories territories, DateTimeOffset now)
    {
        if (row.SyntaxError is { } syntax)
        {
            return Invalid(row.Line, new Dictionary<string, List<string>> { ["row"] = [syntax] });
        }

        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        bool? ess = null;
        if (row[Ess] is { } essCell)
        {
            if (EssValues.TryGetValue(essCell, out var value))
            {
                ess = value;
            }
            else
            {
                Add(errors, Ess, $"'{essCell}' is not a yes or no; write true, false, oui, non, 1 or 0.");
            }
        }

        var esus = row[EsusValidFrom] is null && row[EsusValidUntil] is null
            ? null
            : new EsusAgreementRequest(Date(row, EsusValidFrom, errors), Date(row, EsusValidUntil, errors));
        var request = new RegisterActorRequest(
            row[Name],
            List(row[Kinds]),
            row[HeadOfficeCommune],
            row[Siren],
            row[Siret],
            row[Rna],
            row[LegalCategory],
            ess,
            esus,
            List(row[PlacesOfAction])?.Select(Place).ToArray(),
            row[Website],
            row[Mailbox]);

        OrganisationRegistered? registered = null;
        try
        {
            registered = RegisterActor.Decide(Guid.Empty, request, territories, now);
        }
        catch (ValidationException invalid)
        {
            // A cell the import could not read reaches registration as empty: report it once, as unreadable.
            var unreadable = errors.Keys.ToHashSet(StringComparer.Ordinal);
            foreach (var (field, messages) in invalid.Errors)
            {
                var column = ColumnOf(field);
                if (!unreadable.Contains(column))
                {
                    foreach (var message in messages)
                    {
                        Add(errors, column, message);
                    }
                }
            }
        }

        if (errors.Count > 0 || registered is null)
        {
            return Invalid(row.Line, errors);
        }

        var claims = IdentifierClaim.KeysOf(registered.Identifiers).ToArray();
        var naturalKey = claims.Length > 0 ? claims[0] : $"name:{NormalisedName(registered.Profile.Name)}@{registered.HeadOffice.Code}";
        return new ImportDecision(row.Line, registered with { ActorId = RegisterActor.IdFromKey("import:" + naturalKey) }, claims, null);
    }

    /// <summary>Reads the whole file (refusing it as a whole if its size, header or row count is wrong), then imports its rows in file order.</summary>
    public static async Task<Ok<ImportReport>> Handle(
        HttpRequest request, ISessionFactory sessions, IKnownTerritories territories, TimeProvider clock, CancellationToken ct)
    {
        var file = ImportFile.Read(await ReadBodyAsync(request, ct), MaxRows);
        var now = clock.GetUtcNow();
        var rows = new List<ImportRowReport>(file.Rows.Count);
        foreach (var batch in file.Rows.Select(row => Decide(row, territories, now)).Chunk(BatchSize))
        {
            rows.AddRange(await TryCommitAsync(sessions, batch, ct) ?? await CommitRowByRowAsync(sessions, batch, ct));
        }

        var totals = new ImportTotals(rows.Count,
            rows.Count(r => r.Status == ImportRowReport.Created),
            rows.Count(r => r.Status == ImportRowReport.Duplicate),
            rows.Count(r => r.Status == ImportRowReport.Invalid));
        return TypedResults.Ok(new ImportReport(totals, file.Encoding, file.Separator.ToString(), file.IgnoredColumns, rows));
    }

    /// <summary>
    /// Checks each valid row against the identifiers and actors already registered (and against the earlier rows of
    /// the batch), then registers the new ones in one transaction, claims included, as <c>POST /api/actors</c> does.
    /// Null when the commit met a uniqueness conflict: nothing of the batch was written.
    /// </summary>
    private static async Task<IReadOnlyList<ImportRowReport>?> TryCommitAsync(ISessionFactory sessions, ImportDecision[] rows, CancellationToken ct)
    {
        await using var session = sessions.OpenSession();
        var valid = rows.Where(r => r.Registration is not null).ToArray();
        var keys = valid.SelectMany(r => r.Claims).Distinct().ToArray();
        var ids = valid.Select(r => r.Registration!.ActorId).ToArray();
        var held = keys.Length == 0 ? [] : (await session.LoadManyAsync<IdentifierClaim>(ct, keys)).ToDictionary(c => c.Id, c => c.ActorId);
        // A merged actor stands for its survivor: that is the one to link to.
        var existing = ids.Length == 0 ? [] : (await session.LoadManyAsync<ActorDetails>(ct, ids)).ToDictionary(a => a.Id, a => a.MergedInto ?? a.Id);

        var reports = new List<ImportRowReport>(rows.Length);
        foreach (var row in rows)
        {
            if (row.Registration is not { } registration)
            {
                reports.Add(new ImportRowReport(row.Line, ImportRowReport.Invalid, Errors: row.Errors));
            }
            else if (row.Claims.FirstOrDefault(held.ContainsKey) is { } claim)
            {
                reports.Add(Duplicate(row.Line, held[claim], claim));
            }
            else if (existing.TryGetValue(registration.ActorId, out var actor))
            {
                reports.Add(Duplicate(row.Line, actor, null));
            }
            else
            {
                // The later rows of the batch see this one as registered, as the next batches will once it commits.
                foreach (var key in row.Claims)
                {
                    held[key] = registration.ActorId;
                }

                existing[registration.ActorId] = registration.ActorId;
                session.Insert(row.Claims.Select(c => new IdentifierClaim(c, registration.ActorId)).ToArray());
                session.Events.StartStream<Organisation>(registration.ActorId, registration);
                reports.Add(new ImportRowReport(row.Line, ImportRowReport.Created, ActorId: registration.ActorId));
            }
        }

        try
        {
            await session.SaveChangesAsync(ct);
            return reports;
        }
        catch (Exception e) when (IsUniquenessConflict(e))
        {
            return null;
        }
    }

    private static async Task<IReadOnlyList<ImportRowReport>> CommitRowByRowAsync(ISessionFactory sessions, ImportDecision[] rows, CancellationToken ct)
    {
        var reports = new List<ImportRowReport>(rows.Length);
        foreach (var row in rows)
        {
            // A row that conflicts alone lost a race to a writer that has committed since: the second attempt sees it.
            reports.AddRange(await TryCommitAsync(sessions, [row], ct)
                ?? await TryCommitAsync(sessions, [row], ct)
                ?? throw new InvalidOperationException($"Line {row.Line} met a uniqueness conflict twice without finding who holds it."));
        }

        return reports;
    }

    private static bool IsUniquenessConflict(Exception e) =>
        e is JasperFx.DocumentAlreadyExistsException
            or Marten.Exceptions.ExistingStreamIdCollisionException
            or JasperFx.Events.ExistingStreamIdCollisionException
        || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        // Kestrel enforces the same limit from the endpoint's metadata; counting here also covers hosts that do not
        // (the test server) and answers with a problem that says what the limit is.
        var tooLarge = new ProblemException(StatusCodes.Status413PayloadTooLarge, "File too large",
            $"An import file is at most {MaxBytes / (1024 * 1024)} MiB; split it. Nothing was imported.",
            new Dictionary<string, object?> { ["maxBytes"] = MaxBytes });
        if (request.ContentLength > MaxBytes)
        {
            throw tooLarge;
        }

        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
            {
                if (body.Length + read > MaxBytes)
                {
                    throw tooLarge;
                }

                body.Write(buffer, 0, read);
            }
        }
        catch (BadHttpRequestException kestrel) when (kestrel.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A chunked body has no Content-Length: Kestrel stops it at the limit; answer the same problem.
            throw tooLarge;
        }

        return body.ToArray();
    }

    private static ImportDecision Invalid(int line, Dictionary<string, List<string>> errors) =>
        new(line, null, [], errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));

    private static ImportRowReport Duplicate(int line, Guid existing, string? identifier) =>
        new(line, ImportRowReport.Duplicate, Existing: $"/api/actors/{existing}", Identifier: identifier);

    private static string ColumnOf(string field) =>
        field.StartsWith("placesOfAction", StringComparison.Ordinal) ? PlacesOfAction : ColumnOfField.GetValueOrDefault(field, field);

    private static void Add(Dictionary<string, List<string>> errors, string column, string message)
    {
        if (!errors.TryGetValue(column, out var messages))
        {
            errors[column] = messages = [];
        }

        messages.Add(message);
    }

    private static DateOnly? Date(ImportRow row, string column, Dictionary<string, List<string>> errors)
    {
        if (row[column] is not { } cell)
        {
            return null;
        }

        if (DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Add(errors, column, $"'{cell}' is not a date written YYYY-MM-DD, e.g. 2024-06-01.");
        return null;
    }

    /// <summary>Cells holding several values separate them with <c>|</c>, which neither separator nor names use.</summary>
    private static string[]? List(string? cell) =>
        cell?.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary><c>level:code</c>; a value without a level reaches registration as such and is refused there with its message.</summary>
    private static PlaceOfActionRequest Place(string value) =>
        value.Split(':', 2, StringSplitOptions.TrimEntries) is [var level, var code]
            ? new PlaceOfActionRequest(level.ToLowerInvariant(), code)
            : new PlaceOfActionRequest(null, value);

    /// <summary>Case, accents and spacing ignored: <c>Épicerie  solidaire</c> and <c>epicerie solidaire</c> are one actor.</summary>
    private static string NormalisedName(string name) =>
        SearchText.Fold(string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
}
