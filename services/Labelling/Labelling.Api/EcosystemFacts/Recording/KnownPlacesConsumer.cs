using Marten;
using MassTransit;
using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.Labelling.EcosystemFacts.Recording;

/// <summary>Keeps Labelling's known places in step with the Actors service's place contracts.</summary>
/// <remarks>
/// One consumer, hence one queue, for all of a place's contracts: they arrive in the order Actors published them.
/// Idempotent twice over: the processed-message record (same transaction) makes a redelivery a no-op, and the
/// source version makes a late, older copy of the place lose against a newer one.
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
        return ApplyAsync(context, m.PlaceId, m.Version, (known, now) => Known(known, context) with
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
        ApplyAsync(context, context.Message.PlaceId, context.Message.Version, (known, now) => Known(known, context) with
        {
            Status = KnownPlace.Closed,
            ClosedOn = context.Message.ClosedOn,
            SourceVersion = context.Message.Version,
            UpdatedAt = now,
        });

    private async Task ApplyAsync<T>(ConsumeContext<T> context, Guid placeId, long version, Func<KnownPlace?, DateTimeOffset, KnownPlace> apply)
        where T : class
    {
        var now = clock.GetUtcNow();
        if (!await session.TryMarkProcessedAsync(context, nameof(KnownPlacesConsumer), now))
        {
            return;
        }

        var existing = await session.LoadAsync<KnownPlace>(placeId, context.CancellationToken);
        if (existing is null || existing.SourceVersion < version)
        {
            session.Store(apply(existing, now));
        }

        await session.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>
    /// A change to a place Labelling has not seen opened yet came out of order (a redelivery overtook it): fail this
    /// delivery so that the retry policy tries again once the opening has arrived.
    /// </summary>
    private static KnownPlace Known<T>(KnownPlace? known, ConsumeContext<T> context) where T : class =>
        known ?? throw new InvalidOperationException($"{typeof(T).Name} for a place Labelling does not know yet (message {context.MessageId}).");
}
