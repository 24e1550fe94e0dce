using System.Diagnostics;
using JasperFx;
using Marten;
using Npgsql;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.Actors.Territories;
using SocialTech.Benchmarks.Harness;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.Funding;
using SocialTech.Funding.Flows;
using SocialTech.Funding.Grants;
using SocialTech.Funding.Grants.GettingDetails;
using SocialTech.Funding.Programmes;
using SocialTech.Funding.Territories;

namespace SocialTech.Benchmarks.Scenarios.FundingFlows;

/// <summary>
/// A reproducible national funding landscape (fixed seed): funders of every type, recipients whose head offices
/// follow the population, programmes, and grants whose sizes are log-normal and whose recipients are Zipf-distributed
/// (a few receive a lot). Grants are appended as events through Marten with Funding's own store configuration, so
/// that the inline <c>GrantProjection</c> writes the very flow rows the API reads: no row is written any other way.
/// </summary>
public sealed class GrantDataset
{
    /// <summary>Bumped whenever what is generated changes, so that an older dataset is rebuilt rather than reused.</summary>
    public const int GeneratorVersion = 1;

    private static readonly string[] Kinds = ["association", "scop", "scic", "social-enterprise", "esus-company", "tiers-lieu-operator", "foundation"];
    private static readonly string[] Themes = ["insertion", "alimentation", "mobilite", "numerique", "culture", "habitat", "transition-ecologique", "sante", "jeunesse", "economie-circulaire"];

    private readonly TerritoryReferential referential;
    private readonly Commune[] communes;
    private readonly double[] communeWeights;
    private readonly Dictionary<string, (Commune[] Communes, double[] Weights)> byDepartement;
    private readonly List<(Guid Id, FunderType Type)> funders = [];
    private readonly List<(Guid Id, string[] Kinds, CommuneReference HeadOffice, string Departement)> recipients = [];
    private readonly List<(Guid Id, Guid[] Funders, IReadOnlyList<string> Themes)> programmes = [];

    public GrantDataset(TerritoryReferential referential, int grants, int seed = 20261122)
    {
        ArgumentNullException.ThrowIfNull(referential);
        this.referential = referential;
        Grants = grants;
        Seed = seed;
        var current = referential.Current;
        communes = RegionCodes.SelectMany(r => current.CommuneCodesUnder(TerritoryLevel.Region, r))
            .Select(c => current.TryGetCommune(c, out var commune) ? commune : null).OfType<Commune>()
            .Where(c => c.Population.Municipal > 0).ToArray();
        communeWeights = Cumulative(communes.Select(c => (double)c.Population.Municipal));
        byDepartement = communes.GroupBy(c => c.DepartementCode)
            .ToDictionary(g => g.Key, g => (g.ToArray(), Cumulative(g.Select(c => (double)c.Population.Municipal))));
    }

    /// <summary>Régions of the COG: every commune lies in one.</summary>
    public static readonly string[] RegionCodes = ["01", "02", "03", "04", "06", "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"];

    public int Grants { get; }

    public int Seed { get; }

    public int Recipients => Math.Max(1000, Grants / 5);

