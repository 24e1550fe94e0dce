using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Labelling.Contracts;
using SocialTech.Labelling.Deadlines;
using SocialTech.Testing;

namespace SocialTech.Labelling.Tests.Contracts;

/// <summary>
/// Every contract Labelling publishes leaves through its outbox and reaches a consumer's queue on real RabbitMQ (the
/// test class's virtual host), with the fields a consumer needs. The probe is a receive endpoint of its own, bound to
/// each contract's exchange as another service's consumer would be.
/// </summary>
public sealed class PublishedContractsTests(LabellingService labelling) : IClassFixture<LabellingService>
{
    private const string Applications = "/api/labelling/applications";

    private readonly ConcurrentQueue<object> received = new();

    [Fact]
    public async Task EveryLabellingContract_ReachesAConsumer_WithTheExpectedFields()
    {
        var bus = labelling.Host.Services.GetRequiredService<IBus>();
        var probe = bus.ConnectReceiveEndpoint("labelling-contracts-probe", e =>
        {
            e.Handler<LabelApplicationSubmitted>(Keep);
            e.Handler<LabelApplicationDecided>(Keep);
            e.Handler<LabelApplicationWithdrawn>(Keep);
            e.Handler<LabelGranted>(Keep);
            e.Handler<LabelSuspended>(Keep);
            e.Handler<LabelReinstated>(Keep);
            e.Handler<LabelRenewed>(Keep);
            e.Handler<LabelRevoked>(Keep);
            e.Handler<LabelExpired>(Keep);
        });
        await probe.Ready.WaitAsync(Eventually.DefaultTimeout);

        var scheme = await labelling.PublishSchemeAsync("obtention", validity: new { years = 1 });
        var campaign = await labelling.PlanCampaignAsync(scheme);
        var (first, etag, drafted) = await labelling.DraftTerritoryAsync(scheme, campaign);
        var collective = drafted.GetProperty("holder").GetProperty("collective").EnumerateArray().Select(c => c.GetGuid()).ToArray();
        etag = await InstructAsync(first, etag);
        var (_, granted) = await labelling.StepAsync($"{Applications}/{first}/jury-decision",
            new { verdict = "granted", decidedOn = "2026-03-02", conditions = new[] { "rapport annuel" } }, etag);
        var label = granted.GetProperty("labelId").GetGuid();
        var (labelTag, _) = await labelling.StepAsync($"/api/labelling/labels/{label}/suspension", new { reason = "rapport manquant", suspendedOn = "2026-03-02" }, "W/\"1\"");
        await labelling.StepAsync($"/api/labelling/labels/{label}/reinstatement", new { reinstatedOn = "2026-03-03" }, labelTag);

        var (renewal, renewalTag, _) = await labelling.DraftTerritoryAsync(scheme, campaign, renews: label);
        renewalTag = await InstructAsync(renewal, renewalTag);
        var (_, renewed) = await labelling.StepAsync($"{Applications}/{renewal}/jury-decision", new { verdict = "granted", decidedOn = "2026-03-02" }, renewalTag);
        var successor = renewed.GetProperty("labelId").GetGuid();
        await labelling.StepAsync($"/api/labelling/labels/{successor}/revocation", new { reason = "charte rompue", revokedOn = "2026-03-04" }, "W/\"1\"");

        // A second renewal of the same label, submitted then withdrawn: Funding's label white zones read both (ADR 0013).
        var (given, givenTag, _) = await labelling.DraftTerritoryAsync(scheme, campaign, renews: label);
        (givenTag, _) = await labelling.StepAsync($"{Applications}/{given}/submission", null, givenTag);
        await labelling.StepAsync($"{Applications}/{given}/withdrawal", new { reason = "collectif dissous" }, givenTag);

        var (refused, refusedTag, _) = await labelling.DraftTerritoryAsync(scheme, campaign);
        (refusedTag, _) = await labelling.StepAsync($"{Applications}/{refused}/submission", null, refusedTag);
        await labelling.StepAsync($"{Applications}/{refused}/admissibility", new { admissible = false, reason = "hors champ" }, refusedTag);
        var (rejected, rejectedTag, _) = await labelling.DraftTerritoryAsync(scheme, campaign);
        rejectedTag = await InstructAsync(rejected, rejectedTag);
        await labelling.StepAsync($"{Applications}/{rejected}/jury-decision", new { verdict = "rejected", decidedOn = "2026-03-02", reason = "projet fragile" }, rejectedTag);

        // The first label ends after 2027-03-01 with nobody acting: the deadline watcher records the expiry.
        labelling.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 2, 0, 0, 0, TimeSpan.Zero));
        await labelling.Host.Services.GetRequiredService<DeadlineWatcher>().PollOnceAsync();

        var submitted = await ReceivedAsync<LabelApplicationSubmitted>(m => m.ApplicationId == first);
        var decided = await ReceivedAsync<LabelApplicationDecided>(m => m.ApplicationId == first);
        var grant = await ReceivedAsync<LabelGranted>(m => m.LabelId == label);
        var suspended = await ReceivedAsync<LabelSuspended>(m => m.LabelId == label);
        var reinstated = await ReceivedAsync<LabelReinstated>(m => m.LabelId == label);
        var successorGrant = await ReceivedAsync<LabelGranted>(m => m.LabelId == successor);
        var renewedNote = await ReceivedAsync<LabelRenewed>(m => m.LabelId == label);
        var revoked = await ReceivedAsync<LabelRevoked>(m => m.LabelId == successor);
        var inadmissible = await ReceivedAsync<LabelApplicationDecided>(m => m.ApplicationId == refused);
        var rejection = await ReceivedAsync<LabelApplicationDecided>(m => m.ApplicationId == rejected);
        var expired = await ReceivedAsync<LabelExpired>(m => m.LabelId == label);
        var renewalSubmitted = await ReceivedAsync<LabelApplicationSubmitted>(m => m.ApplicationId == renewal);
        var givenSubmitted = await ReceivedAsync<LabelApplicationSubmitted>(m => m.ApplicationId == given);
        var withdrawn = await ReceivedAsync<LabelApplicationWithdrawn>(m => m.ApplicationId == given);
        await probe.StopAsync();

        Assert.Equal((2L, scheme, (Guid?)campaign), (submitted.Version, submitted.SchemeId, submitted.CampaignId));
        Assert.Equal(("territorial-collective", (Guid?)null, "departement:24"), (submitted.Holder.Kind, submitted.Holder.Id, submitted.Holder.Territory));
        Assert.Equal(collective, submitted.Holder.Collective);
        Assert.Null(submitted.RenewsLabelId);
        Assert.Equal((Guid?)label, renewalSubmitted.RenewsLabelId);
        Assert.Equal(((Guid?)label, 2L), (givenSubmitted.RenewsLabelId, givenSubmitted.Version));
        Assert.Equal((3L, scheme, (Guid?)label, "departement:24"), (withdrawn.Version, withdrawn.SchemeId, withdrawn.RenewsLabelId, withdrawn.Holder.Territory));
        Assert.True(withdrawn.WithdrawnAt > DateTimeOffset.MinValue);
        Assert.Equal(("granted", "jury", (Guid?)label, (string?)null, (Guid?)campaign), (decided.Decision, decided.Route, decided.LabelId, decided.Reason, decided.CampaignId));
        Assert.Equal((1L, scheme, first, "jury"), (grant.Version, grant.SchemeId, grant.ApplicationId, grant.Route));
        Assert.Equal((new DateOnly(2026, 3, 2), new DateOnly(2027, 3, 1)), (grant.ValidFrom, grant.ValidUntil));
        Assert.Equal(["rapport annuel"], grant.Conditions);
        Assert.Equal("departement:24", grant.Holder.Territory);
        Assert.Null(grant.RenewsLabelId);
        Assert.Equal((2L, "rapport manquant", new DateOnly(2026, 3, 2)), (suspended.Version, suspended.Reason, suspended.SuspendedOn));
        Assert.Equal((3L, new DateOnly(2026, 3, 3)), (reinstated.Version, reinstated.ReinstatedOn));
        Assert.Equal(((Guid?)label, renewal), (successorGrant.RenewsLabelId, successorGrant.ApplicationId));
        Assert.Equal((4L, successor, successorGrant.ValidUntil), (renewedNote.Version, renewedNote.RenewedByLabelId, renewedNote.NewValidUntil));
        Assert.Equal((2L, "charte rompue", new DateOnly(2026, 3, 4)), (revoked.Version, revoked.Reason, revoked.RevokedOn));
        Assert.Equal(("inadmissible", "hors champ", (string?)null, (Guid?)null), (inadmissible.Decision, inadmissible.Reason, inadmissible.Route, inadmissible.LabelId));
        Assert.Equal(("rejected", "projet fragile"), (rejection.Decision, rejection.Reason));
        Assert.Equal((5L, new DateOnly(2027, 3, 2)), (expired.Version, expired.ExpiredOn));
    }

    private Task Keep<T>(ConsumeContext<T> context) where T : class
    {
        received.Enqueue(context.Message);
        return Task.CompletedTask;
    }

    private Task<T> ReceivedAsync<T>(Func<T, bool> match) where T : class =>
        Eventually.GetAsync(() => Task.FromResult(received.OfType<T>().FirstOrDefault(match)), $"a {typeof(T).Name} on the probe's queue");

    private async Task<string> InstructAsync(Guid id, string etag)
    {
        (etag, _) = await labelling.StepAsync($"{Applications}/{id}/submission", null, etag);
        (etag, _) = await labelling.StepAsync($"{Applications}/{id}/admissibility", new { admissible = true }, etag);
        (etag, _) = await labelling.StepAsync($"{Applications}/{id}/instruction", null, etag);
        return etag;
    }
}
