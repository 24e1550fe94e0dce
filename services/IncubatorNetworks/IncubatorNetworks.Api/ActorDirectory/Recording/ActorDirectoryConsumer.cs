using Marten;
using MassTransit;
using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.IncubatorNetworks.ActorDirectory.Recording;

/// <summary>Keeps IncubatorNetworks' directory in step with the Actors service's contracts.</summary>
/// <remarks>
/// One consumer, hence one queue (<c>networks-actor-directory</c>), for all of an actor's contracts: they arrive in
/// the order Actors published them. Idempotent twice over: the processed-message record (same transaction) makes a
/// redelivery a no-op, and the source version makes a late, older copy of the actor lose against a newer one.
/// </remarks>
public sealed class ActorDirectoryConsumer(IDocumentSession session, TimeProvider clock) :
    IConsumer<ActorRegistered>,
    IConsumer<ActorProfileChanged>,
    IConsumer<ActorRelocated>,
    IConsumer<ActorCeased>,
    IConsumer<ActorsMerged>
{
    public Task Consume(ConsumeContext<ActorRegistered> context) =>
        ApplyAsync(context, context.Message.ActorId, context.Message.Version,
            (_, now) => DirectoryActor.From(context.Message.ActorId, context.Message.Profile, context.Message.Version, now));

    public Task Consume(ConsumeContext<ActorProfileChanged> context) =>
        ApplyAsync(context, context.Message.ActorId, context.Message.Version,
            (_, now) => DirectoryActor.From(context.Message.ActorId, context.Message.Profile, context.Message.Version, now));

    public Task Consume(ConsumeContext<ActorRelocated> context) =>
        ApplyAsync(context, context.Message.ActorId, context.Message.Version,
            (known, now) => Known(known, context) with { HeadOffice = context.Message.To, SourceVersion = context.Message.Version, UpdatedAt = now });

    public Task Consume(ConsumeContext<ActorCeased> context) =>
        ApplyAsync(context, context.Message.ActorId, context.Message.Version,
            (known, now) => Known(known, context) with { Status = "ceased", SourceVersion = context.Message.Version, UpdatedAt = now });

    public Task Consume(ConsumeContext<ActorsMerged> context) =>
        ApplyAsync(context, context.Message.AbsorbedActorId, context.Message.AbsorbedVersion,
            (known, now) => Known(known, context) with
            {
                Status = "merged",
                MergedInto = context.Message.SurvivorActorId,
                SourceVersion = context.Message.AbsorbedVersion,
                UpdatedAt = now,
            });

    private async Task ApplyAsync<T>(ConsumeContext<T> context, Guid actorId, long version, Func<DirectoryActor?, DateTimeOffset, DirectoryActor> apply)
        where T : class
    {
        var now = clock.GetUtcNow();
        if (!await session.TryMarkProcessedAsync(context, nameof(ActorDirectoryConsumer), now))
        {
            return;
        }

        var existing = await session.LoadAsync<DirectoryActor>(actorId, context.CancellationToken);
        if (existing is null || existing.SourceVersion < version)
        {
            session.Store(apply(existing, now));
        }

        await session.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>
    /// A change to an actor not registered here yet came out of order (a redelivery overtook it): fail this delivery,
    /// before anything is saved, so that the retry policy tries again once the registration has arrived.
    /// </summary>
    private static DirectoryActor Known<T>(DirectoryActor? known, ConsumeContext<T> context) where T : class =>
        known ?? throw new InvalidOperationException($"{typeof(T).Name} for an actor not in the directory yet (message {context.MessageId}).");
}

/// <summary>Keeps the copy right when contracts change part of it: see <see cref="InOrderConsumerDefinition{TConsumer}"/>.</summary>
public sealed class ActorDirectoryConsumerDefinition : InOrderConsumerDefinition<ActorDirectoryConsumer>;
