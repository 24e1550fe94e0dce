using Marten;

namespace SocialTech.Labelling.Applications;

public static class Laureates
{
    /// <summary>Labels granted in a campaign so far, whichever way (jury or silence).</summary>
    public static Task<int> CountAsync(IQuerySession session, Guid campaignId, CancellationToken ct) =>
        session.Query<LabelApplication>().CountAsync(a => a.CampaignId == campaignId && a.Status == ApplicationStatus.Granted, ct);
}
