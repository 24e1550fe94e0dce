using Marten;
using MassTransit;

namespace SocialTech.BuildingBlocks.EventStore;

/// <summary>A service's own copy of another service's aggregate, kept from its contracts.</summary>
public interface ILocalCopy
{
    /// <summary>The source stream's version this copy reflects.</summary>
    long SourceVersion { get; }
}

public static class LocalCopies
{
    /// <summary>
    /// Applies one contract to the local copy <paramref name="id"/>, once: the processed-message record (same
    /// transaction) makes a redelivery a no-op, and <paramref name="version"/> makes a late, older message lose
    /// against a newer copy. <paramref name="apply"/> gets the copy as it is (null when none yet) and the time.
    /// </summary>
    public static async Task ApplyOnceAsync<TMessage, TCopy>(
        this IDocumentSession session, ConsumeContext<TMessage> context, string consumer, Guid id, long version,
        DateTimeOffset now, Func<TCopy?, TCopy> apply)
        where TMessage : class
        where TCopy : class, ILocalCopy
    {
        // The processed-message record and the copy in one round trip: an in-order consumer handles one message at
        // a time, so its rate is one over the round trips each takes (docs/performance.md, "propagation").
        var processedId = ProcessedMessageExtensions.IdOf(context, consumer);
        var reads = session.CreateBatchQuery();
        var processed = reads.Load<ProcessedMessage>(processedId);
        var copy = reads.Load<TCopy>(id);
        await reads.Execute(context.CancellationToken);
        if (await processed is not null)
        {
            return;
        }

        ProcessedMessageExtensions.Mark(session, context, processedId, now);
        var existing = await copy;
        if (existing is null || existing.SourceVersion < version)
        {
            session.Store(apply(existing));
        }

        await session.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>
    /// The same, at <paramref name="clock"/>'s now, which <paramref name="apply"/> also gets (to stamp the copy): what
    /// every copy consumer's own ApplyAsync did before calling the overload above.
    /// </summary>
    public static Task ApplyOnceAsync<TMessage, TCopy>(
        this IDocumentSession session, ConsumeContext<TMessage> context, string consumer, Guid id, long version,
        TimeProvider clock, Func<TCopy?, DateTimeOffset, TCopy> apply)
        where TMessage : class
        where TCopy : class, ILocalCopy
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(apply);
        var now = clock.GetUtcNow();
        return session.ApplyOnceAsync<TMessage, TCopy>(context, consumer, id, version, now, copy => apply(copy, now));
    }

    /// <summary>
    /// A change to something this service has not seen created yet came out of order (a redelivery overtook its
    /// creation): failing the delivery lets the retry policy try again once the creation has arrived.
    /// </summary>
    public static TCopy Existing<TCopy, TMessage>(TCopy? copy, ConsumeContext<TMessage> context)
        where TCopy : class
        where TMessage : class =>
        copy ?? throw new InvalidOperationException(
            $"{typeof(TMessage).Name} for a {typeof(TCopy).Name} not known here yet (message {context.MessageId}); retried.");
}
