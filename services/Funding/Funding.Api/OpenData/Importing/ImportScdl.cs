using SocialTech.BuildingBlocks.Identifiers;
using System.Diagnostics;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialTech.Actors.Directory;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Grants;
using SocialTech.Funding.Grants.Awarding;
using SocialTech.Funding.OpenData.Scdl;
using SocialTech.Funding.Programmes.Publishing;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.OpenData.Importing;

/// <summary>
/// <c>POST /api/funding/imports/scdl</c>: an SCDL Subventions file, as an authority published it, becomes grants. The
/// attributing authorities and the recipients are found in Funding's actor directory by SIREN or RNA; those it does
/// not know are registered through the Actors service's API, and the import waits until their
/// <c>ActorRegistered</c> contract has reached the directory, since a grant only names directory actors.
/// </summary>
public static class ImportScdl
{
    /// <summary>10 MiB: some 30 000 SCDL rows, above <see cref="MaxRows"/>.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>Keeps one request within about a minute; authorities publish one file a year, rarely above a few thousand rows.</summary>
    public const int MaxRows = 20_000;

    /// <summary>How long the import waits for the actors it registered to reach the directory, unless <c>OpenData:DirectoryWaitSeconds</c> says otherwise.</summary>
    public const int DefaultDirectoryWaitSeconds = 30;

    /// <summary>
    /// Grants written per transaction: one Marten session, one <c>SaveChangesAsync</c>, whose commands (a stream append,
    /// a grant, its flow rows per grant, one delete for the batch) Marten sends in a few round-trips. Larger batches
    /// save little more (docs/performance.md) and keep event sequence numbers reserved longer.
    /// </summary>
    public const int BatchSize = 250;

    /// <summary>
    /// Batches in flight at once: PostgreSQL runs each transaction on one core, and while one batch is written the next
    /// is being serialised. Marten's high-water mark waits for the sequence numbers an open transaction has reserved
    /// (Marten 9.16.1 and later), so the outbox and the daemon never skip a batch that commits after a later one.
    /// </summary>
    public const int ParallelBatches = 2;

    /// <summary>Grant rules name request fields; the report names the file's columns.</summary>
    private static readonly Dictionary<string, string> ColumnOfField = new(StringComparer.Ordinal)
    {
        ["purpose"] = ScdlColumns.Objet,
        ["amount"] = ScdlColumns.Montant,
        ["decisionDate"] = ScdlColumns.DateConvention,
        ["plannedStart"] = ScdlColumns.DatesPeriodeVersement,
        ["plannedEnd"] = ScdlColumns.DatesPeriodeVersement,
        ["fiscalYears"] = ScdlColumns.DatesPeriodeVersement,
        ["paymentTerms"] = ScdlColumns.ConditionsVersement,
        ["recipientId"] = ScdlColumns.IdBeneficiaire,
    };

    /// <summary>A grant's id from the row's natural key: the same row sent again is the same grant.</summary>
    public static Guid GrantIdOf(ScdlLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return NameBasedId.From("socialtech:grants:", "scdl:" + line.NaturalKey);
    }

