using Marten;
using MassTransit;
using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.Funding.Relays;

/// <summary>Keeps Funding's relay offers (<see cref="KnownRelay"/>) in step with Actors' relay contracts.</summary>
/// <remarks>
/// One consumer, hence one queue (<c>funding-known-relays</c>), for all of an offer's contracts, in the order Actors
/// published them. Idempotent through <see cref="LocalCopies.ApplyOnceAsync"/>: a redelivery has no effect, and an older
/// version never overwrites a newer one. Each contract carries the whole offer (a withdrawal carries the ids), so none
/// needs the copy to exist already: a withdrawal seen first leaves a withdrawn record that an older declaration loses to.
/// </remarks>
public sealed class KnownRelaysConsumer(IDocumentSession session, TimeProvider clock) :
    IConsumer<RelayOfferDeclared>,
    IConsumer<RelayOfferChanged>,
    IConsumer<RelayOfferWithdrawn>
{
    public Task Consume(ConsumeContext<RelayOfferDeclared> context)
    {
        var m = context.Message;
        Check(m, m.ActorId, m.OfferId, m.Version).Items(m.Supports, "Supports").Items(m.ForKinds, "ForKinds").Present(m.Mailbox, "Mailbox")
            .That(AllKnown(m.Territories), "Territories", "is missing or holds a territory without level or code").ThrowIfPoison();
        return ApplyAsync(context, m.OfferId, m.Version, (_, now) =>
            KnownRelay.Of(m.OfferId, m.ActorId, m.Supports, m.ForKinds, m.Territories, m.Mailbox, m.IncludesPlaces, m.Version, now, m.IncludesHubs));
    }

    public Task Consume(ConsumeContext<RelayOfferChanged> context)
    {
        var m = context.Message;
        Check(m, m.ActorId, m.OfferId, m.Version).Items(m.Supports, "Supports").Items(m.ForKinds, "ForKinds").Present(m.Mailbox, "Mailbox")
            .That(AllKnown(m.Territories), "Territories", "is missing or holds a territory without level or code").ThrowIfPoison();
        return ApplyAsync(context, m.OfferId, m.Version, (_, now) =>
            KnownRelay.Of(m.OfferId, m.ActorId, m.Supports, m.ForKinds, m.Territories, m.Mailbox, m.IncludesPlaces, m.Version, now, m.IncludesHubs));
    }

    public Task Consume(ConsumeContext<RelayOfferWithdrawn> context)
    {
        var m = context.Message;
        Check(m, m.ActorId, m.OfferId, m.Version).ThrowIfPoison();
        return ApplyAsync(context, m.OfferId, m.Version, (known, now) =>
            (known ?? KnownRelay.Of(m.OfferId, m.ActorId, [], [], [], "", false, m.Version, now)) with
            {
                Status = KnownRelay.Withdrawn,
                SourceVersion = m.Version,
                UpdatedAt = now,
            });
    }

    /// <summary>
    /// What Actors never leaves empty. A declaration copied without its kinds made every maze question of its territory
    /// a 500; one without territories failed on a null after five retries: both now go to the error queue at once.
    /// </summary>
    private static ContractChecks Check(object message, Guid actorId, Guid offerId, long version) =>
        new ContractChecks(message).Id(actorId, "ActorId").Id(offerId, "OfferId").Version(version);

    private static bool AllKnown(IReadOnlyList<TerritoryReference?>? territories) =>
        territories is not null && territories.All(t => t is not null && !string.IsNullOrWhiteSpace(t.Level) && !string.IsNullOrWhiteSpace(t.Code));

    private Task ApplyAsync<T>(ConsumeContext<T> context, Guid offerId, long version, Func<KnownRelay?, DateTimeOffset, KnownRelay> apply)
        where T : class =>
        session.ApplyOnceAsync(context, nameof(KnownRelaysConsumer), offerId, version, clock, apply);
}

/// <summary>In published order, one at a time: see <see cref="InOrderConsumerDefinition{TConsumer}"/>.</summary>
public sealed class KnownRelaysConsumerDefinition : InOrderConsumerDefinition<KnownRelaysConsumer>;
