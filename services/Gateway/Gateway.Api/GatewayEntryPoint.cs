namespace SocialTech.Gateway;

/// <summary>Names this assembly for <c>WebApplicationFactory</c>.</summary>
public sealed class GatewayEntryPoint;
