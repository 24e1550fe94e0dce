using Marten;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.Actors.Territories;
using SocialTech.Benchmarks.Harness;
using SocialTech.Funding.Hubs;
using SocialTech.Funding.LabelFacts;
using SocialTech.Funding.Places;
using SocialTech.Funding.Programmes;
using SocialTech.Funding.Relays;

namespace SocialTech.Benchmarks.Scenarios.MazeWhiteZones;

/// <summary>
/// What surrounds the funding benchmark's million grants in every territory (issue 18.6), reproducible (fixed seed):
/// a relay per commune (plus some per EPCI, département and région; some withdrawn, some whose actor ceased), the
/// places of the relays that include theirs (some closed), programmes with perimeters (a département, some EPCIs, a
/// few communes) and beneficiary kinds, some closing on <see cref="Day"/>, closed the day before, not yet open or
/// retired; territorial labels, some expiring, lapsed, renewed or with a renewal under way; and incubator hubs of a few
/// networks (some closed, some of networks whose head's relay offer includes its hubs). Four régions have no regional
/// chamber and half their départements no active departmental relay and no relay including places, so that withdrawn
/// and ceased commune and EPCI relays leave support white zones (a commune no relay covers). Written as Funding's
/// consumers and projections would write them: directory actors and local copies by Marten's bulk insert, programmes
/// as events through the inline projections.
/// </summary>
public sealed class TerritoryDataset
{
    /// <summary>Bumped whenever what is generated changes, so that an older dataset is rebuilt rather than reused.</summary>
    public const int GeneratorVersion = 3;

    /// <summary>Kinds a maze question names (<c>FlowScope.RecipientKinds</c>), those the grant dataset's recipients have.</summary>
    public static readonly string[] Kinds = ["association", "scop", "scic", "social-enterprise", "esus-company", "tiers-lieu-operator", "foundation"];

    private static readonly string[] RelayKinds = ["association", "local-authority", "tiers-lieu-operator", "incubator", "network-head"];
    private static readonly string[] Supports = ["funding-advice", "incubation", "label-preparation", "premises", "accounting"];

    private readonly TerritoryReferential referential;
    private readonly Random random;
    private readonly Commune[] communes;

    public TerritoryDataset(TerritoryReferential referential, DateOnly day, int seed = 20261207)
    {
        ArgumentNullException.ThrowIfNull(referential);
        this.referential = referential;
        Day = day;
        random = new Random(seed);
        var current = referential.Current;
        communes = FundingFlows.GrantDataset.RegionCodes.SelectMany(r => current.CommuneCodesUnder(TerritoryLevel.Region, r))
            .Select(c => current.TryGetCommune(c, out var commune) ? commune : null).OfType<Commune>().OrderBy(c => c.Code, StringComparer.Ordinal).ToArray();
    }

    /// <summary>"Today" for the dataset: programmes close on it, labels expire around it; the questions are asked of it.</summary>
    public DateOnly Day { get; }

    /// <summary>Every commune of the current vintage, by code: the maze's questions draw from them.</summary>
    public IReadOnlyList<string> CommuneCodes => communes.Select(c => c.Code).ToArray();

