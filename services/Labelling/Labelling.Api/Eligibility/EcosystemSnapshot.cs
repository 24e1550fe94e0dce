using SocialTech.Actors.Directory;
using SocialTech.Labelling.EcosystemFacts;
using SocialTech.Labelling.FundingFacts;
using SocialTech.Labelling.NetworkFacts;

namespace SocialTech.Labelling.Eligibility;

/// <summary>
/// What Labelling knows around one application, loaded once so that <see cref="Evaluating.Eligibility.Evaluate"/>
/// stays pure. A null list means the fact cannot be known (no territory for the holder, no applicant actor known):
/// the criteria that need it are then <c>unknown</c>, never <c>not-met</c>.
/// </summary>
/// <param name="Territory">The holder's territory key, or null when it has none Labelling can tell.</param>
/// <param name="TerritoryName">Its name in the referential.</param>
/// <param name="WhyNoTerritory">Why <paramref name="Territory"/> is null.</param>
/// <param name="Actors">Directory actors whose head office lies in the territory, whatever their status.</param>
/// <param name="Places">Known places in the territory, open or closed.</param>
/// <param name="Ventures">Supported ventures operating in the territory.</param>
/// <param name="Hubs">Incubator networks' hubs in the territory.</param>
/// <param name="Applicants">The applicant actors known to the directory (the actor itself, or the collective).</param>
/// <param name="WhyNoApplicants">Why <paramref name="Applicants"/> is null.</param>
/// <param name="Grants">Grants awarded to the applicants, any year or status.</param>
/// <param name="Today">The day of the evaluation: "last year" is the calendar year before it.</param>
public sealed record EcosystemSnapshot(
    string? Territory,
    string? TerritoryName,
    string? WhyNoTerritory,
    IReadOnlyList<DirectoryActor>? Actors,
    IReadOnlyList<KnownPlace>? Places,
    IReadOnlyList<SupportedVenture>? Ventures,
    IReadOnlyList<NetworkHub>? Hubs,
    IReadOnlyList<DirectoryActor>? Applicants,
    string? WhyNoApplicants,
    IReadOnlyList<FundingFact>? Grants,
    DateOnly Today);
