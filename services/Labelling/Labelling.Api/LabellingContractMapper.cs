using JasperFx.Events;
using Marten;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.Labelling.Applications;
using SocialTech.Labelling.Labels;
using Contracts = SocialTech.Labelling.Contracts;

namespace SocialTech.Labelling;

/// <summary>What Labelling tells the others, built from its committed events: labels, applications' submissions, decisions and withdrawals.</summary>
public sealed class LabellingContractMapper : IContractMapper
{
    public ContractCatalog Contracts { get; } = new ContractCatalog()
        .Add<Contracts.LabelGranted>(typeof(LabelGranted))
        .Add<Contracts.LabelSuspended>(typeof(LabelSuspended))
        .Add<Contracts.LabelReinstated>(typeof(LabelReinstated))
        .Add<Contracts.LabelRevoked>(typeof(LabelRevoked))
        .Add<Contracts.LabelExpired>(typeof(LabelExpired))
        .Add<Contracts.LabelRenewed>(typeof(LabelRenewed))
        .Add<Contracts.LabelApplicationSubmitted>(typeof(ApplicationSubmitted))
        .Add<Contracts.LabelApplicationWithdrawn>(typeof(ApplicationWithdrawn))
        .Add<Contracts.LabelApplicationDecided>(typeof(ApplicationGranted), typeof(ApplicationRejected), typeof(ApplicationDeferred),
            typeof(ApplicationDeclaredInadmissible));

    public async ValueTask<object?> ToContractAsync(IEvent committed, IQuerySession session, CancellationToken cancellationToken) =>
        committed.Data switch
        {
            LabelGranted e => new Contracts.LabelGranted(e.LabelId, committed.Version, e.SchemeId, e.ApplicationId, HolderOf(e.Holder),
                Kebab.Name(e.Route), e.ValidFrom, e.ValidUntil, e.Conditions, e.RenewsLabelId, e.GrantedAt),
            LabelSuspended e => new Contracts.LabelSuspended(e.LabelId, committed.Version, e.Reason, e.SuspendedOn),
            LabelReinstated e => new Contracts.LabelReinstated(e.LabelId, committed.Version, e.ReinstatedOn),
            LabelRevoked e => new Contracts.LabelRevoked(e.LabelId, committed.Version, e.Reason, e.RevokedOn),
            LabelExpired e => new Contracts.LabelExpired(e.LabelId, committed.Version, e.ExpiredOn),
            LabelRenewed e => new Contracts.LabelRenewed(e.LabelId, committed.Version, e.RenewedByLabelId, e.NewValidUntil),
            ApplicationSubmitted e => await WithApplicationAsync(committed, session, a =>
                new Contracts.LabelApplicationSubmitted(e.ApplicationId, committed.Version, a.SchemeId, a.CampaignId, HolderOf(a.Holder), e.SubmittedAt, a.RenewsLabelId), cancellationToken),
            ApplicationWithdrawn e => await WithApplicationAsync(committed, session, a =>
                new Contracts.LabelApplicationWithdrawn(e.ApplicationId, committed.Version, a.SchemeId, HolderOf(a.Holder), a.RenewsLabelId, e.WithdrawnAt), cancellationToken),
            ApplicationGranted e => await DecidedAsync(committed, session, "granted", Kebab.Name(e.Route), e.LabelId, null, e.RecordedAt, cancellationToken),
            ApplicationRejected e => await DecidedAsync(committed, session, "rejected", null, null, e.Reason, e.RecordedAt, cancellationToken),
            ApplicationDeferred e => await DecidedAsync(committed, session, "deferred", null, null, e.Reason, e.RecordedAt, cancellationToken),
            ApplicationDeclaredInadmissible e => await DecidedAsync(committed, session, "inadmissible", null, null, e.Reason, e.DeclaredAt, cancellationToken),
            _ => null,
        };

    public static Contracts.LabelHolderReference HolderOf(LabelHolder holder) =>
        new(Kebab.Name(holder.Kind), holder.Id, holder.Territory, holder.Collective);

    private static Task<Contracts.LabelApplicationDecided> DecidedAsync(
        IEvent committed, IQuerySession session, string decision, string? route, Guid? labelId, string? reason, DateTimeOffset at, CancellationToken ct) =>
        WithApplicationAsync(committed, session, a =>
            new Contracts.LabelApplicationDecided(a.Id, committed.Version, a.SchemeId, a.CampaignId, decision, route, labelId, reason, at), ct);

    /// <summary>
    /// The application as of this event, not as of now: a carry-over after a deferral changes its campaign, and the
    /// deferral's message must still name the campaign that deferred it.
    /// </summary>
    private static async Task<T> WithApplicationAsync<T>(IEvent committed, IQuerySession session, Func<LabelApplication, T> map, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(committed.StreamId, committed.Version, token: ct);
        var state = events.Aggregate((LabelApplication?)null, (s, e) => LabelApplication.Fold(s, e.Data))
            ?? throw new InvalidOperationException($"Stream {committed.StreamId} has no application before version {committed.Version}.");
        return map(state);
    }
}