    public async Task<string> LoadAsync(string connectionString, CancellationToken ct)
    {
        using var store = FundingStores.For(connectionString, referential);
        var year = referential.Current.Year;
        var now = DateTimeOffset.UtcNow;
        var actors = new List<DirectoryActor>();
        var relays = new List<KnownRelay>();
        var places = new List<KnownPlace>();
        var byDepartement = communes.GroupBy(c => c.DepartementCode).ToDictionary(g => g.Key, g => g.ToArray());
        var relayActorsByDepartement = new Dictionary<string, List<Guid>>();

        // Support white zones need gaps: régions without a chamber, and in them one département in two whose
        // departmental relays all withdrew, where an EPCI in three has no relay either.
        string[] noChamber = ["24", "27", "76", "84"];
        var thin = byDepartement.Keys.Where(d => noChamber.Contains(byDepartement[d][0].RegionCode)).Order(StringComparer.Ordinal)
            .Where((_, i) => i % 2 == 0).ToHashSet(StringComparer.Ordinal);

        Guid Relay(string level, string code, Commune seat, string name, bool withdrawn = false, bool includesHubs = false)
        {
            var actorId = NewGuid();
            // 2% of relay actors ceased: their offer stays in the copy, and the maze must not give them as someone to call.
            var status = random.Next(50) == 0 ? "ceased" : DirectoryActor.Active;
            actors.Add(new DirectoryActor(actorId, name, [RelayKinds[random.Next(RelayKinds.Length)]], new ActorIdentifiers(null, null, null), true,
                new CommuneReference(seat.Code, year), [], status, null, 1, now, null, $"contact-{actorId.ToString()[..8]}@relais.example"));
            if (status == DirectoryActor.Active)
            {
                (relayActorsByDepartement.TryGetValue(seat.DepartementCode, out var list) ? list : relayActorsByDepartement[seat.DepartementCode] = []).Add(actorId);
            }

            var forKinds = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Kinds[random.Next(Kinds.Length)]).Distinct().ToArray();
            var supports = Enumerable.Range(0, 1 + random.Next(2)).Select(_ => Supports[random.Next(Supports.Length)]).Distinct().ToArray();
            // No relay there includes its places, which would otherwise be relay points of nearly every EPCI.
            var includesPlaces = random.Next(10) == 0 && !thin.Contains(seat.DepartementCode);
            var relay = KnownRelay.Of(NewGuid(), actorId, supports, forKinds, [new TerritoryReference(level, code, year)],
                $"relais-{actorId.ToString()[..8]}@relais.example", includesPlaces, 1, now, includesHubs);
            // 5% withdrew their offer: kept as withdrawn, never listed.
            relays.Add(random.Next(20) == 0 || withdrawn ? relay with { Status = KnownRelay.Withdrawn, SourceVersion = 2 } : relay);
            if (includesPlaces)
            {
                var pool = byDepartement[seat.DepartementCode];
                for (var p = 0; p < 1 + random.Next(2); p++)
                {
                    var at = p == 0 ? seat : pool[random.Next(pool.Length)];
                    var commune = new CommuneReference(at.Code, year);
                    places.Add(new KnownPlace(NewGuid(), $"Tiers-lieu {at.Name} {p + 1}", commune, TerritoryKey.WithParents(referential.Current, TerritoryLevel.Commune, at.Code),
                        actorId, random.Next(10) == 0 ? KnownPlace.Closed : KnownPlace.Open, 1, now));
                }
            }

            return actorId;
        }

        foreach (var commune in communes)
        {
            Relay("commune", commune.Code, commune, $"Relais local de {commune.Name}");
        }

        foreach (var epci in communes.Where(c => c.EpciSiren is not null).GroupBy(c => c.EpciSiren!))
        {
            if (thin.Contains(epci.First().DepartementCode) && random.Next(3) == 0)
            {
                continue;
            }

            Relay("epci", epci.Key, epci.First(), $"Service ESS de l'EPCI {epci.Key}");
        }

        foreach (var (departement, members) in byDepartement)
        {
            for (var i = 0; i < 3; i++)
            {
                Relay("departement", departement, members[random.Next(members.Length)], $"Pôle ESS {departement} n° {i + 1}", withdrawn: thin.Contains(departement));
            }
        }

        foreach (var region in communes.GroupBy(c => c.RegionCode).Where(r => !noChamber.Contains(r.Key)))
        {
            var members = region.ToArray();
            for (var i = 0; i < 2; i++)
            {
                Relay("region", region.Key, members[random.Next(members.Length)], $"Chambre régionale de l'ESS {region.Key} n° {i + 1}");
            }
        }

        var hubs = Hubs(now, (seat, name, includesHubs) => Relay("commune", seat.Code, seat, name, includesHubs: includesHubs));
        await store.BulkInsertAsync(actors, batchSize: 10_000, cancellation: ct);
        await store.BulkInsertAsync(relays, batchSize: 10_000, cancellation: ct);
        await store.BulkInsertAsync(places, batchSize: 10_000, cancellation: ct);
        await store.BulkInsertAsync(hubs, batchSize: 10_000, cancellation: ct);

