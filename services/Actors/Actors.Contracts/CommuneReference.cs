namespace SocialTech.Actors.Contracts;

/// <summary>
/// A commune as the INSEE Code officiel géographique named it in a given vintage (year), so that roll-ups to EPCI,
/// département and région stay right after communes merge.
/// </summary>
/// <param name="Code">The INSEE commune code, e.g. <c>69123</c> (Lyon) or <c>2A004</c> (Ajaccio).</param>
/// <param name="Vintage">The COG vintage the code is read in, e.g. <c>2025</c>.</param>
public sealed record CommuneReference(string Code, int Vintage);
