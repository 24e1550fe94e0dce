using Marten.Events.Aggregation;

namespace SocialTech.BuildingBlocks.EventStore;

/// <summary>
/// An inline projection of one aggregate's streams that Marten offers only the event types listed (the state's
/// <c>EventTypes</c>, kept next to its <c>Fold</c>).
/// </summary>
/// <remarks>
/// Without the list Marten offers every stream of every commit to every inline projection, and each loads its
/// document for it (a round trip each) even for streams it never folds (docs/performance.md, "append"). The list must
/// hold every event appended to the aggregate's streams, not only those Fold changes: the document's version, the
/// ETag that If-Match compares, follows the events it is offered. <c>ProjectionEventTypesTests</c> in each service
/// fails when a Fold handles an event its list leaves out.
/// </remarks>
public abstract class OwnStreamProjection<TDoc> : SingleStreamProjection<TDoc, Guid>
    where TDoc : notnull
{
    protected OwnStreamProjection(IEnumerable<Type> eventTypes)
    {
        ArgumentNullException.ThrowIfNull(eventTypes);
        foreach (var type in eventTypes)
        {
            IncludeType(type);
        }
    }
}
