using SocialTech.BuildingBlocks.EventStore;
using SocialTech.Funding.Contracts;

namespace SocialTech.Labelling.FundingFacts;

/// <summary>
/// Labelling's own copy of one grant Funding published, so that eligibility ("the applicant received no more than
/// X of public funding last year") is answered from Labelling's database, never by calling Funding.
/// </summary>
/// <param name="Id">The grant's id in Funding.</param>
/// <param name="Funders">The funders with their parts and funder types (public or private is read from the type).</param>
/// <param name="Status"><c>awarded</c> or <c>cancelled</c>; a cancelled grant counts for nothing.</param>
/// <param name="Awarded">The amount awarded, after amendments, in euros.</param>
/// <param name="Disbursed">What was paid so far, in euros; never added to <paramref name="Awarded"/>.</param>
/// <param name="SourceVersion">The grant stream's version this copy reflects; older messages are ignored.</param>
/// <param name="Purpose">What the money is for, to name the grant where eligibility counts it (null in copies made before it was kept).</param>
public sealed record FundingFact(
    Guid Id,
    Guid RecipientActorId,
    IReadOnlyList<GrantFunder> Funders,
    Guid? ProgrammeId,
    string Status,
    DateOnly DecisionDate,
    IReadOnlyList<int> FiscalYears,
    decimal Awarded,
    decimal Disbursed,
    DateOnly? LastPaidOn,
    DateOnly? CancelledOn,
    long SourceVersion,
    DateTimeOffset UpdatedAt,
    string? Purpose = null) : ILocalCopy
{
    public const string AwardedStatus = "awarded";
    public const string CancelledStatus = "cancelled";
}
