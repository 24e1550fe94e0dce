using SocialTech.BuildingBlocks.EventStore;
using SocialTech.Labelling.Contracts;

namespace SocialTech.Funding.LabelFacts;

/// <summary>
/// Funding's own copy of a label Labelling published, for the label white zones (docs/adr/0013): who holds it, until
/// when, and whether it was renewed, so that "expiring with no renewal under way" and "lapsed" are answered from
/// Funding's database, never by calling Labelling.
/// </summary>
/// <param name="HolderKind">Kebab-case, as published: <c>territorial-collective</c>, <c>ecosystem</c>, <c>organisation</c>, <c>place</c>, <c>network</c>.</param>
/// <param name="HolderId">The actor, place or network; null for a territory.</param>
/// <param name="HolderTerritory"><c>level:code</c> of a territory holder; null otherwise.</param>
/// <param name="Status"><c>active</c>, <c>suspended</c>, <c>revoked</c> or <c>expired</c>.</param>
/// <param name="RenewedByLabelId">The successor a renewal granted (<c>LabelRenewed</c>).</param>
/// <param name="SourceVersion">The label stream's version this copy reflects; older messages are ignored.</param>
public sealed record KnownLabel(
    Guid Id,
    Guid SchemeId,
    string HolderKind,
    Guid? HolderId,
    string? HolderTerritory,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    string Status,
    Guid? RenewsLabelId,
    Guid? RenewedByLabelId,
    long SourceVersion,
    DateTimeOffset UpdatedAt) : ILocalCopy
{
    public const string Active = "active";
    public const string Suspended = "suspended";
    public const string Revoked = "revoked";
    public const string Expired = "expired";

    public static KnownLabel From(LabelGranted m, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new KnownLabel(m.LabelId, m.SchemeId, m.Holder.Kind, m.Holder.Id, m.Holder.Territory, m.ValidFrom, m.ValidUntil, Active,
            m.RenewsLabelId, null, m.Version, now);
    }

    /// <summary>Whether <paramref name="other"/> names the same holder: the same territory, or the same actor, place or network.</summary>
    public bool SameHolder(string? kind, Guid? id, string? territory) =>
        kind == HolderKind && (HolderTerritory is not null ? territory == HolderTerritory : id is not null && id == HolderId);
}

/// <summary>
/// Funding's copy of a label application, kept from its submission to its decision or withdrawal: while it is
/// <see cref="UnderWay"/> it is a renewal under way for its holder's label of the same scheme (docs/adr/0013).
/// Drafts are not published, so an application counts from its submission.
/// </summary>
/// <param name="HolderKind">As on <see cref="KnownLabel"/>; null when Funding learnt of the application by its decision only.</param>
/// <param name="Status"><c>submitted</c>, <c>deferred</c> (waits for the next campaign: still under way), <c>granted</c>,
/// <c>rejected</c>, <c>inadmissible</c> or <c>withdrawn</c>.</param>
public sealed record KnownLabelApplication(
    Guid Id,
    Guid SchemeId,
    string? HolderKind,
    Guid? HolderId,
    string? HolderTerritory,
    Guid? RenewsLabelId,
    string Status,
    long SourceVersion,
    DateTimeOffset UpdatedAt) : ILocalCopy
{
    public const string Submitted = "submitted";
    public const string Deferred = "deferred";
    public const string Withdrawn = "withdrawn";

    /// <summary>Submitted and not finally decided: granted, rejected, inadmissible and withdrawn end it.</summary>
    public bool UnderWay => Status is Submitted or Deferred;

    /// <summary>Whether this application renews <paramref name="label"/>: it names it, or it is its holder's application to the same scheme.</summary>
    public bool Renews(KnownLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return RenewsLabelId == label.Id || (SchemeId == label.SchemeId && label.SameHolder(HolderKind, HolderId, HolderTerritory));
    }
}
