using System.Globalization;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Funding.Flows.Querying;
using SocialTech.Funding.Hubs;
using SocialTech.Funding.Places;
using SocialTech.Funding.Programmes.GettingDetails;
using SocialTech.Funding.Relays;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Maze.Answering;

public static class AnswerMaze
{
    /// <summary>The query parameters this route takes: any other is a 400 naming it, never a filter silently ignored.</summary>
    public static readonly IReadOnlySet<string> Parameters = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "kinds", "commune", "actor", "on", "explain",
    };

    /// <summary>Bounds of the lists: an answer stays one page. A list cut at its bound is named in <c>truncated</c>.</summary>
    public const int MaxProgrammes = 500;

    public const int MaxRelays = 200;

    public const int MaxExcluded = 1000;

    private static readonly string[] ProfileParameters = ["kinds", "commune"];

    private static readonly StringComparer French = StringComparer.Create(FrenchWording.Culture, ignoreCase: true);

    /// <param name="kinds">Kinds of actor, kebab-case, comma-separated or repeated (<c>association</c>, <c>scic</c>…); with <c>commune</c>.</param>
    /// <param name="commune">An INSEE commune code (an arrondissement stands for its commune); with <c>kinds</c>.</param>
    /// <param name="actor">A directory actor's id (<c>/api/funding/actors</c>), instead of kinds and commune: its kinds, head office and places of action.</param>
    /// <param name="on">The day (YYYY-MM-DD) programmes must be open on; today (UTC) by default.</param>
    /// <param name="explain"><c>true</c> lists every programme not retained with every criterion it fails.</param>
    public static async Task<Ok<MazeAnswer>> Handle(
        HttpRequest request, IQuerySession session, IFundingTerritories territories, TimeProvider clock, CancellationToken ct,
        string? kinds = null, string? commune = null, string? actor = null, string? on = null, string? explain = null)
    {
        var validation = new Validation();
        foreach (var name in request.Query.Keys.Where(k => !Parameters.Contains(k)).Order(StringComparer.Ordinal))
        {
            validation.Check(false, name, $"is not a parameter of the maze; use {string.Join(", ", Parameters)}.");
        }

        var byProfile = request.Query.ContainsKey("kinds") || request.Query.ContainsKey("commune");
        var byActor = request.Query.ContainsKey("actor");
        const string Either = "give either actor, or kinds and commune (not both).";
        if (byActor && byProfile)
        {
            validation.Check(false, "actor", Either);
            foreach (var name in ProfileParameters.Where(request.Query.ContainsKey))
            {
                validation.Check(false, name, Either);
            }
        }
        else if (!byActor && !byProfile)
        {
            validation.Check(false, "actor", Either).Check(false, "kinds", Either).Check(false, "commune", Either);
        }

        var actorId = Guid.Empty;
        if (byActor && !byProfile)
        {
            validation.Check(Guid.TryParse(actor, out actorId) && actorId != Guid.Empty, "actor", "must be an actor id (a GUID).");
        }

        var askedKinds = new List<string>();
        string? communeCode = null;
        FormerCommune? former = null;
        if (byProfile && !byActor)
        {
            askedKinds = request.Query["kinds"].SelectMany(v => (v ?? "").Split(',')).Select(k => k.Trim().ToLowerInvariant())
                .Where(k => k.Length > 0).Distinct().ToList();
            validation.Check(askedKinds.Count > 0, "kinds", "name at least one kind of actor, e.g. association.");
            foreach (var kind in askedKinds.Where(k => !FlowScope.RecipientKinds.Contains(k)))
            {
                validation.Check(false, "kinds", $"'{kind}' is not a kind of actor; use {string.Join(", ", FlowScope.RecipientKinds)}.");
            }

            communeCode = string.IsNullOrWhiteSpace(commune) ? null : territories.CommuneCodeOf(commune.Trim());
            // A commune that merged into a commune nouvelle: its former code names exactly one current commune, and
            // the maze is a question, not a record, so it answers for that commune and says so (README, "The maze").
            if (communeCode is null && !string.IsNullOrWhiteSpace(commune) && territories.FormerCommuneOf(commune.Trim()) is { } merged)
            {
                former = merged;
                communeCode = merged.CommuneCode;
            }

            validation.Check(!string.IsNullOrWhiteSpace(commune), "commune", "is required with kinds: an INSEE commune code, e.g. 24352.")
                .Check(string.IsNullOrWhiteSpace(commune) || communeCode is not null, "commune",
                    $"'{commune}' is not a commune of the {territories.Vintage} COG; give its current INSEE code (an arrondissement stands for its commune).");
        }

        var day = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        validation.Check(on is null || DateOnly.TryParseExact(on, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day), "on",
            "must be a day, YYYY-MM-DD.");
        var explaining = false;
        validation.Check(explain is null || bool.TryParse(explain, out explaining), "explain", "must be true or false.");
        validation.ThrowIfInvalid();

        var profile = byActor
            ? await ActorProfileAsync(session, territories, actorId, ct)
            : new MazeProfile(null, null, askedKinds,
                [new ProfileTerritory($"commune:{communeCode}", ProfileTerritory.Commune, territories.KeysOf($"commune:{communeCode}"))]);

        // Without explain, only the programmes eligible around the asker and open that day are read (the GIN index on
        // the programmes' JSON); with it, every programme, since every other one must say why it is left out.
        // The window and status are judged below (MazeRules.Exclusions), on the few programmes of the asker's perimeter.
        var programmes = explaining
            ? await session.Query<ProgrammeDetails>().ToListAsync(ct)
            : await HoldingAnyAsync<ProgrammeDetails>(session, nameof(ProgrammeDetails.EligibleTerritories), profile.Keys, ct);
        var judged = programmes.Select(p => (Programme: p, Reasons: MazeRules.Exclusions(p, profile, day, territories))).ToArray();
        var retained = judged.Where(j => j.Reasons.Count == 0).Select(j => j.Programme)
            .OrderBy(p => p.ClosesOn ?? DateOnly.MaxValue).ThenBy(p => p.Name, French).ThenBy(p => p.Id).ToArray();
        var excluded = explaining
            ? judged.Where(j => j.Reasons.Count > 0).OrderBy(j => j.Programme.Name, French).ThenBy(j => j.Programme.Id)
                .Select(j => new ExcludedProgramme(j.Programme.Id, j.Programme.Name, Link(j.Programme.Id), j.Reasons)).ToArray()
            : null;

        var relays = await RelaysAsync(session, territories, profile, day, ct);

        var funders = retained.SelectMany(p => p.Funders).Distinct().ToArray();
        var instructing = retained.SelectMany(p => p.InstructingBodies).Distinct().ToArray();
        var listed = retained.Take(MaxProgrammes).ToArray();
        var named = listed.SelectMany(p => p.Funders.Concat(p.InstructingBodies)).Distinct().ToArray();
        var directory = named.Length == 0 ? [] : (await session.LoadManyAsync<DirectoryActor>(ct, named)).ToDictionary(a => a.Id);

        var truncated = new List<string>();
        if (retained.Length > MaxProgrammes)
        {
            truncated.Add("programmes");
        }

        if (relays.Count > MaxRelays)
        {
            truncated.Add("relays");
        }

        if (excluded is { Length: > MaxExcluded })
        {
            truncated.Add("excluded");
        }

        var question = new MazeQuestion(profile.ActorId, profile.ActorName, profile.Kinds,
            profile.Territories.Select(t => new MazeTerritory(t.Key, territories.NameOf(t.Key), t.Role,
                t.Role == ProfileTerritory.Commune ? AskedAs(former, territories.NameOf(t.Key)) : null)).ToArray());
        return TypedResults.Ok(new MazeAnswer(
            question,
            day,
            new MazeIndex(retained.Length, funders.Length, instructing.Length, relays.Count),
            listed.Select(p => new MazeProgramme(
                p.Id, p.Name, p.Funders.Select(Contact).ToArray(), p.InstructingBodies.Select(Contact).ToArray(), p.Themes, p.BeneficiaryKinds,
                p.AidTypes, p.EligibleTerritories, MazeRules.EligibleThrough(p, profile), p.OpensOn, p.ClosesOn, p.CallForProjects,
                p.BudgetEnvelope, Link(p.Id))).ToArray(),
            relays.Take(MaxRelays).ToArray(),
            excluded?.Take(MaxExcluded).ToArray(),
            truncated));

        MazeContact Contact(Guid id) => directory.TryGetValue(id, out var a)
            ? new MazeContact(id, a.Name, a.Mailbox, a.Website)
            : new MazeContact(id, "Acteur absent de l'annuaire de Funding", null, null);
    }

    /// <summary>
    /// The documents whose array <paramref name="property"/> holds one of <paramref name="keys"/>, found through the
    /// table's GIN index (<c>jsonb_path_ops</c> answers containment, one probe per key). Marten translates
    /// <c>Any(k =&gt; keys.Contains(k))</c> into an expansion of every row's array instead: a scan of every relay
    /// (one per commune nationally) on each question, 0.5 s where this takes a few ms (bench maze-whitezones).
    /// </summary>
    private static async Task<IReadOnlyList<T>> HoldingAnyAsync<T>(IQuerySession session, string property, IEnumerable<string> keys, CancellationToken ct)
    {
        var containing = keys.Select(k => JsonSerializer.Serialize(new Dictionary<string, string[]> { [property] = [k] })).ToArray();
        return containing.Length == 0 ? [] : await session.QueryAsync<T>("where d.data @> ANY(?::jsonb[])", ct, (object)containing);
    }

    private static string Link(Guid programmeId) => $"/api/funding/programmes/{programmeId}";

    /// <summary>An actor's kinds, head office and places of action, from Funding's directory; 404 when it has none.</summary>
    private static async Task<MazeProfile> ActorProfileAsync(IQuerySession session, IFundingTerritories territories, Guid actorId, CancellationToken ct)
    {
        var actor = await session.LoadAsync<DirectoryActor>(actorId, ct)
            ?? throw new ProblemException(StatusCodes.Status404NotFound, "Not found", $"No actor {actorId} in Funding's directory (/api/funding/actors).");
        var headOffice = territories.KeysOf(actor.HeadOffice);
        var where = new List<ProfileTerritory>
        {
            new(headOffice.Count > 0 ? headOffice[0] : $"commune:{actor.HeadOffice.Code}", ProfileTerritory.HeadOffice, headOffice),
        };
        foreach (var place in actor.PlacesOfAction)
        {
            var keys = place.Level == "commune" ? territories.KeysOf(new CommuneReference(place.Code, place.Vintage)) : territories.KeysOf($"{place.Level}:{place.Code}");
            var key = keys.Count > 0 ? keys[0] : $"{place.Level}:{place.Code}";
            if (where.All(w => w.Key != key))
            {
                where.Add(new ProfileTerritory(key, ProfileTerritory.PlaceOfAction, keys));
            }
        }

        return new MazeProfile(actor.Id, actor.Name, actor.Kinds, where);
    }

    /// <summary>
    /// The relays covering the asker (<see cref="MazeRules.Cover"/>), named from the directory: a relay whose actor the
    /// directory does not hold as active (ceased, merged, not arrived yet) is no one to call. Nearest first, then by name.
    /// Places and hubs are relay points on the day asked only if they were open then (opened on or before it, not closed
    /// before it), as the support white zones count them: read whatever their status, judged by <see cref="MazeRules.Cover"/>.
    /// </summary>
    private static async Task<IReadOnlyList<MazeRelay>> RelaysAsync(
        IQuerySession session, IFundingTerritories territories, MazeProfile profile, DateOnly day, CancellationToken ct)
    {
        var keys = profile.Keys.ToArray();
        var offers = (await HoldingAnyAsync<KnownRelay>(session, nameof(KnownRelay.TerritoryKeys), keys, ct)).Where(o => o.Status == KnownRelay.Active).ToList();
        var near = keys.Where(k => MazeRules.Rank(k) <= 1).ToArray();
        var places = near.Length == 0
            ? []
            : (await HoldingAnyAsync<KnownPlace>(session, nameof(KnownPlace.TerritoryKeys), near, ct)).Where(p => p.OpenOn(day)).ToList();
        if (places.Count > 0)
        {
            var operators = places.Select(p => p.OperatorActorId).Distinct().ToArray();
            var known = offers.Select(o => o.Id).ToHashSet();
            var theirs = await session.Query<KnownRelay>()
                .Where(o => o.Status == KnownRelay.Active && o.IncludesPlaces && o.ActorId.IsOneOf(operators))
                .ToListAsync(ct);
            offers.AddRange(theirs.Where(o => !known.Contains(o.Id)));
        }

        var hubs = near.Length == 0
            ? []
            : (await session.Query<KnownHub>().Where(h => h.TerritoryKeys.Any(k => near.Contains(k))).ToListAsync(ct)).Where(h => h.OpenOn(day)).ToList();
        if (hubs.Count > 0)
        {
            var heads = hubs.Select(h => h.HeadActorId).Distinct().ToArray();
            var known = offers.Select(o => o.Id).ToHashSet();
            var theirs = await session.Query<KnownRelay>()
                .Where(o => o.Status == KnownRelay.Active && o.IncludesHubs && o.ActorId.IsOneOf(heads))
                .ToListAsync(ct);
            offers.AddRange(theirs.Where(o => !known.Contains(o.Id)));
        }

        var matches = MazeRules.Cover(profile, day, offers, places, hubs);
        var ids = matches.Select(m => m.Offer.ActorId).Distinct().ToArray();
        var actors = ids.Length == 0 ? [] : (await session.LoadManyAsync<DirectoryActor>(ct, ids)).Where(a => a.Status == DirectoryActor.Active).ToDictionary(a => a.Id);
        return matches.Where(m => actors.ContainsKey(m.Offer.ActorId))
            .Select(m =>
            {
                var actor = actors[m.Offer.ActorId];
                var at = m.Key.Split(':', 2);
                return (m.Rank, Relay: new MazeRelay(actor.Id, actor.Name, actor.Kinds, m.Offer.Supports, m.Offer.ForKinds, m.Offer.Mailbox, actor.Website,
                    new MazeReach(at[0], at[1], territories.NameOf(m.Key), m.Through, m.Place?.Id, m.Place?.Name,
                    m.Hub?.Id, m.Hub?.Name, m.Hub?.NetworkId, m.Hub?.NetworkName)));
            })
            .OrderBy(r => r.Rank).ThenBy(r => r.Relay.Name, French).ThenBy(r => r.Relay.ActorId)
            .Select(r => r.Relay)
            .ToArray();
    }

    /// <summary>The former commune the question named, and in French what the answer stands for instead.</summary>
    private static MazeFormerCode? AskedAs(FormerCommune? former, string? communeName) =>
        former is null
            ? null
            : new MazeFormerCode(former.Code, former.Name, former.Kind,
                $"{former.Name} ({former.Code}) n'est plus une commune : elle est {(former.Kind == "commune-associee" ? "commune associée" : "commune déléguée")} "
                + $"de {communeName} ({former.CommuneCode}). La réponse vaut pour {communeName}.");
}
