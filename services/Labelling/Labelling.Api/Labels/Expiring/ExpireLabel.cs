namespace SocialTech.Labelling.Labels.Expiring;

public static class ExpireLabel
{
    /// <summary>
    /// Ends a label whose validity has run out. Time-driven, so it refuses nothing: a revoked or already expired
    /// label, or one still valid, gets no event.
    /// </summary>
    public static IReadOnlyList<object> Decide(Label label, DateTimeOffset now) =>
        label.Status is LabelStatus.Active or LabelStatus.Suspended && Label.ExpiryDueAt(label.ValidUntil) <= now
            ? [new LabelExpired(label.Id, label.ValidUntil.AddDays(1), now)]
            : [];
}
