using System.Globalization;
using System.Security.Claims;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.Labelling.Applications;

/// <summary>
/// Who an application belongs to. The drafting party acts on it (submit, complete, sign the charter, withdraw); the
/// scheme's owner runs its own steps (admissibility, instruction, letters, hearing, jury, carry-over); both read it,
/// as do public authorities (who read everything) and admins. Nobody else reads it: an application is the file
/// between an applicant and a scheme's owner, and its public outcome is the label in the register.
/// </summary>
public static class ApplicationParties
{
    /// <summary>The roles that draft: they act as a party of their own (a network, or the token's subject).</summary>
    public static readonly IReadOnlyList<string> Applicants = [Roles.PublicAuthority, Roles.Network, Roles.Operator];

    /// <summary>
    /// The party a principal drafts as: its network when it holds the network role (the network applies, whichever of
    /// its people signs in), else its subject. Null when the token does not say who it is (no <c>network_id</c>, no
    /// <c>sub</c>).
    /// </summary>
    public static ApplicationDrafter? DrafterOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.IsInRole(Roles.Network))
        {
            return NetworkParty(user) is { } network ? new ApplicationDrafter(Roles.Network, network) : null;
        }

        var role = new[] { Roles.PublicAuthority, Roles.Operator, Roles.Admin }.FirstOrDefault(user.IsInRole);
        return role is not null && SubjectParty(user) is { } subject ? new ApplicationDrafter(role, subject) : null;
    }

    /// <summary>
    /// Every party a principal acts for: its network (network role with a <c>network_id</c>) and its subject (an
    /// operator, public authority or admin). A network token never acts as its subject, so that a person who also
    /// drafted as an operator does not carry that right into their network's token, nor the reverse.
    /// </summary>
    public static IReadOnlyList<string> PartiesOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var parties = new List<string>(2);
        if (user.IsInRole(Roles.Network) && NetworkParty(user) is { } network)
        {
            parties.Add(network);
        }

        if ((user.IsInRole(Roles.PublicAuthority) || user.IsInRole(Roles.Operator) || user.IsInRole(Roles.Admin)) && SubjectParty(user) is { } subject)
        {
            parties.Add(subject);
        }

        return parties;
    }

    /// <summary>Whether the principal acts for the party that drafted the application (never for one drafted before it was recorded).</summary>
    public static bool IsDrafter(LabelApplication application, ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(application);
        return application.DraftedBy is { } drafter && PartiesOf(user).Contains(drafter.Party, StringComparer.Ordinal);
    }

    /// <summary>The label owner's id a principal runs schemes for, when it holds that role.</summary>
    public static Guid? LabelOwnerOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(Roles.LabelOwner) && Guid.TryParse(user.FindFirst(PlatformClaims.LabelOwnerId)?.Value, out var id) ? id : null;
    }

    /// <summary>Whether the principal reads every application whoever drafted it: admins, and public authorities (README: Access control).</summary>
    public static bool ReadsEverything(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.IsInRole(Roles.Admin) || user.IsInRole(Roles.PublicAuthority);
    }

    /// <summary>Whether the principal may read the application, given the owner of its scheme (null when the scheme is gone).</summary>
    public static bool MayRead(LabelApplication application, Guid? schemeOwner, ClaimsPrincipal user) =>
        ReadsEverything(user) || IsDrafter(application, user) || (schemeOwner is { } owner && LabelOwnerOf(user) == owner);

    private static string? NetworkParty(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(PlatformClaims.NetworkId)?.Value, out var id) && id != Guid.Empty
            ? string.Create(CultureInfo.InvariantCulture, $"network:{id:D}")
            : null;

    private static string? SubjectParty(ClaimsPrincipal user) =>
        user.FindFirst(PlatformClaims.Subject)?.Value is { Length: > 0 } subject ? $"subject:{subject}" : null;
}
