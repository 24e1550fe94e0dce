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
        Checked(Profile(context.Message, context.Message.ActorId, context.Message.Version, context.Message.Profile)).ApplyAsync(context, context.Message.ActorId, context.Message.Version,
            (_, now) => DirectoryActor.From(context.Message.ActorId, context.Message.Profile, context.Message.Version, now));

    public Task Consume(ConsumeContext<ActorProfileChanged> context) =>
        Checked(Profile(context.Message, context.Message.ActorId, context.Message.Version, context.Message.Profile)).ApplyAsync(context, context.Message.ActorId, context.Message.Version,
            (_, now) => DirectoryActor.From(context.Message.ActorId, context.Message.Profile, context.Message.Version, now));

    public Task Consume(ConsumeContext<ActorRelocated> context) =>
        Checked(Ids(context.Message, context.Message.ActorId, context.Message.Version).That(HasCode(context.Message.To), "To", "is missing")).ApplyAsync(context, context.Message.ActorId, context.Message.Version,
            (known, now) => LocalCopies.Existing(known, context) with { HeadOffice = context.Message.To, SourceVersion = context.Message.Version, UpdatedAt = now });

    public Task Consume(ConsumeContext<ActorCeased> context) =>
        Checked(Ids(context.Message, context.Message.ActorId, context.Message.Version)).ApplyAsync(context, context.Message.ActorId, context.Message.Version,
            (known, now) => LocalCopies.Existing(known, context) with { Status = "ceased", SourceVersion = context.Message.Version, UpdatedAt = now });

    public Task Consume(ConsumeContext<ActorsMerged> context) =>
        Checked(Ids(context.Message, context.Message.AbsorbedActorId, context.Message.AbsorbedVersion).Id(context.Message.SurvivorActorId, "SurvivorActorId")).ApplyAsync(context, context.Message.AbsorbedActorId, context.Message.AbsorbedVersion,
            (known, now) => LocalCopies.Existing(known, context) with
            {
                Status = "merged",
                MergedInto = context.Message.SurvivorActorId,
                SourceVersion = context.Message.AbsorbedVersion,
                UpdatedAt = now,
            });

    /// <summary>
    /// What Actors never leaves empty. An actor copied without kinds or head office made the maze of that actor a 500
    /// (its kinds and head office are the question); one without a profile failed on a null after five retries.
    /// </summary>
    private static ContractChecks Ids(object message, Guid actorId, long version) =>
        new ContractChecks(message).Id(actorId, "ActorId").Version(version);

    private static ContractChecks Profile(object message, Guid actorId, long version, ActorProfile? profile) =>
        Ids(message, actorId, version).Present(profile, "Profile")
            .That(profile is null || !string.IsNullOrWhiteSpace(profile.Name), "Profile.Name", "is missing")
            .Items(profile is null ? [] : profile.Kinds, "Profile.Kinds")
            .That(profile is null || HasCode(profile.HeadOffice), "Profile.HeadOffice", "is missing")
            .That(profile is null || AllKnown(profile.PlacesOfAction), "Profile.PlacesOfAction", "is missing or holds a territory without level or code")
            .That(profile is null || !string.IsNullOrWhiteSpace(profile.Status), "Profile.Status", "is missing");

    private static bool HasCode(CommuneReference? commune) => commune is not null && !string.IsNullOrWhiteSpace(commune.Code);

    private static bool AllKnown(IReadOnlyList<TerritoryReference?>? territories) =>
        territories is not null && territories.All(t => t is not null && !string.IsNullOrWhiteSpace(t.Level) && !string.IsNullOrWhiteSpace(t.Code));

    private ActorDirectoryConsumer Checked(ContractChecks checks)
    {
        checks.ThrowIfPoison();
        return this;
    }

    private Task ApplyAsync<T>(ConsumeContext<T> context, Guid actorId, long version, Func<DirectoryActor?, DateTimeOffset, DirectoryActor> apply)
        where T : class =>
        session.ApplyOnceAsync(context, nameof(ActorDirectoryConsumer), actorId, version, clock, apply);
}

/// <summary>Keeps the copy right when contracts change part of it: see <see cref="InOrderConsumerDefinition{TConsumer}"/>.</summary>
public sealed class ActorDirectoryConsumerDefinition : InOrderConsumerDefinition<ActorDirectoryConsumer>;
