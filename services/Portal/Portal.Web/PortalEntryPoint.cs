namespace SocialTech.Portal;

/// <summary>A type of the portal's assembly, for the browser tests' WebApplicationFactory.</summary>
public sealed class PortalEntryPoint;
