using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Activity;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.Ventures.ReportingIndicators;

/// <param name="EventId">The network's id for this message (idempotency).</param>
/// <param name="Year">The year the indicators describe.</param>
/// <param name="Jobs">Jobs (full-time equivalents, rounded).</param>
/// <param name="RevenueEuros">Revenue over the year, in euros.</param>
/// <param name="Beneficiaries">People the venture served over the year.</param>
public sealed record VentureIndicatorsReportedMessage([property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? EventId, int? Year, int? Jobs, decimal? RevenueEuros, int? Beneficiaries) : INetworkMessage;

public static class ReportVentureIndicators
{
    public const string Kind = "venture-indicators-reported";

    /// <remarks>Alumni keep reporting; a report for a year already reported replaces it.</remarks>
    public static Decision Decide(Venture? venture, Network network, VentureIndicatorsReportedMessage message, DateTimeOffset now)
    {
        new Validation()
            .Check(message.Year is not null, "year", "is required.")
            .Check(message.Year is null || (message.Year >= 2000 && message.Year <= now.UtcDateTime.Year), "year", $"must be between 2000 and {now.UtcDateTime.Year}.")
            .Check(message.Jobs is not null || message.RevenueEuros is not null || message.Beneficiaries is not null, "jobs",
                "give at least one of jobs, revenueEuros and beneficiaries.")
            .Check(message.Jobs is null or >= 0, "jobs", "cannot be negative.")
            .Check(message.RevenueEuros is null or >= 0, "revenueEuros", "cannot be negative.")
            .Check(message.Beneficiaries is null or >= 0, "beneficiaries", "cannot be negative.")
            .ThrowIfInvalid();
        var known = Venture.Admitted(venture, "report indicators");
        return new Decision(
            [new VentureIndicatorsReported(known.Id, message.Year!.Value, message.Jobs, message.RevenueEuros, message.Beneficiaries, now)],
            $"{known.Name} ({network.Name}) publie ses indicateurs {message.Year}", known.CommuneCode, DateOnly.FromDateTime(now.UtcDateTime));
    }

    public static Task<PublicationResult> PublishAsync(
        ISessionFactory sessions, Guid networkId, string ventureRef, VentureIndicatorsReportedMessage message, DateTimeOffset now, CancellationToken ct) =>
        VentureMessages.PublishAsync(sessions, networkId, ventureRef, message, Kind,
            (venture, network) => Decide(venture, network, message, now), now, ct);

    public static Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> Handle(
        Guid networkId, string ventureRef, VentureIndicatorsReportedMessage message, ISessionFactory sessions, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        VentureMessages.AnswerAsync(PublishAsync(sessions, networkId, ventureRef, message, clock.GetUtcNow(), ct), response);
}
