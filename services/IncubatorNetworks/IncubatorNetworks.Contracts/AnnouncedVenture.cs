namespace SocialTech.IncubatorNetworks.Contracts;

/// <summary>A venture as <see cref="CohortAnnounced"/> names it.</summary>
/// <param name="VentureRef">The network's reference for the venture, the one <see cref="VentureAdmitted"/> carries.</param>
/// <param name="Name">The venture's name.</param>
public sealed record AnnouncedVenture(string VentureRef, string Name);