    /// <param name="headOfficeCommune">INSEE code of the commune to register new organisations at when neither the file
    /// nor their SIREN says where they are (SCDL has no address column).</param>
    public static async Task<Ok<ScdlImportReport>> Handle(
        HttpRequest request, ISessionFactory sessions, ActorsClient actors, IFundingTerritories territories, TerritoryReferential referential,
        TimeProvider clock, IConfiguration configuration, CancellationToken ct, string? headOfficeCommune = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(configuration);
        var fallbackCommune = headOfficeCommune is null ? null : territories.CommuneCodeOf(headOfficeCommune);
        new Validation()
            .Check(headOfficeCommune is null || fallbackCommune is not null, "headOfficeCommune", $"'{headOfficeCommune}' is not a current commune (INSEE code).")
            .ThrowIfInvalid();

        var file = ScdlFile.Read(await ImportBody.ReadAsync(request, MaxBytes, ct), MaxRows);
        var now = clock.GetUtcNow();
        var decisions = file.Rows.Select(r => ScdlLines.Decide(r, DateOnly.FromDateTime(now.UtcDateTime))).ToArray();
        var reports = new ScdlRowReport?[decisions.Length];
        var pending = new List<int>();

        await using (var query = sessions.QuerySession())
        {
            var ids = decisions.Where(d => d.Grant is not null).Select(d => GrantIdOf(d.Grant!)).Distinct().ToArray();
            var imported = ids.Length == 0 ? [] : (await query.LoadManyAsync<Grant>(ct, ids)).Select(g => g.Id).ToHashSet();
            // The platform's own export sent back: its rows name the grants they came from.
            var own = await OwnRows.FindAsync(query, decisions.Select(d => d.Grant).ToArray(), ct);
            var firstRowOf = new Dictionary<Guid, int>();
            for (var i = 0; i < decisions.Length; i++)
            {
                var decision = decisions[i];
                if (decision.Grant is not { } line)
                {
                    reports[i] = new ScdlRowReport(decision.Line, ScdlRowReport.Invalid, Errors: decision.Errors, Warnings: NullIfEmpty(decision.Warnings));
                }
                else if (own.TryGetValue(i, out var existing))
                {
                    reports[i] = new ScdlRowReport(decision.Line, ScdlRowReport.Duplicate, Existing: $"/api/funding/grants/{existing}",
                        Warnings: NullIfEmpty(decision.Warnings));
                }
                else if (imported.Contains(GrantIdOf(line)) || firstRowOf.ContainsKey(GrantIdOf(line)))
                {
                    reports[i] = new ScdlRowReport(decision.Line, ScdlRowReport.Duplicate, Existing: $"/api/funding/grants/{GrantIdOf(line)}",
                        Warnings: NullIfEmpty(decision.Warnings));
                }
                else
                {
                    firstRowOf[GrantIdOf(line)] = i;
                    pending.Add(i);
                }
            }
        }

        var lines = pending.Select(i => decisions[i].Grant!).ToArray();
        var wait = TimeSpan.FromSeconds(configuration.GetValue("OpenData:DirectoryWaitSeconds", DefaultDirectoryWaitSeconds));
        var parties = await new PartyResolver(sessions, actors, referential, fallbackCommune).ResolveAsync(lines, wait, ct);

        var awards = new List<(int Index, GrantAwarded Award)>();
        await using (var query = sessions.QuerySession())
        {
            var actorIds = parties.Outcomes.Values.Where(o => o.Actor is not null).Select(o => o.Actor!.Id).Distinct().ToArray();
            var directory = actorIds.Length == 0 ? [] : (await query.LoadManyAsync<DirectoryActor>(ct, actorIds)).ToDictionary(a => a.Id);
            foreach (var i in pending)
            {
                var line = decisions[i].Grant!;
                var warnings = NullIfEmpty(decisions[i].Warnings);
                var funder = parties.Outcomes[PartyResolver.FunderKey(line)];
                var recipient = parties.Outcomes[PartyResolver.RecipientKey(line)];
                var errors = Merge(funder.Errors, recipient.Errors);
                if (errors is not null)
                {
                    reports[i] = new ScdlRowReport(line.Line, ScdlRowReport.Invalid, Errors: errors, Warnings: warnings);
                    continue;
                }

                var deferred = Merge(funder.Deferred, recipient.Deferred);
                if (deferred is not null)
                {
                    reports[i] = new ScdlRowReport(line.Line, ScdlRowReport.Deferred, Errors: deferred, Warnings: warnings);
                    continue;
                }

                var grant = new GrantRequest(
                    [new FunderShareRequest(funder.Actor!.Id, null, PartyResolver.FunderTypeOf(line.Funder.Id, referential))],
                    recipient.Actor!.Id, line.Purpose, line.Amount, line.PlannedStart, line.PlannedEnd,
                    DecisionDate: line.DecisionDate, PaymentTerms: line.PaymentTerms);
                try
                {
                    var context = new GrantContext(directory, null, null);
                    awards.Add((i, AwardGrant.Decide(GrantIdOf(line), grant, context, territories, now)));
                }
                catch (ValidationException invalid)
                {
                    var byColumn = invalid.Errors
                        .GroupBy(e => ColumnOfField.GetValueOrDefault(e.Key, e.Key.StartsWith("funders", StringComparison.Ordinal) ? ScdlColumns.IdAttribuant : e.Key))
                        .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray(), StringComparer.Ordinal);
                    reports[i] = new ScdlRowReport(line.Line, ScdlRowReport.Invalid, Errors: byColumn, Warnings: warnings);
                }
            }
        }

