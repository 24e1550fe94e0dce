using Marten;
using MassTransit;
using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Places;

/// <summary>Keeps Funding's places (<see cref="KnownPlace"/>) in step with Actors' place contracts.</summary>
/// <remarks>
/// One consumer, hence one queue (<c>funding-known-places</c>), for all of a place's contracts, in published order.
/// Idempotent through <see cref="LocalCopies.ApplyOnceAsync"/>. A closure carries no description: one seen before the
/// opening fails and is retried (<see cref="LocalCopies.Existing"/>).
/// </remarks>
public sealed class KnownPlacesConsumer(IDocumentSession session, IFundingTerritories territories, TimeProvider clock) :
    IConsumer<PlaceOpened>,
    IConsumer<PlaceDetailsChanged>,
    IConsumer<PlaceClosed>
{
    public Task Consume(ConsumeContext<PlaceOpened> context)
    {
        var m = context.Message;
        Check(m, m.PlaceId, m.Version).Id(m.OperatorActorId, "OperatorActorId").Present(m.Name, "Name")
            .That(m.Commune is { Code.Length: > 0 }, "Commune", "is missing").ThrowIfPoison();
        return ApplyAsync(context, m.PlaceId, m.Version, (_, now) =>
            new KnownPlace(m.PlaceId, m.Name, m.Commune, territories.KeysOf(m.Commune), m.OperatorActorId, KnownPlace.Open, m.Version, now, m.OpenedOn));
    }

    public Task Consume(ConsumeContext<PlaceDetailsChanged> context)
    {
        var m = context.Message;
        Check(m, m.PlaceId, m.Version).Id(m.OperatorActorId, "OperatorActorId").Present(m.Name, "Name")
            .That(m.Commune is { Code.Length: > 0 }, "Commune", "is missing").ThrowIfPoison();
        return ApplyAsync(context, m.PlaceId, m.Version, (known, now) => LocalCopies.Existing(known, context) with
        {
            Name = m.Name,
            Commune = m.Commune,
            TerritoryKeys = territories.KeysOf(m.Commune),
            OperatorActorId = m.OperatorActorId,
            SourceVersion = m.Version,
            UpdatedAt = now,
        });
    }

    public Task Consume(ConsumeContext<PlaceClosed> context)
    {
        Check(context.Message, context.Message.PlaceId, context.Message.Version).ThrowIfPoison();
        return ApplyAsync(context, context.Message.PlaceId, context.Message.Version, (known, now) => LocalCopies.Existing(known, context) with
        {
            Status = KnownPlace.Closed,
            ClosedOn = context.Message.ClosedOn,
            SourceVersion = context.Message.Version,
            UpdatedAt = now,
        });
    }

    /// <summary>What Actors never leaves empty: a place without a commune failed on a null after five retries, holding the in-order queue.</summary>
    private static ContractChecks Check(object message, Guid placeId, long version) =>
        new ContractChecks(message).Id(placeId, "PlaceId").Version(version);

    private Task ApplyAsync<T>(ConsumeContext<T> context, Guid placeId, long version, Func<KnownPlace?, DateTimeOffset, KnownPlace> apply)
        where T : class =>
        session.ApplyOnceAsync(context, nameof(KnownPlacesConsumer), placeId, version, clock, apply);
}

/// <summary>In published order, one at a time: see <see cref="InOrderConsumerDefinition{TConsumer}"/>.</summary>
public sealed class KnownPlacesConsumerDefinition : InOrderConsumerDefinition<KnownPlacesConsumer>;
