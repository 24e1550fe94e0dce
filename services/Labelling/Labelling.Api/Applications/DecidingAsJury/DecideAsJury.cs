using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Labelling.Campaigns;
using SocialTech.Labelling.Schemes;

namespace SocialTech.Labelling.Applications.DecidingAsJury;

public enum JuryVerdict
{
    Granted,
    Rejected,
    Deferred,
}

/// <param name="Verdict"><c>granted</c>, <c>rejected</c> or <c>deferred</c> (to the next campaign).</param>
/// <param name="DecidedOn">The day the jury sat.</param>
/// <param name="Reason">Why; required for a rejection or a deferral.</param>
/// <param name="Conditions">Conditions attached to a granted label.</param>
public sealed record JuryDecisionRequest([property: MaxLength(TextBounds.Code)] string? Verdict, DateOnly? DecidedOn, [property: MaxLength(TextBounds.Statement)] string? Reason = null, [property: EachMaxLength(TextBounds.Purpose)] IReadOnlyList<string>? Conditions = null);

/// <summary>The campaign's cap and the labels already granted in it.</summary>
public sealed record Quota(int? MaxLaureates, int Laureates);

public static class DecideAsJury
{
    public static IReadOnlyList<object> Decide(LabelApplication application, JuryDecisionRequest request, Quota quota, DateTimeOffset now)
    {
        JuryVerdict verdict = default;
        var conditions = (request.Conditions ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).ToArray();
        new Validation()
            .Check(Kebab.TryParse(request.Verdict, out verdict), "verdict", "must be granted, rejected or deferred.")
            .Check(request.DecidedOn is not null, "decidedOn", "is required.")
            .Check(request.DecidedOn is null || request.DecidedOn <= ApplicationUpdating.Today(now), "decidedOn", "cannot be in the future.")
            .Check(verdict == JuryVerdict.Granted || !string.IsNullOrWhiteSpace(request.Reason), "reason", "is required unless the label is granted.")
            .Check(request.Reason is null || request.Reason.Length <= TextBounds.Statement, "reason", $"must be at most {TextBounds.Statement} characters.")
            .Check(conditions.All(c => c.Length <= TextBounds.Purpose), "conditions", $"each condition is at most {TextBounds.Purpose} characters.")
            .ThrowIfInvalid();
        application.EnsureMode("take a jury decision", SchemeMode.Obtention);
        application.EnsureIn("take a jury decision", ApplicationStatus.UnderInstruction);
        if (application.Hearing is { HeldOn: null } pending)
        {
            throw new InvalidTransitionException("take a jury decision",
                $"the application is under-instruction with a hearing scheduled at {pending.ScheduledAt:u} not yet held");
        }

        var decidedOn = request.DecidedOn!.Value;
        return verdict switch
        {
            JuryVerdict.Granted when quota.MaxLaureates is { } max && quota.Laureates >= max =>
                throw new InvalidTransitionException("grant the label", $"the campaign has its {max} laureates"),
            JuryVerdict.Granted => [application.Grant(GrantRoute.Jury, decidedOn, conditions, now)],
            JuryVerdict.Rejected => [new ApplicationRejected(application.Id, decidedOn, request.Reason!.Trim(), now)],
            _ => [new ApplicationDeferred(application.Id, decidedOn, request.Reason!.Trim(), now)],
        };
    }

    /// <remarks>
    /// The cap is read before the append, not locked: two juries granting the last place at the same instant could
    /// both pass. A jury sits once per campaign, so the window is accepted rather than serialising every grant of a
    /// campaign through its stream.
    /// </remarks>
    public static async Task<Ok<LabelApplication>> Handle(
        Guid id, JuryDecisionRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var current = await session.LoadAsync<LabelApplication>(id, ct);
        var campaign = current?.CampaignId is { } c ? await session.LoadAsync<Campaign>(c, ct) : null;
        var quota = new Quota(campaign?.Terms.MaxLaureates, campaign is null ? 0 : await Laureates.CountAsync(session, campaign.Id, ct));
        return await ApplicationUpdating.ApplyAsync(id, request, session, application => Decide(application, body, quota, clock.GetUtcNow()), ct);
    }
}
