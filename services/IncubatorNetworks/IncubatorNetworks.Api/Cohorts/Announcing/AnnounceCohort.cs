using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Activity;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Networks;
using SocialTech.IncubatorNetworks.Programmes;

namespace SocialTech.IncubatorNetworks.Cohorts.Announcing;

/// <param name="VentureRef">The network's reference for the venture, the one its venture messages use.</param>
public sealed record CohortVentureFields([property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? VentureRef, [property: StringLength(TextBounds.Name, MinimumLength = 1)] string? Name);

/// <param name="EventId">The network's id for this message (idempotency).</param>
/// <param name="CohortRef">The network's own reference for the cohort.</param>
/// <param name="ProgrammeRef">The programme the cohort belongs to.</param>
/// <param name="Name">e.g. <c>Promotion printemps 2026</c>.</param>
/// <param name="StartsOn">The day the cohort starts.</param>
/// <param name="Ventures">The ventures selected (at least one).</param>
public sealed record CohortAnnouncedMessage(
    [property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? EventId, [property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? CohortRef, [property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? ProgrammeRef, [property: StringLength(TextBounds.Name, MinimumLength = 1)] string? Name, DateOnly? StartsOn, IReadOnlyList<CohortVentureFields>? Ventures) : INetworkMessage;

public static class AnnounceCohort
{
    public const string Kind = "cohort-announced";
    public const int MaxVentures = 200;

    public static Decision Decide(Cohort? cohort, Network network, CohortAnnouncedMessage message, Programme? programme, DateTimeOffset now)
    {
        var validation = new Validation().Required(message.Name, "name", TextBounds.Name).Known(message.ProgrammeRef, programme)
            .Date(message.StartsOn, "startsOn", now, pastOnly: false)
            .Check(message.Ventures is { Count: > 0 and <= MaxVentures }, "ventures", $"name 1 to {MaxVentures} ventures.");
        var ventures = (message.Ventures ?? []).Select((v, i) =>
        {
            validation.Reference(v.VentureRef, $"ventures[{i}].ventureRef").Required(v.Name, $"ventures[{i}].name", TextBounds.Name);
            return new CohortVenture(v.VentureRef ?? "", v.Name?.Trim() ?? "");
        }).ToArray();
        validation.Check(ventures.Select(v => v.VentureRef).Distinct().Count() == ventures.Length, "ventures", "names a venture twice.");
        validation.ThrowIfInvalid();
        if (cohort is not null)
        {
            throw new InvalidTransitionException("announce the cohort again", $"the cohort {cohort.Ref} was announced, starting on {cohort.StartsOn:yyyy-MM-dd}");
        }

        var streamId = Subjects.StreamId(Subjects.Cohorts, network.Id, message.CohortRef!);
        var name = message.Name!.Trim();
        return new Decision([new CohortAnnounced(streamId, network.Id, message.CohortRef!, message.ProgrammeRef!, name, message.StartsOn!.Value, ventures, now)],
            $"{network.Name} annonce la promotion {name} : {FrenchWording.Count(ventures.Length, "projet", "projets")} dans le programme {programme!.Name}", null, message.StartsOn!.Value);
    }

    public static async Task<PublicationResult> PublishAsync(
        ISessionFactory sessions, Guid networkId, CohortAnnouncedMessage message, DateTimeOffset now, CancellationToken ct)
    {
        Programme? programme;
        await using (var query = sessions.QuerySession())
        {
            programme = await ProgrammeReferences.FindAsync(query, networkId, message.ProgrammeRef, ct);
        }

        return await ActivityPublisher.PublishAsync<Cohort>(sessions, networkId, message, Kind, Subjects.Cohorts, message.CohortRef ?? "",
            (cohort, network) => Decide(cohort, network, message, programme, now), now, ct);
    }

    public static async Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> Handle(
        Guid networkId, CohortAnnouncedMessage message, ISessionFactory sessions, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        ActivityPublisher.Answer(await PublishAsync(sessions, networkId, message, clock.GetUtcNow(), ct), response);
}
