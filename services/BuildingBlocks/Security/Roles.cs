namespace SocialTech.BuildingBlocks.Security;

/// <summary>The roles a token may carry (in the claim named by <c>Auth:RoleClaim</c>, <c>role</c> by default).</summary>
public static class Roles
{
    /// <summary>Reads everything, including the non-public details of grants.</summary>
    public const string PublicAuthority = "public-authority";

    /// <summary>An incubator or tiers-lieux network; carries <see cref="PlatformClaims.NetworkId"/> and writes only its own network's data.</summary>
    public const string Network = "network";

    /// <summary>A funder; carries <see cref="PlatformClaims.FunderId"/> (its actor id) and writes its own programmes and grants.</summary>
    public const string Funder = "funder";

    /// <summary>A label owner; carries <see cref="PlatformClaims.LabelOwnerId"/> (its actor id) and runs its own schemes' campaigns and juries.</summary>
    public const string LabelOwner = "label-owner";

    /// <summary>
    /// An organisation of the registry acting for itself; carries <see cref="PlatformClaims.ActorId"/> and writes only
    /// its own data (today: its relay offer, <c>/api/actors/{actorId}/relay-offer</c>).
    /// </summary>
    public const string Actor = "actor";

    /// <summary>Runs the platform's registries (actors, places, networks).</summary>
    public const string Operator = "operator";

    /// <summary>May do everything.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [PublicAuthority, Network, Funder, LabelOwner, Actor, Operator, Admin];
}

/// <summary>Claims that tie a principal to the data it owns. Each holds a GUID.</summary>
public static class PlatformClaims
{
    public const string Subject = "sub";
    public const string NetworkId = "network_id";
    public const string FunderId = "funder_id";
    public const string LabelOwnerId = "label_owner_id";
    public const string ActorId = "actor_id";

    /// <summary>The claim that carries the id a role is bound to, or null for roles bound to nothing.</summary>
    public static string? IdClaimOf(string role) => role switch
    {
        Roles.Network => NetworkId,
        Roles.Funder => FunderId,
        Roles.LabelOwner => LabelOwnerId,
        Roles.Actor => ActorId,
        _ => null,
    };
}
