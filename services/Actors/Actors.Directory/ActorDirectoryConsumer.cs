using Marten;
using MassTransit;
using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.Actors.Directory;

/// <summary>Keeps the hosting service's directory in step with the Actors service's contracts.</summary>
/// <remarks>
/// One consumer, hence one queue (<c>&lt;service&gt;-actor-directory</c>), for all of an actor's contracts: they arrive in the order Actors published them.
/// Idempotent through <see cref="LocalCopies.ApplyOnceAsync"/>.
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
            (known, now) => LocalCopies.Existing(known, context) with { HeadOffice = context.Message.To, SourceVersion = context.Message.Version, UpdatedAt = now });

    public Task Consume(ConsumeContext<ActorCeased> context) =>
        ApplyAsync(context, context.Message.ActorId, context.Message.Version,
            (known, now) => LocalCopies.Existing(known, context) with { Status = "ceased", SourceVersion = context.Message.Version, UpdatedAt = now });

    public Task Consume(ConsumeContext<ActorsMerged> context) =>
        ApplyAsync(context, context.Message.AbsorbedActorId, context.Message.AbsorbedVersion,
            (known, now) => LocalCopies.Existing(known, context) with
            {
                Status = "merged",
                MergedInto = context.Message.SurvivorActorId,
                SourceVersion = context.Message.AbsorbedVersion,
                UpdatedAt = now,
            });

    private Task ApplyAsync<T>(ConsumeContext<T> context, Guid actorId, long version, Func<DirectoryActor?, DateTimeOffset, DirectoryActor> apply)
        where T : class =>
        session.ApplyOnceAsync(context, nameof(ActorDirectoryConsumer), actorId, version, clock, apply);
}

/// <summary>Keeps the copy right when contracts change part of it: see <see cref="InOrderConsumerDefinition{TConsumer}"/>.</summary>
public sealed class ActorDirectoryConsumerDefinition : InOrderConsumerDefinition<ActorDirectoryConsumer>;
