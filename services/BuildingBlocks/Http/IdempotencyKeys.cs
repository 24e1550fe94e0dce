using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using SocialTech.BuildingBlocks.Identifiers;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.BuildingBlocks.Http;

/// <summary>
/// The id a create gets from its <c>Idempotency-Key</c>: a name-based id over the kind, the caller and the key, so that
/// a retry finds what its first attempt created, and only that.
/// </summary>
/// <remarks>
/// Keys belong to the caller (issue 16.2): with the key alone in the name, funder X sending the key that created
/// another funder's grant was answered that grant (200), details it may not read. The caller is the acting identity:
/// the token's subject and the ids it acts for (<c>network_id</c>, <c>funder_id</c>, <c>label_owner_id</c>), so a
/// replay answers only something this identity created; two callers sending the same key create two resources.
/// </remarks>
public static class IdempotencyKeys
{
    /// <summary>The key's id for the request's caller, or a fresh id (version 7) without a key.</summary>
    public static Guid IdFor(HttpContext context, string prefix, string? key)
    {
        ArgumentNullException.ThrowIfNull(context);
        return key is { Length: > 0 } ? NameBasedId.From(prefix, CallerOf(context.User) + key) : Guid.CreateVersion7();
    }

    /// <summary>
    /// The caller as the name holds it: subject, network, funder and label owner, each length-prefixed so that no two
    /// callers (and no caller and key) spell the same name, e.g. <c>19:admin:demo-loader;0:;0:;0:;</c>.
    /// </summary>
    /// <remarks>deploy/local/demo/funding-data.py derives the demo loader's ids the same way.</remarks>
    public static string CallerOf(ClaimsPrincipal caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        string[] claims = [PlatformClaims.Subject, PlatformClaims.NetworkId, PlatformClaims.FunderId, PlatformClaims.LabelOwnerId];
        return string.Concat(claims.Select(c => caller.FindFirst(c)?.Value ?? "").Select(v => $"{v.Length}:{v};"));
    }
}
