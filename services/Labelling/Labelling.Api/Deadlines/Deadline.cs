namespace SocialTech.Labelling.Deadlines;

/// <summary>
/// A transition due at a set time without anyone acting, kept as a document written in the same transaction as the
/// event that makes it due, so that it is never lost and never outlives its cause.
/// </summary>
/// <param name="Id"><c>{kind}:{streamId}</c>: one deadline of a kind per stream, so that restarting a delay replaces it.</param>
/// <param name="Kind"><see cref="Silence"/> or <see cref="Expiry"/>.</param>
public sealed record Deadline(string Id, Guid StreamId, string Kind, DateTimeOffset DueAt)
{
    /// <summary>An application is deemed accepted when its scheme's silence delay passes.</summary>
    public const string Silence = "silence";

    /// <summary>A label expires when its validity ends.</summary>
    public const string Expiry = "expiry";

    public static Deadline For(string kind, Guid streamId, DateTimeOffset dueAt) => new($"{kind}:{streamId:N}", streamId, kind, dueAt);

    public static string IdOf(string kind, Guid streamId) => $"{kind}:{streamId:N}";
}
