namespace SocialTech.Labelling.Eligibility;

/// <summary>
/// The facts a scheme's criterion may be checked against (<c>criteria[].fact.name</c>), each answered from the copies
/// Labelling keeps of other services' contracts. A territory's facts count what lies in the holder's territory, rolled
/// up through the referential: a département counts every commune of it.
/// </summary>
public static class EligibilityFacts
{
    /// <summary>Active actors of the social and solidarity economy with their head office in the territory (Actors).</summary>
    public const string ActiveEssActors = "active-ess-actors";

    /// <summary>Active actors of kind <c>incubator</c> with their head office in the territory (Actors).</summary>
    public const string Incubators = "incubators";

    /// <summary>Open tiers-lieux (places) in the territory (Actors).</summary>
    public const string TiersLieux = "tiers-lieux";

    /// <summary>Euros of public funders' parts of the grants the applicant (the actor, or the territory's collective)
    /// was awarded, decided last calendar year; cancelled grants count nothing (Funding).</summary>
    public const string PublicFundingLastYear = "public-funding-last-year";

    /// <summary>Ventures incubator networks admitted (supported, incorporated or graduated) operating in the territory (IncubatorNetworks).</summary>
    public const string SupportedVentures = "supported-ventures";

    /// <summary>Incubator networks' hubs in the territory (IncubatorNetworks).</summary>
    public const string NetworkHubs = "network-hubs";

    public static readonly IReadOnlyList<string> All =
        [ActiveEssActors, Incubators, TiersLieux, PublicFundingLastYear, SupportedVentures, NetworkHubs];

    /// <summary>Funder types (Funding's <c>GrantFunder.FunderType</c>) that spend public money.</summary>
    public static readonly IReadOnlySet<string> PublicFunderTypes =
        new HashSet<string>(["state", "region", "departement", "epci", "commune", "eu-fund"], StringComparer.Ordinal);
}
