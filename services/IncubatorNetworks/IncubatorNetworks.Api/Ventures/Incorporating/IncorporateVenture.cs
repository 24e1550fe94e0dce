using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Identifiers;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Activity;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.Ventures.Incorporating;

/// <param name="EventId">The network's id for this message (idempotency).</param>
/// <param name="Siren">The SIREN of the legal entity the venture became: 9 digits, Luhn check digit.</param>
/// <param name="IncorporatedOn">The day it was incorporated.</param>
public sealed record VentureIncorporatedMessage([property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? EventId, [property: MaxLength(TextBounds.Code)] string? Siren, DateOnly? IncorporatedOn) : INetworkMessage;

public static class IncorporateVenture
{
    public const string Kind = "venture-incorporated";

    /// <remarks>A venture is incorporated once: the same SIREN again changes nothing, another one conflicts.</remarks>
    public static Decision Decide(Venture? venture, Network network, VentureIncorporatedMessage message, DateTimeOffset now)
    {
        var siren = message.Siren is null ? null : SireneNumbers.Normalize(message.Siren);
        new Validation()
            .Check(siren is not null, "siren", "is required.")
            .Check(siren is null || SireneNumbers.IsValidSiren(siren), "siren", "must be a SIREN: 9 digits with a valid check digit (Luhn).")
            .Date(message.IncorporatedOn, "incorporatedOn", now)
            .ThrowIfInvalid();
        var known = Venture.Admitted(venture, "incorporate the venture");
        if (known.Siren is { } current && current != siren)
        {
            throw new InvalidTransitionException("incorporate the venture as " + siren, $"the venture is incorporated as SIREN {current}");
        }

        object[] events = known.Siren is null ? [new VentureIncorporated(known.Id, siren!, message.IncorporatedOn!.Value, now)] : [];
        return new Decision(events, $"{known.Name} ({network.Name}) est immatriculé, SIREN {siren}", known.CommuneCode, message.IncorporatedOn!.Value);
    }

    public static Task<PublicationResult> PublishAsync(
        ISessionFactory sessions, Guid networkId, string ventureRef, VentureIncorporatedMessage message, DateTimeOffset now, CancellationToken ct) =>
        VentureMessages.PublishAsync(sessions, networkId, ventureRef, message, Kind,
            (venture, network) => Decide(venture, network, message, now), now, ct);

    public static Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> Handle(
        Guid networkId, string ventureRef, VentureIncorporatedMessage message, ISessionFactory sessions, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        VentureMessages.AnswerAsync(PublishAsync(sessions, networkId, ventureRef, message, clock.GetUtcNow(), ct), response);
}
