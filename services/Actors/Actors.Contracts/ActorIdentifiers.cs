namespace SocialTech.Actors.Contracts;

/// <summary>An actor's official identifiers; any may be missing (an association may have only an RNA number).</summary>
/// <param name="Siren">SIREN, 9 digits.</param>
/// <param name="Siret">SIRET of the head office, 14 digits.</param>
/// <param name="Rna">RNA number of an association, <c>W</c> followed by 9 characters.</param>
public sealed record ActorIdentifiers(string? Siren, string? Siret, string? Rna);
