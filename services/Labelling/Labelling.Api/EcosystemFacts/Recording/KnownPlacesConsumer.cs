using Marten;
using MassTransit;
using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.Labelling.EcosystemFacts.Recording;

/// <summary>Keeps Labelling's known places in step with the Actors service's place contracts.</summary>
/// <remarks>
/// One consumer, hence one queue, for all of a place's contracts: they arrive in the order Actors published them.
/// Idempotent through <see cref="LocalCopies.ApplyOnceAsync"/>.
/// </remarks>
public sealed class KnownPlacesConsumer(IDocumentSession session, TimeProvider clock) :
    IConsumer<PlaceOpened>,
    IConsumer<PlaceDetailsChanged>,
    IConsumer<PlaceClosed>
{
    public Task Consume(ConsumeContext<PlaceOpened> context)
    {
        var m = context.Message;
        return ApplyAsync(context, m.PlaceId, m.Version, (_, now) =>
            new KnownPlace(m.PlaceId, m.Name, m.Typologies, m.Commune, m.OperatorActorId, KnownPlace.Open, m.OpenedOn, null, m.Version, now));
    }

    public Task Consume(ConsumeContext<PlaceDetailsChanged> context)
    {
        var m = context.Message;
        return ApplyAsync(context, m.PlaceId, m.Version, (known, now) => LocalCopies.Existing(known, context) with
        {
            Name = m.Name,
            Typologies = m.Typologies,
            Commune = m.Commune,
            OperatorActorId = m.OperatorActorId,
            SourceVersion = m.Version,
            UpdatedAt = now,
        });
    }

    public Task Consume(ConsumeContext<PlaceClosed> context) =>
        ApplyAsync(context, context.Message.PlaceId, context.Message.Version, (known, now) => LocalCopies.Existing(known, context) with
        {
            Status = KnownPlace.Closed,
            ClosedOn = context.Message.ClosedOn,
            SourceVersion = context.Message.Version,
            UpdatedAt = now,
        });

    private Task ApplyAsync<T>(ConsumeContext<T> context, Guid placeId, long version, Func<KnownPlace?, DateTimeOffset, KnownPlace> apply)
        where T : class =>
        session.ApplyOnceAsync(context, nameof(KnownPlacesConsumer), placeId, version, clock, apply);
}

/// <summary>Keeps the copy right when contracts change part of it: see <see cref="InOrderConsumerDefinition{TConsumer}"/>.</summary>
public sealed class KnownPlacesConsumerDefinition : InOrderConsumerDefinition<KnownPlacesConsumer>;
