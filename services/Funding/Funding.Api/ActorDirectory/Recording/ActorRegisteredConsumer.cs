using Marten;
using MassTransit;
using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.Funding.ActorDirectory.Recording;

/// <summary>Adds a newly registered actor to Funding's directory.</summary>
/// <remarks>
/// Idempotent twice over: the processed-message record (same transaction) makes a redelivery a no-op, and the
/// source version makes a late, older copy of the actor lose against a newer one.
/// </remarks>
public sealed class ActorRegisteredConsumer(IDocumentSession session, TimeProvider clock) : IConsumer<ActorRegistered>
{
    public async Task Consume(ConsumeContext<ActorRegistered> context)
    {
        var now = clock.GetUtcNow();
        if (!await session.TryMarkProcessedAsync(context, nameof(ActorRegisteredConsumer), now))
        {
            return;
        }

        var message = context.Message;
        var existing = await session.LoadAsync<DirectoryActor>(message.ActorId, context.CancellationToken);
        if (existing is null || existing.SourceVersion < message.Version)
        {
            session.Store(new DirectoryActor(message.ActorId, message.Name, message.Kinds, message.HeadOffice, message.Version, now));
        }

        await session.SaveChangesAsync(context.CancellationToken);
    }
}
