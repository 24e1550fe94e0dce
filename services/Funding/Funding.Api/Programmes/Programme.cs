using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Funding.Programmes;

/// <summary>The forms of support a programme gives. Travel kebab-case: <c>recoverable-advance</c>.</summary>
public enum AidType
{
    Grant,
    Loan,
    RecoverableAdvance,
    EngineeringSupport,
}

public enum ProgrammeStatus
{
    Published,
    Retired,
}

/// <summary>Everything a funder publishes about a programme; publishing and amending both carry the whole of it.</summary>
/// <param name="Funders">Directory actors that fund it (at least one).</param>
/// <param name="InstructingBodies">Directory actors that instruct applications (often the funder itself, or an agency).</param>
/// <param name="Themes">Free themes, lower case (<c>insertion</c>, <c>alimentation</c>…).</param>
/// <param name="BeneficiaryKinds">Actor kinds that may apply, kebab-case as the directory holds them.</param>
/// <param name="EligibleTerritories"><c>level:code</c> keys where beneficiaries must be; not the funder's own territory.</param>
/// <param name="ClosesOn">Last day applications are taken; null for a programme open until further notice.</param>
/// <param name="BudgetEnvelope">The envelope in euros, when the funder announces one.</param>
public sealed record ProgrammeTerms(
    string Name,
    IReadOnlyList<Guid> Funders,
    IReadOnlyList<Guid> InstructingBodies,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> BeneficiaryKinds,
    IReadOnlyList<AidType> AidTypes,
    IReadOnlyList<string> EligibleTerritories,
    DateOnly OpensOn,
    DateOnly? ClosesOn,
    bool CallForProjects,
    decimal? BudgetEnvelope);

public sealed record ProgrammePublished(Guid ProgrammeId, ProgrammeTerms Terms, DateTimeOffset PublishedAt);

public sealed record ProgrammeAmended(Guid ProgrammeId, ProgrammeTerms Terms, DateTimeOffset AmendedAt);

public sealed record ProgrammeRetired(Guid ProgrammeId, DateOnly RetiredOn, string Reason, DateTimeOffset RecordedAt);

/// <summary>A programme's state, folded from its events by <see cref="Fold"/>.</summary>
public sealed record Programme(
    Guid Id,
    ProgrammeTerms Terms,
    ProgrammeStatus Status,
    DateOnly? RetiredOn,
    string? RetirementReason,
    DateTimeOffset PublishedAt)
{
    public long Version { get; init; }

    /// <summary>
    /// Every event appended to a programme's stream: its inline projections are offered these only. Each one, even one
    /// Fold ignored, must reach them, since the documents' version is the ETag that If-Match compares to the stream's.
    /// </summary>
    public static readonly IReadOnlyList<Type> EventTypes = [typeof(ProgrammePublished), typeof(ProgrammeAmended), typeof(ProgrammeRetired)];

    public static Programme? Fold(Programme? state, object @event) => (state, @event) switch
    {
        (null, ProgrammePublished e) => new Programme(e.ProgrammeId, e.Terms, ProgrammeStatus.Published, null, null, e.PublishedAt),
        (null, _) => null,
        (_, ProgrammeAmended e) => state with { Terms = e.Terms },
        (_, ProgrammeRetired e) => state with { Status = ProgrammeStatus.Retired, RetiredOn = e.RetiredOn, RetirementReason = e.Reason },
        _ => state,
    };

    /// <summary>A retired programme is history: it can be read, not changed.</summary>
    public void EnsurePublished(string action)
    {
        if (Status != ProgrammeStatus.Published)
        {
            throw new InvalidTransitionException(action, $"the programme is {Kebab.Name(Status)}");
        }
    }
}
