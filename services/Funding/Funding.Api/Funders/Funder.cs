using SocialTech.Funding.Grants;

namespace SocialTech.Funding.Funders;

/// <summary>An actor of the directory declared as a funder: what kind of funder it is, and the territory it answers for.</summary>
/// <param name="Territory">The funder's own territory (<c>level:code</c>): a région's région, a métropole's EPCI. It is not
/// where its programmes are eligible, which each programme says for itself. Null for a funder with no territory of its
/// own (a foundation, a company, the State taken as a whole).</param>
public sealed record FunderDeclared(Guid FunderId, FunderType FunderType, string? Territory, DateTimeOffset RecordedAt);

public sealed record FunderChanged(Guid FunderId, FunderType FunderType, string? Territory, DateTimeOffset RecordedAt);

/// <summary>A funder's state, folded from its events by <see cref="Fold"/>. Its id is the actor's id.</summary>
public sealed record Funder(Guid Id, FunderType FunderType, string? Territory, DateTimeOffset DeclaredAt)
{
    public long Version { get; init; }

    /// <summary>
    /// Every event appended to a funder's stream: its inline projection is offered these only. Each one, even one Fold
    /// ignored, must reach it, since the document's version is the ETag that If-Match compares to the stream's.
    /// </summary>
    public static readonly IReadOnlyList<Type> EventTypes = [typeof(FunderDeclared), typeof(FunderChanged)];

    public static Funder? Fold(Funder? state, object @event) => (state, @event) switch
    {
        (null, FunderDeclared e) => new Funder(e.FunderId, e.FunderType, e.Territory, e.RecordedAt),
        (null, _) => null,
        (_, FunderChanged e) => state with { FunderType = e.FunderType, Territory = e.Territory },
        _ => state,
    };
}
