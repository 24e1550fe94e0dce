using SocialTech.BuildingBlocks.Http;

namespace SocialTech.IncubatorNetworks.Calls;

public sealed record CallOpened(
    Guid CallId, Guid NetworkId, string CallRef, string ProgrammeRef, string Title, DateOnly OpensOn, DateOnly ClosesOn, Uri? ApplicationUrl,
    DateTimeOffset RecordedAt);

/// <param name="Applications">How many applications the call received.</param>
public sealed record CallClosed(Guid CallId, DateOnly ClosedOn, int Applications, DateTimeOffset RecordedAt);

/// <summary>A call for applications to a programme: open from its opening day until it is closed with its count.</summary>
public sealed record CallForApplications(
    Guid Id, Guid NetworkId, string Ref, string ProgrammeRef, string Title, DateOnly OpensOn, DateOnly ClosesOn, Uri? ApplicationUrl,
    DateOnly? ClosedOn, int? Applications)
{
    public long Version { get; init; }

    /// <summary>The events <see cref="Fold"/> handles: its inline projection is offered only these (keep both in step).</summary>
    public static readonly IReadOnlyList<Type> EventTypes = [typeof(CallOpened), typeof(CallClosed)];

    public static CallForApplications? Fold(CallForApplications? state, object @event) => (state, @event) switch
    {
        (null, CallOpened e) => new CallForApplications(e.CallId, e.NetworkId, e.CallRef, e.ProgrammeRef, e.Title, e.OpensOn, e.ClosesOn, e.ApplicationUrl, null, null),
        (null, _) => null,
        (_, CallClosed e) => state with { ClosedOn = e.ClosedOn, Applications = e.Applications },
        _ => state,
    };

    public static CallForApplications Open(CallForApplications? call, string action)
    {
        var known = call ?? throw new InvalidTransitionException(action, "the call was never opened (publish call-opened first)");
        return known.ClosedOn is { } closedOn
            ? throw new InvalidTransitionException(action, $"the call closed on {closedOn:yyyy-MM-dd} with {known.Applications} applications")
            : known;
    }
}
