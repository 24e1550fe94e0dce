using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Activity;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.Ventures.RaisingFunding;

/// <param name="EventId">The network's id for this message (idempotency).</param>
/// <param name="AmountEuros">The amount raised, in euros.</param>
/// <param name="Kind"><c>grant</c>, <c>honour-loan</c>, <c>bank-loan</c>, <c>equity</c>, <c>crowdfunding</c> or <c>other</c>.</param>
/// <param name="Funder">Who funded it, in words.</param>
/// <param name="RaisedOn">The day it was raised.</param>
public sealed record VentureFundingRaisedMessage([property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? EventId, decimal? AmountEuros, [property: MaxLength(TextBounds.Code)] string? Kind, [property: MaxLength(TextBounds.Name)] string? Funder, DateOnly? RaisedOn) : INetworkMessage;

public static class RaiseVentureFunding
{
    public const string Kind = "venture-funding-raised";

    /// <remarks>Alumni still raise funds: only an abandoned venture cannot.</remarks>
    public static Decision Decide(Venture? venture, Network network, VentureFundingRaisedMessage message, DateTimeOffset now)
    {
        var validation = new Validation()
            .Check(message.AmountEuros is > 0, "amountEuros", "must be more than 0.")
            .Check(message.Funder is null || message.Funder.Length <= TextBounds.Name, "funder", $"must be at most {TextBounds.Name} characters.");
        var kind = validation.Kind<FundingKind>(message.Kind, "kind");
        validation.Date(message.RaisedOn, "raisedOn", now).ThrowIfInvalid();
        var known = Venture.Admitted(venture, "record funding");
        if (known.Status == VentureStatus.Abandoned)
        {
            throw new InvalidTransitionException("record funding", $"the venture is abandoned since {known.EndedOn:yyyy-MM-dd}");
        }

        return new Decision([new VentureFundingRaised(known.Id, message.AmountEuros!.Value, kind, message.Funder?.Trim(), message.RaisedOn!.Value, now)],
            $"{known.Name} ({network.Name}) lève {FrenchWording.Euros(message.AmountEuros!.Value)} ({FrenchWording.Of(kind)})", known.CommuneCode, message.RaisedOn!.Value);
    }

    public static Task<PublicationResult> PublishAsync(
        ISessionFactory sessions, Guid networkId, string ventureRef, VentureFundingRaisedMessage message, DateTimeOffset now, CancellationToken ct) =>
        VentureMessages.PublishAsync(sessions, networkId, ventureRef, message, Kind,
            (venture, network) => Decide(venture, network, message, now), now, ct);

    public static Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> Handle(
        Guid networkId, string ventureRef, VentureFundingRaisedMessage message, ISessionFactory sessions, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        VentureMessages.AnswerAsync(PublishAsync(sessions, networkId, ventureRef, message, clock.GetUtcNow(), ct), response);
}
