using Marten;
using SocialTech.Labelling.Deadlines;
using SocialTech.Labelling.Labels;

namespace SocialTech.Labelling.Applications;

/// <summary>
/// What an application's new events cause beyond its own stream, queued in the same session so that it commits in
/// the same transaction: the label a grant starts (and the renewed label's note), and the deadlines that keep time.
/// </summary>
public static class ApplicationEffects
{
    public static void Queue(IDocumentSession session, LabelApplication before, IReadOnlyList<object> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        var after = events.Aggregate(before, (state, e) => LabelApplication.Fold(state, e)!);
        if (after.SilenceRunsUntil is { } due)
        {
            session.Store(Deadline.For(Deadline.Silence, after.Id, due));
        }
        else if (before.SilenceRunsUntil is not null)
        {
            session.Delete<Deadline>(Deadline.IdOf(Deadline.Silence, after.Id));
        }

        foreach (var granted in events.OfType<ApplicationGranted>())
        {
            session.Events.StartStream<Label>(granted.LabelId, new LabelGranted(
                granted.LabelId, after.Id, after.SchemeId, after.CampaignId, after.Holder, granted.Route, granted.ValidFrom, granted.ValidUntil,
                granted.Conditions, after.RenewsLabelId, granted.RecordedAt));
            session.Store(Deadline.For(Deadline.Expiry, granted.LabelId, Label.ExpiryDueAt(granted.ValidUntil)));
            if (after.RenewsLabelId is { } renewed)
            {
                session.Events.Append(renewed, new LabelRenewed(renewed, granted.LabelId, granted.ValidUntil, granted.RecordedAt));
            }
        }
    }
}
