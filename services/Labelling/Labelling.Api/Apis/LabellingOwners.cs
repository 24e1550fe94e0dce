using Marten;
using SocialTech.BuildingBlocks.Security;
using SocialTech.Labelling.Applications;
using SocialTech.Labelling.Campaigns;
using SocialTech.Labelling.Campaigns.Planning;
using SocialTech.Labelling.Labels;
using SocialTech.Labelling.Schemes;

namespace SocialTech.Labelling.Apis;

/// <summary>
/// A label owner runs its own schemes: every campaign, application step and label is owned by the owner of the
/// scheme it belongs to (the scheme's <c>ownerId</c>, an actor id, is the token's <c>label_owner_id</c>).
/// </summary>
public static class LabellingOwners
{
    public static readonly OwnerResolver OfScheme = Owners.RouteOrBody("id",
        Owners.FromDocument<Scheme>("id", s => [s.Terms.OwnerId]),
        Owners.FromBody<SchemeRequest>(r => r.OwnerId is { } owner ? [owner] : null));

    public static readonly OwnerResolver OfCampaign = Owners.RouteOrBody("id",
        Owners.FromDocument<Campaign>("id", (c, session, ct) => OwnerOfSchemeAsync(session, c.SchemeId, ct)),
        async context =>
        {
            // The body names the scheme; its owner is read from the scheme (null when there is none: the endpoint says 400).
            var named = await Owners.FromBody<PlanCampaignRequest>(r => r.SchemeId is { } id ? [id] : null)(context);
            if (named is not { Count: 1 })
            {
                return null;
            }

            var session = context.RequestServices.GetRequiredService<IQuerySession>();
            return (await OwnerOfSchemeAsync(session, named.First(), context.RequestAborted))?.ToArray();
        });

    public static readonly OwnerResolver OfApplication =
        Owners.FromDocument<LabelApplication>("id", (a, session, ct) => OwnerOfSchemeAsync(session, a.SchemeId, ct));

    public static readonly OwnerResolver OfLabel =
        Owners.FromDocument<Label>("id", (l, session, ct) => OwnerOfSchemeAsync(session, l.SchemeId, ct));

    /// <summary>
    /// A step of the instruction (admissibility, hearing, jury…): the scheme's owner runs it, not the applicant, so
    /// the group's drafting-party rule is lifted and the owner rule takes its place.
    /// </summary>
    public static RouteHandlerBuilder RunByOwner(this RouteHandlerBuilder route) =>
        route.RequireRoles(Roles.LabelOwner)
            .RequireOwner(Roles.LabelOwner, PlatformClaims.LabelOwnerId, "the owner of this application's scheme", OfApplication)
            .RequireResourceRule(null);

    private static async Task<IEnumerable<Guid>?> OwnerOfSchemeAsync(IQuerySession session, Guid schemeId, CancellationToken ct) =>
        await session.LoadAsync<Scheme>(schemeId, ct) is { } scheme ? [scheme.Terms.OwnerId] : null;
}
