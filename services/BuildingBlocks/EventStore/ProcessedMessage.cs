using Marten;
using MassTransit;

namespace SocialTech.BuildingBlocks.EventStore;

/// <summary>
/// A message a consumer has already applied, stored in the consumer's own database in the same transaction as its
/// effect. Delivery is at-least-once (the event log is the outbox), so this record is what makes a redelivery a no-op.
/// </summary>
public sealed record ProcessedMessage(string Id, string MessageType, DateTimeOffset ProcessedAt);

public static class ProcessedMessageExtensions
{
    /// <summary>
    /// Records that <paramref name="consumer"/> handles this message in <paramref name="session"/>'s unit of work.
    /// Returns <c>false</c> when it was already handled: the caller then does nothing.
    /// </summary>
    /// <remarks>
    /// Two concurrent deliveries may both pass the check; the second one's insert then violates the primary key at
    /// <c>SaveChangesAsync</c>, its transaction (effect included) rolls back and the retry finds the record.
    /// </remarks>
    public static async Task<bool> TryMarkProcessedAsync<T>(
        this IDocumentSession session, ConsumeContext<T> context, string consumer, DateTimeOffset now)
        where T : class
    {
        var id = IdOf(context, consumer);
        if (await session.LoadAsync<ProcessedMessage>(id, context.CancellationToken) is not null)
        {
            return false;
        }

        Mark(session, context, id, now);
        return true;
    }

    /// <summary>The processed-message record's id: the consumer and the message's id.</summary>
    public static string IdOf<T>(ConsumeContext<T> context, string consumer)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no MessageId; it cannot be deduplicated.");
        return $"{consumer}/{messageId:N}";
    }

    /// <summary>Queues the record in the session's unit of work, after the caller found none with <see cref="IdOf"/>.</summary>
    public static void Mark<T>(IDocumentSession session, ConsumeContext<T> context, string id, DateTimeOffset now)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(session);
        session.Insert(new ProcessedMessage(id, typeof(T).Name, now));
    }
}