        var programmes = await ProgrammesAsync(store, byDepartement, relayActorsByDepartement, ct);
        var (labels, applications) = Labels(now);
        await store.BulkInsertAsync(labels, batchSize: 10_000, cancellation: ct);
        await store.BulkInsertAsync(applications, batchSize: 10_000, cancellation: ct);
        return $"{actors.Count} relay actors ({actors.Count(a => a.Status != DirectoryActor.Active)} ceased), {relays.Count} relay offers " +
            $"({relays.Count(r => r.Status == KnownRelay.Withdrawn)} withdrawn), {places.Count} places, " +
            $"{hubs.Count} hubs ({hubs.Count(h => h.Status == KnownHub.Closed)} closed), {programmes} programmes, {labels.Count} labels, {applications.Count} applications";
    }

    /// <summary>Four programmes per département and two per région, published (and some retired) through the event store.</summary>
    private async Task<int> ProgrammesAsync(
        DocumentStore store, Dictionary<string, Commune[]> byDepartement, Dictionary<string, List<Guid>> funders, CancellationToken ct)
    {
        var count = 0;
        await using var session = store.LightweightSession();
        void Publish(string name, IReadOnlyList<string> perimeter, string departement)
        {
            var pool = funders[departement];
            var programmeFunders = Enumerable.Range(0, 1 + random.Next(2)).Select(_ => pool[random.Next(pool.Count)]).Distinct().ToArray();
            Guid[] instructing = [pool[random.Next(pool.Count)]];
            var kinds = random.Next(100) < 15 ? [] : Enumerable.Range(0, 1 + random.Next(2)).Select(_ => Kinds[random.Next(Kinds.Length)]).Distinct().ToArray();
            var draw = random.Next(100);
            var opens = Day.AddDays(-random.Next(700));
            DateOnly? closes = draw switch
            {
                < 25 => null,
                < 40 => Day,                 // closes today: still open today
                < 50 => Day.AddDays(-1),     // closed yesterday
                _ => Day.AddDays(1 + random.Next(300)),
            };
            if (draw is >= 50 and < 58)
            {
                opens = Day.AddDays(1 + random.Next(60));   // not yet open
                closes = opens.AddDays(90);
            }

            var id = NewGuid();
            var terms = new ProgrammeTerms(name, programmeFunders, instructing, ["insertion"], kinds, [AidType.Grant], perimeter, opens, closes,
                random.Next(3) == 0, random.Next(2) == 0 ? 100_000m * (1 + random.Next(20)) : null);
            object[] events = random.Next(20) == 0
                ? [new ProgrammePublished(id, terms, DateTimeOffset.UtcNow), new ProgrammeRetired(id, Day.AddDays(-10), "Enveloppe épuisée", DateTimeOffset.UtcNow)]
                : [new ProgrammePublished(id, terms, DateTimeOffset.UtcNow)];
            session.Events.StartStream<Programme>(id, events);

            count++;
        }

        foreach (var (departement, members) in byDepartement.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (!funders.ContainsKey(departement))
            {
                continue;
            }

            var epcis = members.Select(c => c.EpciSiren).OfType<string>().Distinct().ToArray();
            Publish($"Fonds départemental ESS {departement}", [$"departement:{departement}"], departement);
            Publish($"Appel à projets ESS {departement}", [$"departement:{departement}"], departement);
            Publish($"Programme intercommunal {departement}",
                epcis.Length == 0 ? [$"departement:{departement}"] : Enumerable.Range(0, 3).Select(_ => $"epci:{epcis[random.Next(epcis.Length)]}").Distinct().ToArray(), departement);
            Publish($"Soutien communal {departement}", Enumerable.Range(0, 5).Select(_ => $"commune:{members[random.Next(members.Length)].Code}").Distinct().ToArray(), departement);
        }

        foreach (var region in byDepartement.Values.SelectMany(c => c).GroupBy(c => c.RegionCode).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var departement = region.Select(c => c.DepartementCode).First(funders.ContainsKey);
            Publish($"Programme régional ESS {region.Key}", [$"region:{region.Key}"], departement);
            Publish($"Fonds régional d'innovation sociale {region.Key}", [$"region:{region.Key}"], departement);
        }

        await session.SaveChangesAsync(ct);
        return count;
    }

    /// <summary>
    /// Twelve incubator networks of 20 to 40 hubs in communes drawn from all of France, one hub in ten closed (its last
    /// day before <see cref="Day"/>) and one in twenty opening after it; the head of one network in two has a relay offer
    /// (for its seat commune) that includes its hubs, so those hubs are relay points of their commune and EPCI.
    /// </summary>
    private List<KnownHub> Hubs(DateTimeOffset now, Func<Commune, string, bool, Guid> head)
    {
        var hubs = new List<KnownHub>();
        for (var n = 0; n < 12; n++)
        {
            var seat = communes[random.Next(communes.Length)];
            var networkName = $"Réseau d'incubateurs n° {n + 1}";
            var headId = head(seat, $"Tête du {networkName}", n % 2 == 0);
            var networkId = NewGuid();
            for (var h = 0; h < 20 + random.Next(21); h++)
            {
                var at = communes[random.Next(communes.Length)];
                // Closed ones opened at least 301 days before their last day.
                var opened = Day.AddDays(-301 - random.Next(2000));
                var draw = random.Next(20);
                DateOnly? closed = draw < 2 ? Day.AddDays(-1 - random.Next(300)) : null;
                if (draw == 2)
                {
                    opened = Day.AddDays(1 + random.Next(60));
                }

                hubs.Add(new KnownHub(NewGuid(), networkId, networkName, headId, $"Incubateur {at.Name}", at.Code, "FR",
                    TerritoryKey.WithParents(referential.Current, TerritoryLevel.Commune, at.Code), opened, closed,
                    closed is null ? KnownHub.Open : KnownHub.Closed, 1, now));
            }
        }

        return hubs;
    }

    /// <summary>Territorial labels of one commune in five, around <see cref="Day"/>, with renewals and applications.</summary>
    private (List<KnownLabel> Labels, List<KnownLabelApplication> Applications) Labels(DateTimeOffset now)
    {
        var schemes = Enumerable.Range(0, 5).Select(_ => NewGuid()).ToArray();
        var labels = new List<KnownLabel>();
        var applications = new List<KnownLabelApplication>();
        const string Holder = "territorial-collective";
        foreach (var commune in communes.Where((_, i) => i % 5 == 0))
        {
            var territory = $"commune:{commune.Code}";
            var scheme = schemes[random.Next(schemes.Length)];
            var until = Day.AddDays(random.Next(-730, 731));
            var status = until < Day
                ? random.Next(10) switch { < 6 => KnownLabel.Expired, < 8 => KnownLabel.Active, _ => KnownLabel.Revoked }
                : random.Next(10) == 0 ? KnownLabel.Suspended : KnownLabel.Active;
            var label = new KnownLabel(NewGuid(), scheme, Holder, null, territory, until.AddYears(-3), until, status, null, null, 1, now);
            if (until < Day.AddDays(180) && random.Next(10) == 0)
            {
                // Renewed: a new label for the same holder and scheme, from the day after.
                var renewal = new KnownLabel(NewGuid(), scheme, Holder, null, territory, until.AddDays(1), until.AddYears(3), KnownLabel.Active, label.Id, null, 1, now);
                labels.Add(renewal);
                label = label with { RenewedByLabelId = renewal.Id };
            }
            else if (until >= Day && until <= Day.AddDays(200) && random.Next(4) == 0)
            {
                var applicationStatus = random.Next(5) switch { < 3 => KnownLabelApplication.Submitted, 3 => KnownLabelApplication.Deferred, _ => KnownLabelApplication.Withdrawn };
                applications.Add(new KnownLabelApplication(NewGuid(), scheme, Holder, null, territory, label.Id, applicationStatus, 1, now));
            }
            else if (until < Day && random.Next(10) == 0)
            {
                // Applied again after the lapse, without naming the label: the same holder and scheme.
                applications.Add(new KnownLabelApplication(NewGuid(), scheme, Holder, null, territory, null, KnownLabelApplication.Submitted, 1, now));
            }

            labels.Add(label);
        }

        return (labels, applications);
    }

    private Guid NewGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }

    internal static void Log(string message) => BenchContext.Log(message);
}