    /// <summary>
    /// Appends everything; <paramref name="connectionString"/> must point at a database whose Funding schema the
    /// service already created (it applies its schema on start-up).
    /// </summary>
    public async Task LoadAsync(string connectionString, int writers, CancellationToken ct)
    {
        using var store = FundingStores.For(connectionString, referential);

        var random = new Random(Seed);
        GenerateActors(random);
        var clock = Stopwatch.StartNew();

        // The directory: what the Actors service's contracts would have brought; COPY, since no projection reads it.
        var directory = funders.Select(f => Actor(f.Id, $"Financeur {f.Type} {f.Id.ToString()[..8]}", [f.Type == FunderType.Foundation ? "foundation" : "local-authority"], Place(random)))
            .Concat(recipients.Select(r => Actor(r.Id, $"Bénéficiaire {r.Id.ToString()[..8]}", r.Kinds, r.HeadOffice)))
            .ToArray();
        await store.BulkInsertAsync(directory, batchSize: 10_000, cancellation: ct);
        BenchContext.Log($"directory: {directory.Length} actors in {clock.Elapsed.TotalSeconds:F0} s");

        await using (var session = store.LightweightSession())
        {
            for (var p = 0; p < Math.Max(50, Grants / 5000); p++)
            {
                var id = NewGuid(random);
                var programmeFunders = Enumerable.Range(0, 1 + random.Next(2)).Select(_ => funders[random.Next(funders.Count)].Id).Distinct().ToArray();
                string[] programmeThemes = [.. new[] { Themes[random.Next(Themes.Length)], Themes[random.Next(Themes.Length)] }.Distinct()];
                programmes.Add((id, programmeFunders, programmeThemes));
                var terms = new ProgrammeTerms(
                    $"Dispositif {p}", programmeFunders, programmeFunders, programmeThemes,
                    [Kinds[random.Next(Kinds.Length)]], [AidType.Grant], [], new DateOnly(2021, 1, 1), null, random.Next(3) == 0, null);
                // No eligible territory, which the API refuses: these programmes carry the flows only; the maze and the
                // funding white zones find them eligible nowhere.
                session.Events.StartStream<Programme>(id, new ProgrammePublished(id, terms, DateTimeOffset.UtcNow));
            }

            await session.SaveChangesAsync(ct);
        }

        // The first batch goes through the service's own path, the inline GrantProjection and its side effects.
        // The rest would take most of an hour that way on two shared cores (about 400 grants/s), so its events are
        // written with COPY into Marten's event tables (Marten's own serializer, type names and sequence), and its
        // documents computed by the same projection code (GrantProjection.Evolve, then GrantFlowRow.Of with the
        // programme's themes, as RaiseSideEffects does) and written by Marten's bulk insert (COPY too): the same
        // rows, in the same tables, that the API reads.
        const int batch = 1000;
        var batches = (Grants + batch - 1) / batch;
        await using (var session = store.LightweightSession())
        {
            foreach (var (id, events) in BatchOf(0, batch))
            {
                session.Events.StartStream<Grant>(id, events);
            }

            await session.SaveChangesAsync(ct);
        }

        // Indexes are built once at the end rather than row by row: the flow rows' GIN index over whole documents
        // is what costs most to maintain while appending. Their definitions are Marten's own, read back and replayed.
        var indexes = await DropIndexesAsync(connectionString, ct);
        var projection = new GrantProjection();
        IFundingTerritories territories = new ReferentialTerritories(referential);
        var themes = programmes.ToDictionary(p => p.Id, p => p.Themes);
        var next = 0;
        var done = batch;
        var workers = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches)
            {
                var generated = BatchOf(b, batch).ToArray();
                var grantDocuments = new List<Grant>(generated.Length);
                var rows = new List<GrantFlowRow>(generated.Length * 2);
                {
                    foreach (var (id, events) in generated)
                    {
                        Grant? grant = null;
                        for (var v = 0; v < events.Length; v++)
                        {
                            grant = projection.Evolve(grant, id, new JasperFx.Events.Event<object>(events[v]) { Version = v + 1 });
                        }

                        grantDocuments.Add(grant!);
                        if (grant!.DecisionDate is not null)
                        {
                            // Only the grant's current rows, known from its last append: the benchmark asks what is known now.
                            rows.AddRange(GrantFlowRow.Of(grant, grant.Terms.ProgrammeId is { } p ? themes[p] : [], territories, RecordedAt(events[^1])));
                        }
                    }

                }

                await EventCopy.AppendAsync(store, connectionString, generated, ct);
                await store.BulkInsertAsync(grantDocuments, batchSize: batch, cancellation: ct);
                await store.BulkInsertAsync(rows, batchSize: 5 * batch, cancellation: ct);
                var count = Interlocked.Add(ref done, generated.Length);
                if (b % 50 == 0)
                {
                    BenchContext.Log($"grants: {count}/{Grants} in {clock.Elapsed.TotalSeconds:F0} s ({count / clock.Elapsed.TotalSeconds:F0}/s)");
                }
            }
        }, ct)).ToArray();
        await Task.WhenAll(workers);
        BenchContext.Log($"grants: {Grants} appended in {clock.Elapsed.TotalSeconds:F0} s (loader CPU {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F0} s)");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        foreach (var index in indexes)
        {
            await using var create = new NpgsqlCommand($"SET maintenance_work_mem = '512MB'; {index}", connection) { CommandTimeout = 0 };
            await create.ExecuteNonQueryAsync(ct);
        }

        BenchContext.Log($"indexes rebuilt at {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Drops the secondary indexes of the grant and flow-row documents and returns their definitions.</summary>
    private static async Task<IReadOnlyList<string>> DropIndexesAsync(string connectionString, CancellationToken ct)
    {
        var definitions = new List<(string Name, string Definition)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using (var read = new NpgsqlCommand($"""
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            WHERE i.schemaname = '{FundingEventStore.Schema}' AND i.tablename IN ('mt_doc_grantflowrow', 'mt_doc_grant')
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
            """, connection))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                definitions.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in definitions)
        {
            await using var drop = new NpgsqlCommand($"DROP INDEX {FundingEventStore.Schema}.{name}", connection);
            await drop.ExecuteNonQueryAsync(ct);
        }

        return definitions.Select(d => d.Definition).ToArray();
    }

    /// <summary>Batch <paramref name="b"/>'s grants, from its own seeded generator: the dataset does not depend on how writers interleave.</summary>
    private IEnumerable<(Guid Id, object[] Events)> BatchOf(int b, int batch)
    {
        var random = new Random(unchecked((Seed * 100_003) + b));
        for (var i = b * batch; i < Math.Min(Grants, (b + 1) * batch); i++)
        {
            yield return Grant(random);
        }
    }

    private void GenerateActors(Random random)
    {
        (FunderType Type, int Count)[] funderMix =
        [
            (FunderType.State, 12), (FunderType.Region, 18), (FunderType.Departement, 101), (FunderType.Epci, 400), (FunderType.Commune, 1200),
            (FunderType.EuFund, 6), (FunderType.Foundation, 150), (FunderType.Company, 120),
        ];
        foreach (var (type, count) in funderMix)
        {
            for (var i = 0; i < count; i++)
            {
                funders.Add((NewGuid(random), type));
            }
        }

        for (var i = 0; i < Recipients; i++)
        {
            var place = Pick(random, communes, communeWeights);
            var kinds = random.Next(5) == 0 ? new[] { Kinds[random.Next(Kinds.Length)], Kinds[random.Next(Kinds.Length)] }.Distinct().ToArray() : [Kinds[random.Next(Kinds.Length)]];
            recipients.Add((NewGuid(random), kinds, new CommuneReference(place.Code, referential.Current.Year), place.DepartementCode));
        }
    }

    private (Guid Id, object[] Events) Grant(Random random)
    {
        var id = NewGuid(random);
        var recipient = recipients[Zipf(random, recipients.Count)];
        var amount = Math.Round((decimal)Math.Exp(9.5 + (1.3 * Gaussian(random))), 2);
        amount = Math.Clamp(amount, 500m, 5_000_000m);
        var funderCount = random.Next(100) < 15 ? 2 : 1;
        var shares = new List<FunderShare>();
        var left = amount;
        for (var f = 0; f < funderCount; f++)
        {
            var funder = funders[Zipf(random, funders.Count)];
            var part = f == funderCount - 1 ? left : Math.Round(amount * 0.6m, 2);
            if (shares.Any(s => s.FunderId == funder.Id))
            {
                shares[0] = shares[0] with { Amount = shares[0].Amount + part };
            }
            else
            {
                shares.Add(new FunderShare(funder.Id, funder.Type, part));
            }

            left -= part;
        }

        var locationDraw = random.Next(100);
        var locations = new List<CommuneReference>();
        if (locationDraw >= 70)
        {
            var (pool, weights) = byDepartement[recipient.Departement];
            for (var l = 0; l < (locationDraw >= 95 ? 2 + random.Next(2) : 1); l++)
            {
                var commune = new CommuneReference(Pick(random, pool, weights).Code, referential.Current.Year);
                if (!locations.Contains(commune))
                {
                    locations.Add(commune);
                }
            }
        }

        var decided = new DateOnly(2022, 1, 1).AddDays(random.Next(4 * 365));
        var years = random.Next(5) == 0 ? new[] { decided.Year, decided.Year + 1 } : [decided.Year];
        var programme = random.Next(10) < 8 ? programmes[random.Next(programmes.Count)].Id : (Guid?)null;
        var terms = new GrantTerms(shares, new GrantRecipient(recipient.Id, recipient.Kinds, recipient.HeadOffice), programme,
            "Soutien au projet", amount, decided, decided.AddMonths(12 + random.Next(24)), years, null, locations, null);
        var recorded = new DateTimeOffset(decided.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var events = new List<object> { new GrantAwarded(id, terms, decided, recorded) };
        var fate = random.Next(100);
        if (fate < 2)
        {
            events.Add(new GrantCancelled(id, decided.AddDays(30), "Projet abandonné", recorded.AddDays(30)));
        }
        else if (fate < 50)
        {
            events.Add(new AgreementSigned(id, decided.AddDays(20), recorded.AddDays(20)));
            if (fate < 35)
            {
                foreach (var share in shares)
                {
                    var paid = Math.Round(share.Amount * (fate < 15 ? 1m : 0.5m), 2);
                    events.Add(new DisbursementMade(id, share.FunderId, paid, decided.AddDays(60), recorded.AddDays(60)));
                }
            }
        }

        return (id, events.ToArray());
    }

    private static DateTimeOffset RecordedAt(object @event) => @event switch
    {
        GrantAwarded e => e.RecordedAt,
        GrantCancelled e => e.RecordedAt,
        AgreementSigned e => e.RecordedAt,
        DisbursementMade e => e.RecordedAt,
        _ => throw new InvalidOperationException($"The generator does not write {@event.GetType().Name}."),
    };

    private static DirectoryActor Actor(Guid id, string name, IReadOnlyList<string> kinds, CommuneReference headOffice) =>
        new(id, name, kinds, new ActorIdentifiers(null, null, null), true, headOffice, [], DirectoryActor.Active, null, 1, DateTimeOffset.UtcNow);

    private CommuneReference Place(Random random) => new(Pick(random, communes, communeWeights).Code, referential.Current.Year);

    private static Guid NewGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    private static double[] Cumulative(IEnumerable<double> weights)
    {
        var sum = 0.0;
        return weights.Select(w => sum += w).ToArray();
    }

    private static T Pick<T>(Random random, T[] items, double[] cumulative)
    {
        var at = random.NextDouble() * cumulative[^1];
        var i = Array.BinarySearch(cumulative, at);
        return items[i < 0 ? Math.Min(items.Length - 1, ~i) : i];
    }

    /// <summary>Zipf-like rank with exponent ~1 over <paramref name="n"/> items: rank ≈ n^u, item 0 the most frequent.</summary>
    private static int Zipf(Random random, int n) => Math.Min(n - 1, (int)Math.Pow(n, random.NextDouble()) - 1);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
