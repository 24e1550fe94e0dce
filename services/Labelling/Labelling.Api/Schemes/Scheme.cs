using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Labelling.Schemes;

/// <summary>What a scheme labels. Travel kebab-case: <c>territorial-collective</c>.</summary>
public enum LabelledKind
{
    /// <summary>A territory together with the collective of actors that carries the application.</summary>
    TerritorialCollective,
    Ecosystem,
    Organisation,
    Place,
    Network,
}

/// <summary>How a label is obtained.</summary>
public enum SchemeMode
{
    /// <summary>Sign the charter and use the brand at once; lose it if the charter is broken.</summary>
    OpenBrand,

    /// <summary>Admissibility, instruction and a jury's decision, within a campaign.</summary>
    Obtention,
}

public enum ValidityKind
{
    /// <summary>Every label of the scheme is valid over the same period (e.g. 2023–2025).</summary>
    FixedPeriod,

    /// <summary>Valid for a number of years from the day it is granted.</summary>
    YearsFromGrant,
}

public enum SchemeStatus
{
    Published,
    Retired,
}

/// <summary>A fact other services publish that a criterion is checked against (see <c>GET …/applications/{id}/eligibility</c>).</summary>
/// <param name="Name">One of <see cref="Eligibility.EligibilityFacts.All"/>, e.g. <c>active-ess-actors</c>, <c>public-funding-last-year</c>.</param>
public sealed record CriterionFact(string Name, decimal? AtLeast, decimal? AtMost);

/// <param name="Evidence">What the applicant must provide to show it; null when the criterion needs no evidence.</param>
public sealed record Criterion(string Code, string Wording, string? Evidence, CriterionFact? Fact);

/// <summary>How long a label lasts. Renewal is never automatic: a holder renews through a new application.</summary>
public sealed record Validity(ValidityKind Kind, DateOnly? From, DateOnly? Until, int? Years)
{
    /// <summary>The period of a label granted on <paramref name="grantedOn"/>.</summary>
    public (DateOnly From, DateOnly Until) For(DateOnly grantedOn) => Kind switch
    {
        ValidityKind.FixedPeriod => (grantedOn > From!.Value ? grantedOn : From.Value, Until!.Value),
        _ => (grantedOn, grantedOn.AddYears(Years!.Value).AddDays(-1)),
    };
}

/// <summary>Everything a label owner publishes about a scheme; publishing and amending both carry the whole of it.</summary>
/// <param name="OwnerId">The actor (registry id) that owns the label.</param>
/// <param name="Charter">The charter's text or address; required for open-brand schemes.</param>
/// <param name="SilenceMeansAcceptanceDays">When set, an application with no answer that many days after it was
/// submitted (or completed) is granted without anyone acting.</param>
public sealed record SchemeTerms(
    string Name,
    string? Description,
    Guid OwnerId,
    LabelledKind Labels,
    SchemeMode Mode,
    string? Charter,
    IReadOnlyList<Criterion> Criteria,
    Validity Validity,
    int? SilenceMeansAcceptanceDays);

public sealed record SchemePublished(Guid SchemeId, SchemeTerms Terms, DateTimeOffset PublishedAt);

public sealed record SchemeAmended(Guid SchemeId, SchemeTerms Terms, DateTimeOffset AmendedAt);

public sealed record SchemeRetired(Guid SchemeId, DateOnly RetiredOn, string Reason, DateTimeOffset RecordedAt);

/// <summary>A scheme's state, folded from its events by <see cref="Fold"/>; also its public record.</summary>
public sealed record Scheme(
    Guid Id,
    SchemeTerms Terms,
    SchemeStatus Status,
    DateOnly? RetiredOn,
    string? RetirementReason,
    DateTimeOffset PublishedAt)
{
    public long Version { get; init; }

    /// <summary>The events <see cref="Fold"/> handles: its inline projection is offered only these (keep both in step).</summary>
    public static readonly IReadOnlyList<Type> EventTypes = [typeof(SchemePublished), typeof(SchemeAmended), typeof(SchemeRetired)];

    public static Scheme? Fold(Scheme? state, object @event) => (state, @event) switch
    {
        (null, SchemePublished e) => new Scheme(e.SchemeId, e.Terms, SchemeStatus.Published, null, null, e.PublishedAt),
        (null, _) => null,
        (_, SchemeAmended e) => state with { Terms = e.Terms },
        (_, SchemeRetired e) => state with { Status = SchemeStatus.Retired, RetiredOn = e.RetiredOn, RetirementReason = e.Reason },
        _ => state,
    };

    /// <summary>A retired scheme is history: it can be read, not changed, and takes no new application or campaign.</summary>
    public void EnsurePublished(string action)
    {
        if (Status != SchemeStatus.Published)
        {
            throw new InvalidTransitionException(action, $"the scheme is {Kebab.Name(Status)}");
        }
    }
}
