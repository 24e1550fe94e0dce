namespace SocialTech.Funding.Maze.Answering;

/// <summary>One territory the question stands on.</summary>
/// <param name="Key"><c>level:code</c>.</param>
/// <param name="Name">Its name in the referential.</param>
/// <param name="Role"><c>commune</c> (a profile's), <c>head-office</c> or <c>place-of-action</c> (an actor's).</param>
/// <param name="FormerCode">
/// When the question named a former commune (merged into a commune nouvelle), that code: <see cref="Key"/> is then the
/// current commune the answer is for. Null otherwise.
/// </param>
public sealed record MazeTerritory(string Key, string? Name, string Role, MazeFormerCode? FormerCode = null);

/// <summary>The former commune a question named.</summary>
/// <param name="Code">Its former INSEE code, as asked.</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind"><c>commune-deleguee</c> or <c>commune-associee</c>: how it lives on inside the current commune.</param>
/// <param name="Note">In French, what the answer stands for.</param>
public sealed record MazeFormerCode(string Code, string Name, string Kind, string Note);

/// <summary>The question as understood: who, of which kinds, where.</summary>
/// <param name="ActorId">The actor asked about, or null for a profile.</param>
/// <param name="ActorName">Its name in Funding's directory.</param>
/// <param name="Kinds">The kinds the programmes and relays are matched on (the actor's own, for an actor).</param>
public sealed record MazeQuestion(Guid? ActorId, string? ActorName, IReadOnlyList<string> Kinds, IReadOnlyList<MazeTerritory> Territories);

/// <summary>The maze index: how many distinct counterparts the asker would have to deal with, and how many relays help.</summary>
/// <param name="Programmes">Programmes open to it on the day.</param>
/// <param name="Funders">Distinct funders of those programmes.</param>
/// <param name="InstructingBodies">Distinct instructing bodies of those programmes.</param>
/// <param name="Relays">Relays covering it.</param>
public sealed record MazeIndex(int Programmes, int Funders, int InstructingBodies, int Relays);

/// <summary>A funder or instructing body, by name, with its public contact from the directory when it has one.</summary>
/// <param name="ActorId">Its directory id: <c>/api/funding/actors/{actorId}</c>.</param>
/// <param name="Name">Its name; « Acteur absent de l'annuaire de Funding » if the directory has lost it.</param>
/// <param name="Mailbox">Its role mailbox, if its profile gives one.</param>
/// <param name="Website">Its website, if its profile gives one.</param>
public sealed record MazeContact(Guid ActorId, string Name, string? Mailbox, Uri? Website);

/// <summary>A programme open to the asker.</summary>
/// <param name="EligibleThrough">Its eligible territories that contain one of the asker's: why it fits.</param>
/// <param name="ClosesOn">The deadline (last day applications are taken), or null when open until further notice.</param>
/// <param name="BudgetEnvelope">The announced envelope in euros, if any.</param>
/// <param name="Link">The programme's record: <c>/api/funding/programmes/{id}</c>.</param>
public sealed record MazeProgramme(
    Guid Id,
    string Name,
    IReadOnlyList<MazeContact> Funders,
    IReadOnlyList<MazeContact> InstructingBodies,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> BeneficiaryKinds,
    IReadOnlyList<string> AidTypes,
    IReadOnlyList<string> EligibleTerritories,
    IReadOnlyList<string> EligibleThrough,
    DateOnly OpensOn,
    DateOnly? ClosesOn,
    bool CallForProjects,
    decimal? BudgetEnvelope,
    string Link);

/// <summary>Where a relay reaches the asker.</summary>
/// <param name="Level"><c>commune</c>, <c>epci</c>, <c>departement</c> or <c>region</c>.</param>
/// <param name="Code">The territory's code.</param>
/// <param name="Name">Its name.</param>
/// <param name="Through"><c>offer</c> (a territory its offer names), <c>place</c> (a place it runs, its offer including
/// places) or <c>hub</c> (a hub of a network it heads, its offer including hubs).</param>
/// <param name="PlaceId">The place, when through one.</param>
/// <param name="PlaceName">Its name.</param>
/// <param name="HubId">The hub, when through one.</param>
/// <param name="HubName">Its name.</param>
/// <param name="NetworkId">The hub's network: <c>/api/networks/{networkId}</c>.</param>
/// <param name="NetworkName">The network's name.</param>
public sealed record MazeReach(
    string Level, string Code, string? Name, string Through, Guid? PlaceId, string? PlaceName,
    Guid? HubId = null, string? HubName = null, Guid? NetworkId = null, string? NetworkName = null);

/// <summary>A relay covering the asker: whom to call.</summary>
/// <param name="ActorId">The relay: <c>/api/funding/actors/{actorId}</c>, <c>/api/actors/{actorId}/relay-offer</c> in Actors.</param>
/// <param name="Supports">Kinds of support, stable codes (<c>funding-advice</c>…; French words: Actors' <c>/api/relays/support-kinds</c>).</param>
/// <param name="ForKinds">The kinds of actor it supports.</param>
/// <param name="Mailbox">Its offer's role mailbox.</param>
/// <param name="Website">Its website, from the directory.</param>
/// <param name="CoveredAt">The nearest way it reaches the asker.</param>
public sealed record MazeRelay(
    Guid ActorId,
    string Name,
    IReadOnlyList<string> ActorKinds,
    IReadOnlyList<string> Supports,
    IReadOnlyList<string> ForKinds,
    string Mailbox,
    Uri? Website,
    MazeReach CoveredAt);

/// <summary>A programme not retained, with every criterion it fails.</summary>
public sealed record ExcludedProgramme(Guid Id, string Name, string Link, IReadOnlyList<Exclusion> Reasons);

/// <summary>The answer: programmes (soonest deadline first), relays (nearest first), the maze index and, on request, why not the others.</summary>
/// <param name="On">The day the programmes are open on.</param>
/// <param name="Excluded">With <c>explain=true</c>: every programme not retained, by name, with its reasons; null otherwise.</param>
/// <param name="Truncated">The lists cut at their bound (<c>programmes</c>, <c>relays</c>, <c>excluded</c>); the index counts them whole.</param>
public sealed record MazeAnswer(
    MazeQuestion Question,
    DateOnly On,
    MazeIndex Index,
    IReadOnlyList<MazeProgramme> Programmes,
    IReadOnlyList<MazeRelay> Relays,
    IReadOnlyList<ExcludedProgramme>? Excluded,
    IReadOnlyList<string> Truncated);
