namespace SocialTech.IncubatorNetworks;

/// <summary>Names this assembly for <c>WebApplicationFactory</c>: every service's top-level <c>Program</c> is called the same.</summary>
public sealed class IncubatorNetworksApiEntryPoint;