        // Batches are independent (a grant appears in one only: the file's own repeats were reported above), so they
        // commit in any order; each row's report lands at its own index.
        await Parallel.ForEachAsync(awards.Chunk(BatchSize), new ParallelOptions { MaxDegreeOfParallelism = ParallelBatches, CancellationToken = ct },
            async (batch, token) =>
            {
                foreach (var (index, created) in await TryCommitAsync(sessions, batch, token) ?? await CommitOneByOneAsync(sessions, batch, token))
                {
                    var decision = decisions[index];
                    var grantId = GrantIdOf(decision.Grant!);
                    reports[index] = created
                        ? new ScdlRowReport(decision.Line, ScdlRowReport.Created, GrantId: grantId, Warnings: NullIfEmpty(decision.Warnings))
                        : new ScdlRowReport(decision.Line, ScdlRowReport.Duplicate, Existing: $"/api/funding/grants/{grantId}", Warnings: NullIfEmpty(decision.Warnings));
                }
            });

        var rows = reports.Select(r => r!).ToArray();
        var createdAmount = rows.Select((r, i) => r.Status == ScdlRowReport.Created ? decisions[i].Grant!.Amount : 0m).Sum();
        var totals = new ScdlImportTotals(rows.Length, Count(rows, ScdlRowReport.Created), Count(rows, ScdlRowReport.Duplicate),
            Count(rows, ScdlRowReport.Invalid), Count(rows, ScdlRowReport.Deferred), createdAmount);
        return TypedResults.Ok(new ScdlImportReport(totals, file.Encoding, file.Separator == '\t' ? "tab" : file.Separator.ToString(),
            file.Columns, file.IgnoredColumns, parties.Registered, rows));
    }

    /// <summary>One transaction for the batch; null when another writer created one of its grants meanwhile (a concurrent import of the same file).</summary>
    private static async Task<IReadOnlyList<(int Index, bool Created)>?> TryCommitAsync(
        ISessionFactory sessions, (int Index, GrantAwarded Award)[] batch, CancellationToken ct)
    {
        await using var session = sessions.OpenSession();
        foreach (var (_, award) in batch)
        {
            session.Events.StartStream<Grant>(award.GrantId, award);
        }

        try
        {
            await session.SaveChangesAsync(ct);
            return batch.Select(b => (b.Index, true)).ToArray();
        }
        catch (Exception e) when (IsStreamCollision(e))
        {
            return null;
        }
    }

    private static async Task<IReadOnlyList<(int Index, bool Created)>> CommitOneByOneAsync(
        ISessionFactory sessions, (int Index, GrantAwarded Award)[] batch, CancellationToken ct)
    {
        var results = new List<(int, bool)>(batch.Length);
        foreach (var row in batch)
        {
            // Alone, a collision means that grant exists now: the row is a duplicate of it.
            results.Add(await TryCommitAsync(sessions, [row], ct) is { } done ? done[0] : (row.Index, false));
        }

        return results;
    }

    private static bool IsStreamCollision(Exception e) =>
        e is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException
        || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private static int Count(IEnumerable<ScdlRowReport> rows, string status) => rows.Count(r => r.Status == status);

    private static IReadOnlyDictionary<string, string[]>? NullIfEmpty(IReadOnlyDictionary<string, string[]> messages) =>
        messages.Count == 0 ? null : messages;

    private static Dictionary<string, string[]>? Merge(IReadOnlyDictionary<string, string[]>? a, IReadOnlyDictionary<string, string[]>? b) =>
        a is null && b is null ? null
            : (a ?? new Dictionary<string, string[]>()).Concat(b ?? new Dictionary<string, string[]>())
                .GroupBy(e => e.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray(), StringComparer.Ordinal);
}

