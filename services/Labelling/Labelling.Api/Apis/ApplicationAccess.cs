using System.Security.Claims;
using Marten;
using SocialTech.BuildingBlocks.Security;
using SocialTech.Labelling.Applications;
using SocialTech.Labelling.Schemes;

namespace SocialTech.Labelling.Apis;

/// <summary>
/// The rules of <see cref="ApplicationParties"/> as authorization rules, so that another's application answers 403
/// before anything is bound, whatever the body or the If-Match holds. They read the application's document, which
/// is projected inline with its events: the drafting party they read is the one the write folds (it never changes).
/// </summary>
public static class ApplicationAccess
{
    /// <summary>Every role that may read an application it is a party to (admin reads them all).</summary>
    public static readonly string[] Readers = [Roles.PublicAuthority, Roles.Network, Roles.Operator, Roles.LabelOwner];

    /// <summary>
    /// The applicant's writes: a draft needs a token that names its party (the network's id, or a subject); any later
    /// write needs the party that drafted the application.
    /// </summary>
    public static readonly ResourceRule DraftingParty = async (context, user) =>
    {
        if (Owners.RouteGuid(context, "id") is not { } id)
        {
            return ApplicationParties.DrafterOf(user) is not null ? null
                : user.IsInRole(Roles.Network)
                    ? $"A network token must carry its id in the claim {PlatformClaims.NetworkId}: the network drafting is the party that may act on the application."
                    : $"The token must carry its subject ({PlatformClaims.Subject}): the party drafting is the one that may act on the application.";
        }

        var application = await Load(context, id);
        if (application is null || ApplicationParties.IsDrafter(application, user))
        {
            return null;
        }

        return application.DraftedBy is null
            ? $"Application {id} was drafted before the platform recorded who drafts: only an admin may act on it for its applicant."
            : $"Only the party that drafted application {id} (or an admin) may act on it; this token acts for {Describe(user)}.";
    };

    /// <summary>Reading an application: the party that drafted it, the owner of its scheme, public authorities and admins.</summary>
    public static readonly ResourceRule Reader = async (context, user) =>
    {
        if (Owners.RouteGuid(context, "id") is not { } id || await Load(context, id) is not { } application
            || ApplicationParties.ReadsEverything(user) || ApplicationParties.IsDrafter(application, user))
        {
            return null;
        }

        // Only a label owner can be the scheme's owner: the scheme is read for it alone.
        if (ApplicationParties.LabelOwnerOf(user) is { } owner)
        {
            var session = context.RequestServices.GetRequiredService<IQuerySession>();
            if ((await session.LoadAsync<Scheme>(application.SchemeId, context.RequestAborted))?.Terms.OwnerId == owner)
            {
                return null;
            }
        }

        return $"Application {id} is read by the party that drafted it, the owner of its scheme, public authorities and admins only; this token acts for {Describe(user)}.";
    };

    private static Task<LabelApplication?> Load(HttpContext context, Guid id) =>
        context.RequestServices.GetRequiredService<IQuerySession>().LoadAsync<LabelApplication>(id, context.RequestAborted);

    private static string Describe(ClaimsPrincipal user)
    {
        var parties = ApplicationParties.PartiesOf(user).ToList();
        if (ApplicationParties.LabelOwnerOf(user) is { } owner)
        {
            parties.Add($"label-owner:{owner:D}");
        }

        return parties.Count > 0 ? string.Join(", ", parties) : "no party (it carries neither network_id nor sub)";
    }
}
