using JasperFx.Events;
using Marten;
using MassTransit;
using SocialTech.Actors.Organisations.Registering;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.IncubatorNetworks.Contracts;

namespace SocialTech.Actors.Organisations.LinkingVentures;

/// <summary>A venture an incubator network supports, as the actor that it became knows it.</summary>
public sealed record SupportedVenture(Guid NetworkId, Guid VentureId, string VentureRef, string Name, DateOnly IncorporatedOn);

/// <summary>On the actor's stream: a network told us one of its ventures is this organisation.</summary>
public sealed record VentureLinked(Guid ActorId, SupportedVenture Venture, DateTimeOffset LinkedAt);

public static class LinkVenture
{
    /// <summary>The kind a venture is registered under when its SIREN is new: incubated social ventures are social enterprises.</summary>
    public const string NewActorKind = "social-enterprise";

    /// <summary>Links the venture once: a second message about the same venture changes nothing.</summary>
    public static IReadOnlyList<object> Decide(Organisation actor, VentureIncorporated message, DateTimeOffset now) =>
        actor.Ventures.Any(v => v.VentureId == message.VentureId)
            ? []
            : [new VentureLinked(actor.Id, Of(message), now)];

    /// <summary>
    /// A SIREN the registry does not hold yet: the organisation is registered from what the network said (its name, its
    /// commune as head office), through the same decision as <c>POST /api/actors</c>, and the venture linked at once.
    /// </summary>
    public static IReadOnlyList<object> DecideRegistration(Guid actorId, VentureIncorporated message, IKnownTerritories territories, DateTimeOffset now)
    {
        var request = new RegisterActorRequest(message.Name, [NewActorKind], message.CommuneCode, Siren: message.Siren);
        OrganisationRegistered registered;
        try
        {
            registered = RegisterActor.Decide(actorId, request, territories, now);
        }
        catch (ValidationException e)
        {
            // No retry makes the network's data valid for the registry (no commune, a name too long…): error queue.
            throw new PoisonMessageException($"Venture {message.VentureId} (SIREN {message.Siren}) cannot be registered: {e.Message}", e);
        }

        return [registered, new VentureLinked(actorId, Of(message), now)];
    }

    /// <summary>The id of the actor registered for a new SIREN: the same SIREN always gives the same id, so two
    /// deliveries racing to register it collide on the stream instead of creating two actors.</summary>
    public static Guid ActorIdFor(string siren) => RegisterActor.IdFromKey($"venture-siren:{siren}");

    private static SupportedVenture Of(VentureIncorporated m) => new(m.NetworkId, m.VentureId, m.VentureRef, m.Name, m.IncorporatedOn);
}

/// <summary>
/// Consumes IncubatorNetworks' <see cref="VentureIncorporated"/>: links the venture to the actor holding its SIREN,
/// registering the actor when the SIREN is new. Idempotent on the message id (<see cref="ProcessedMessage"/>) and on
/// the venture (a link is made once), in one transaction with its effect.
/// </summary>
public sealed class VentureIncorporatedConsumer(IDocumentSession session, IKnownTerritories territories, TimeProvider clock)
    : IConsumer<VentureIncorporated>
{
    public async Task Consume(ConsumeContext<VentureIncorporated> context)
    {
        var message = context.Message;
        var ct = context.CancellationToken;
        var now = clock.GetUtcNow();
        if (!await session.TryMarkProcessedAsync(context, nameof(VentureIncorporatedConsumer), now))
        {
            return;
        }

        // The contract says a SIREN is always there; a message without one can never be applied, so no retry.
        if (string.IsNullOrWhiteSpace(message.Siren))
        {
            throw new PoisonMessageException($"Venture {message.VentureId} was incorporated without a SIREN.");
        }

        var siren = Identifiers.Normalize(message.Siren);
        var key = IdentifierClaim.KeyOf(IdentifierKind.Siren, siren);
        if (await session.LoadAsync<IdentifierClaim>(key, ct) is { } claim)
        {
            var stream = await session.Events.FetchForWriting<Organisation>(claim.ActorId, ct);
            var actor = stream.Aggregate ?? throw new InvalidOperationException($"{key} is claimed by {claim.ActorId}, which has no stream.");
            if (actor.MergedInto is { } survivor)
            {
                // A merged duplicate's claims stay with it; the venture belongs with the organisation that absorbed it.
                stream = await session.Events.FetchForWriting<Organisation>(survivor, ct);
                actor = stream.Aggregate!;
            }

            stream.AppendMany(LinkVenture.Decide(actor, message, now));
        }
        else
        {
            var actorId = LinkVenture.ActorIdFor(siren);
            var events = LinkVenture.DecideRegistration(actorId, message with { Siren = siren }, territories, now);
            session.Insert(new IdentifierClaim(key, actorId));
            session.Events.StartStream<Organisation>(actorId, events.ToArray());
        }

        // A race with a registration of the same SIREN fails here on the claim's key; the retry finds the claim.
        await session.SaveChangesAsync(ct);
    }
}