/// <summary>How a funder or recipient of the file was found: its directory actor, or why the rows naming it cannot be imported (yet).</summary>
public sealed record PartyOutcome(DirectoryActor? Actor, IReadOnlyDictionary<string, string[]>? Errors, IReadOnlyDictionary<string, string[]>? Deferred);

public sealed record ResolvedParties(IReadOnlyDictionary<string, PartyOutcome> Outcomes, IReadOnlyList<RegisteredActor> Registered);

/// <summary>Finds the file's organisations in the directory, registers the missing ones with Actors and waits for them to arrive.</summary>
public sealed class PartyResolver(
    ISessionFactory sessions, ActorsClient actors, TerritoryReferential referential, string? fallbackCommune)
{
    private const int ParallelRegistrations = 4;

    public static string FunderKey(ScdlLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return "funder:" + line.Funder.Id.Key;
    }

    public static string RecipientKey(ScdlLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return "recipient:" + line.Recipient.Id.Key;
    }

    /// <summary>
    /// What the SIREN of a public body says about it: a commune's or an EPCI's SIREN in the referential's tables (a
    /// commune of Mayotte has a <c>200…</c> SIREN), else its category prefix: <c>21</c> communes, <c>22</c>
    /// départements, <c>23</c> régions, <c>24</c>/<c>25</c> groupings, <c>1</c> the State. Null when it says nothing:
    /// the grant rules then guess from the actor's kinds. A type only: where the body is comes from <see cref="CommuneOf"/>.
    /// </summary>
    public static string? FunderTypeOf(OrganisationId id, TerritoryReferential referential)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(referential);
        var siren = id.Siren ?? "";
        return siren switch
        {
            _ when referential.TryGetCommuneBySiren(siren, out _) => "commune",
            _ when referential.TryGetEpci(siren, out _) => "epci",
            ['2', '1', ..] => "commune",
            ['2', '2', ..] => "departement",
            ['2', '3', ..] => "region",
            ['2', '4' or '5', ..] => "epci",
            ['1', ..] => "state",
            _ => null,
        };
    }

    /// <summary>
    /// The commune a public body's SIREN places it in: a commune's own, found by its SIREN in the referential's
    /// correspondence table (Etalab's decoupage-administratif; the digits of a commune's SIREN do not hold its COG
    /// code: Amiens is 218000198 and 80021), or a département's chef-lieu (a département's SIREN is <c>22</c> and its
    /// number; no published table lists them). Null for anything else, a commune SIREN the table does not hold included
    /// (see <see cref="IsUnknownCommuneSiren"/>).
    /// </summary>
    public static string? CommuneOf(string? siren, TerritoryReferential referential)
    {
        ArgumentNullException.ThrowIfNull(referential);
        if (siren is not { Length: 9 })
        {
            return null;
        }

        if (referential.TryGetCommuneBySiren(siren, out var commune))
        {
            return commune.Code;
        }

        var departement = siren[2..4] == "97" ? siren[2..5] : siren[2..4];
        return siren.StartsWith("22", StringComparison.Ordinal) && referential.Current.TryGetDepartement(departement, out var d)
            && referential.TryGetCommune(d.ChefLieu, out _)
            ? d.ChefLieu
            : null;
    }

    /// <summary>
    /// A SIREN in the communes' range (<c>21…</c>) that no commune of the referential holds: a typing error, or a
    /// commune outside the COG (French Polynesia, New Caledonia). Its row is refused rather than placed by a guess (the
    /// request's <c>headOfficeCommune</c> or the funder's head office would put a commune in another one).
    /// </summary>
    public static bool IsUnknownCommuneSiren(string? siren, TerritoryReferential referential)
    {
        ArgumentNullException.ThrowIfNull(referential);
        return siren is { Length: 9 } && siren.StartsWith("21", StringComparison.Ordinal) && !referential.TryGetCommuneBySiren(siren, out _);
    }

    public async Task<ResolvedParties> ResolveAsync(IReadOnlyList<ScdlLine> lines, TimeSpan wait, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var outcomes = new Dictionary<string, PartyOutcome>(StringComparer.Ordinal);
        var registered = new List<RegisteredActor>();
        var awaited = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var known = await KnownAsync(lines.SelectMany(l => new[] { l.Funder.Id, l.Recipient.Id }).ToArray(), ct);

        // Funders first: a new recipient is placed at its funder's head office when nothing better is known.
        var headOffices = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var stage in new[] { true, false })
        {
            var wanted = lines
                .Select(l => (Key: stage ? FunderKey(l) : RecipientKey(l), Org: stage ? l.Funder : l.Recipient, Line: l))
                .DistinctBy(p => p.Key).Where(p => !outcomes.ContainsKey(p.Key)).ToArray();
            var toRegister = new List<(string Key, ScdlOrganisation Org, string Commune, string Source, string Column)>();
            foreach (var (key, org, line) in wanted)
            {
                var column = stage ? ScdlColumns.IdAttribuant : ScdlColumns.IdBeneficiaire;
                if (Find(known, org.Id) is { } actor)
                {
                    outcomes[key] = new PartyOutcome(actor, null, null);
                    headOffices[key] = actor.HeadOffice.Code;
                    continue;
                }

                if (IsUnknownCommuneSiren(org.Id.Siren, referential))
                {
                    outcomes[key] = new PartyOutcome(null, new Dictionary<string, string[]>
                    {
                        [column] = [$"{org.Name}: SIREN {org.Id.Siren} is in the communes' range (21…) but is the SIREN of no commune of the COG {referential.Current.Year} (table of Etalab's decoupage-administratif); check the number: a commune is not placed by a guess."],
                    }, null);
                    continue;
                }

                var (commune, source) = CommuneOf(org.Id.Siren, referential) is { } fromSiren ? (fromSiren, "siren")
                    : fallbackCommune is not null ? (fallbackCommune, "parameter")
                    : !stage && headOffices.TryGetValue(FunderKey(line), out var funderCommune) ? (funderCommune, "funder")
                    : ((string?)null, "");
                if (commune is null)
                {
                    outcomes[key] = new PartyOutcome(null, new Dictionary<string, string[]>
                    {
                        [column] = [$"{org.Name} ({org.Id.Key}) is not in Funding's actor directory, and neither the file nor its SIREN says where its head office is; send the file again with ?headOfficeCommune=<INSEE code>."],
                    }, null);
                    continue;
                }

                headOffices[key] = commune;
                toRegister.Add((key, org, commune, source, column));
            }

            var results = new System.Collections.Concurrent.ConcurrentDictionary<string, ActorRegistration>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(toRegister, new ParallelOptions { MaxDegreeOfParallelism = ParallelRegistrations, CancellationToken = ct },
                async (party, token) => results[party.Key] = await actors.RegisterAsync("funding-scdl:" + party.Org.Id.Key, Request(party.Org, party.Commune, stage), token));

            foreach (var party in toRegister)
            {
                var result = results[party.Key];
                if (result.ActorId is { } id)
                {
                    awaited[party.Key] = id;
                    registered.Add(new RegisteredActor(id, stage ? "funder" : "recipient", party.Org.Name, party.Org.Id.Key, party.Commune, party.Source));
                }
                else if (result.Errors is { } refused)
                {
                    outcomes[party.Key] = new PartyOutcome(null, new Dictionary<string, string[]>
                    {
                        [party.Column] = refused.SelectMany(e => e.Value.Select(m => $"the Actors service refused to register {party.Org.Name}: {e.Key}: {m}")).ToArray(),
                    }, null);
                }
                else
                {
                    outcomes[party.Key] = new PartyOutcome(null, null, new Dictionary<string, string[]>
                    {
                        [party.Column] = [$"{party.Org.Name} could not be registered: {result.Failure} Send the file again."],
                    });
                }
            }
        }

        var arrived = await WaitForDirectoryAsync(awaited.Values.Distinct().ToArray(), wait, ct);
        foreach (var (key, id) in awaited)
        {
            outcomes[key] = arrived.TryGetValue(id, out var actor)
                ? new PartyOutcome(actor, null, null)
                : new PartyOutcome(null, null, new Dictionary<string, string[]>
                {
                    [key.StartsWith("funder:", StringComparison.Ordinal) ? ScdlColumns.IdAttribuant : ScdlColumns.IdBeneficiaire] =
                        [$"actor {id} was registered with the Actors service but had not reached Funding's directory after {wait.TotalSeconds:0} s; send the file again."],
                });
        }

        return new ResolvedParties(outcomes, registered);
    }

    /// <summary>
    /// A grant names directory actors only, and the directory learns of a new actor from its <c>ActorRegistered</c>
    /// contract, asynchronously (Actors' outbox, then RabbitMQ). The import polls its own database for them rather
    /// than writing the copy itself: the directory keeps one writer, its consumer.
    /// </summary>
    private async Task<Dictionary<Guid, DirectoryActor>> WaitForDirectoryAsync(Guid[] ids, TimeSpan wait, CancellationToken ct)
    {
        var found = new Dictionary<Guid, DirectoryActor>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var missing = ids.Where(id => !found.ContainsKey(id)).ToArray();
            if (missing.Length > 0)
            {
                await using var query = sessions.QuerySession();
                foreach (var actor in await query.LoadManyAsync<DirectoryActor>(ct, missing))
                {
                    found[actor.Id] = actor;
                }
            }

            if (found.Count == ids.Length || clock.Elapsed >= wait)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }

    private async Task<IReadOnlyList<DirectoryActor>> KnownAsync(IReadOnlyList<OrganisationId> ids, CancellationToken ct)
    {
        var sirens = ids.Where(i => i.Siren is not null).Select(i => i.Siren!).Distinct().ToArray();
        var rnas = ids.Where(i => i.Rna is not null).Select(i => i.Rna!).Distinct().ToArray();
        if (sirens.Length == 0 && rnas.Length == 0)
        {
            return [];
        }

        await using var query = sessions.QuerySession();
        return await query.Query<DirectoryActor>()
            .Where(a => sirens.Contains(a.Identifiers.Siren!) || rnas.Contains(a.Identifiers.Rna!))
            .ToListAsync(ct);
    }

    /// <summary>An active actor holding the SIREN, else the RNA; a merged one stands for its survivor, which the directory also holds.</summary>
    private static DirectoryActor? Find(IReadOnlyList<DirectoryActor> known, OrganisationId id) =>
        known.Where(a => (id.Siren is not null && a.Identifiers.Siren == id.Siren) || (id.Rna is not null && a.Identifiers.Rna == id.Rna))
            .OrderBy(a => a.Status == DirectoryActor.Active ? 0 : 1)
            .FirstOrDefault(a => a.MergedInto is null || known.All(k => k.Id != a.MergedInto));

    /// <summary>
    /// What an SCDL row tells Actors: a name, an identifier, and a kind it can only guess (the format has no kind):
    /// attributing authorities are public bodies, recipients associations. Both can be corrected in Actors later.
    /// </summary>
    private static ActorRegistrationRequest Request(ScdlOrganisation org, string commune, bool funder) =>
        new(org.Name,
            funder ? [org.Id.Siren is ['1', ..] ? "state-service" : "local-authority"] : ["association"],
            commune,
            org.Id.Siret is null ? org.Id.Siren : null,
            org.Id.Siret,
            org.Id.Rna);
}
