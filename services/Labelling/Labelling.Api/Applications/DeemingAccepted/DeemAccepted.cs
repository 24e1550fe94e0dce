namespace SocialTech.Labelling.Applications.DeemingAccepted;

public static class DeemAccepted
{
    /// <summary>
    /// Grants an application its scheme's silence delay has run out on. Time-driven, so it refuses nothing: when a
    /// decision came first, or the file became incomplete, or the delay has not run out, it decides nothing. The
    /// grant is dated the day the delay ran out, not the day it was noticed.
    /// </summary>
    public static IReadOnlyList<object> Decide(LabelApplication application, DateTimeOffset now) =>
        application.SilenceRunsUntil is { } due && due <= now && LabelApplication.AwaitingAnswer.Contains(application.Status)
            ? [application.Grant(GrantRoute.Silence, ApplicationUpdating.Today(due), [], now)]
            : [];
}
