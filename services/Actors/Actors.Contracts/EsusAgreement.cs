namespace SocialTech.Actors.Contracts;

/// <summary>The ESUS agreement (entreprise solidaire d'utilité sociale) and the dates it is valid between.</summary>
public sealed record EsusAgreement(DateOnly ValidFrom, DateOnly ValidUntil);
