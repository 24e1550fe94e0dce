using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Labelling.Applications;

namespace SocialTech.Labelling.Labels;

public enum LabelStatus
{
    Active,
    Suspended,
    Revoked,
    Expired,
}

public sealed record MonitoringReport(string Period, string Summary, DateOnly FiledOn);

/// <summary>One line of a label's public history.</summary>
/// <param name="What">Kebab-case: <c>granted</c>, <c>report-filed</c>, <c>suspended</c>, <c>reinstated</c>, <c>revoked</c>, <c>expired</c>, <c>renewed</c>.</param>
public sealed record LabelHistoryEntry(DateOnly On, string What, string? Detail);

public sealed record LabelGranted(
    Guid LabelId, Guid ApplicationId, Guid SchemeId, Guid? CampaignId, LabelHolder Holder, GrantRoute Route, DateOnly ValidFrom, DateOnly ValidUntil,
    IReadOnlyList<string> Conditions, Guid? RenewsLabelId, DateTimeOffset GrantedAt);

public sealed record MonitoringReportFiled(Guid LabelId, string Period, string Summary, DateOnly FiledOn, DateTimeOffset RecordedAt);

public sealed record LabelSuspended(Guid LabelId, string Reason, DateOnly SuspendedOn, DateTimeOffset RecordedAt);

public sealed record LabelReinstated(Guid LabelId, DateOnly ReinstatedOn, DateTimeOffset RecordedAt);

public sealed record LabelRevoked(Guid LabelId, string Reason, DateOnly RevokedOn, DateTimeOffset RecordedAt);

public sealed record LabelExpired(Guid LabelId, DateOnly ExpiredOn, DateTimeOffset RecordedAt);

/// <summary>On the renewed label's stream: a new application granted its successor.</summary>
public sealed record LabelRenewed(Guid LabelId, Guid RenewedByLabelId, DateOnly NewValidUntil, DateTimeOffset RecordedAt);

/// <summary>A label's state, folded from its events by <see cref="Fold"/>; also its entry in the public register.</summary>
/// <param name="HolderId">The holder's id (actor, place, network), lifted out of <see cref="Holder"/> for the register's queries.</param>
/// <param name="HolderTerritory">The holder's territory key, likewise.</param>
public sealed record Label(
    Guid Id,
    Guid SchemeId,
    Guid ApplicationId,
    LabelHolder Holder,
    Guid? HolderId,
    string? HolderTerritory,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    IReadOnlyList<string> Conditions,
    LabelStatus Status,
    IReadOnlyList<MonitoringReport> Reports,
    string? SuspensionReason,
    DateOnly? RevokedOn,
    string? RevocationReason,
    Guid? RenewsLabelId,
    Guid? RenewedByLabelId,
    IReadOnlyList<LabelHistoryEntry> History,
    DateTimeOffset GrantedAt)
{
    public long Version { get; init; }

    /// <summary>The events <see cref="Fold"/> handles: its inline projection is offered only these (keep both in step).</summary>
    public static readonly IReadOnlyList<Type> EventTypes = [typeof(LabelGranted), typeof(MonitoringReportFiled), typeof(LabelSuspended), typeof(LabelReinstated), typeof(LabelRevoked), typeof(LabelExpired), typeof(LabelRenewed)];

    public static Label? Fold(Label? state, object @event) => (state, @event) switch
    {
        (null, LabelGranted e) => new Label(
            e.LabelId, e.SchemeId, e.ApplicationId, e.Holder, e.Holder.Id, e.Holder.Territory, e.ValidFrom, e.ValidUntil, e.Conditions,
            LabelStatus.Active, [], null, null, null, e.RenewsLabelId, null,
            [new LabelHistoryEntry(DateOnly.FromDateTime(e.GrantedAt.UtcDateTime), "granted", $"{FrenchWording.Of(e.Route)}, valable du {FrenchWording.Date(e.ValidFrom)} au {FrenchWording.Date(e.ValidUntil)}")],
            e.GrantedAt),
        (null, _) => null,
        (_, MonitoringReportFiled e) => state with
        {
            Reports = [.. state.Reports, new MonitoringReport(e.Period, e.Summary, e.FiledOn)],
            History = [.. state.History, new LabelHistoryEntry(e.FiledOn, "report-filed", e.Period)],
        },
        (_, LabelSuspended e) => state with
        {
            Status = LabelStatus.Suspended, SuspensionReason = e.Reason, History = [.. state.History, new LabelHistoryEntry(e.SuspendedOn, "suspended", e.Reason)],
        },
        (_, LabelReinstated e) => state with
        {
            Status = LabelStatus.Active, SuspensionReason = null, History = [.. state.History, new LabelHistoryEntry(e.ReinstatedOn, "reinstated", null)],
        },
        (_, LabelRevoked e) => state with
        {
            Status = LabelStatus.Revoked, RevokedOn = e.RevokedOn, RevocationReason = e.Reason,
            History = [.. state.History, new LabelHistoryEntry(e.RevokedOn, "revoked", e.Reason)],
        },
        (_, LabelExpired e) => state with { Status = LabelStatus.Expired, History = [.. state.History, new LabelHistoryEntry(e.ExpiredOn, "expired", null)] },
        (_, LabelRenewed e) => state with
        {
            RenewedByLabelId = e.RenewedByLabelId,
            History = [.. state.History, new LabelHistoryEntry(DateOnly.FromDateTime(e.RecordedAt.UtcDateTime), "renewed", $"jusqu'au {FrenchWording.Date(e.NewValidUntil)}")],
        },
        _ => state,
    };

    /// <summary>
    /// A label expires at the start of the day after its last valid day. Days are taken in UTC, as every date the
    /// platform records; a label owner who wants Paris midnight sets the validity one day longer.
    /// </summary>
    public static DateTimeOffset ExpiryDueAt(DateOnly validUntil) => new(validUntil.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    public void EnsureIn(string action, params LabelStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new InvalidTransitionException(action, $"the label is {Kebab.Name(Status)}");
        }
    }
}
