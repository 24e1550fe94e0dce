namespace SocialTech.Actors.Contracts;

/// <summary>A territory of any level, read in a given COG vintage.</summary>
/// <param name="Level"><c>commune</c>, <c>epci</c>, <c>departement</c> or <c>region</c>.</param>
/// <param name="Code">INSEE code (commune, département, région) or SIREN (EPCI).</param>
/// <param name="Vintage">The referential's vintage (year) the code is read in.</param>
public sealed record TerritoryReference(string Level, string Code, int Vintage);
