using SocialTech.BuildingBlocks.Security;
using SocialTech.Funding.Funders;
using SocialTech.Funding.Grants;
using SocialTech.Funding.Programmes;
using SocialTech.Funding.Programmes.GettingDetails;

namespace SocialTech.Funding.Apis;

/// <summary>Who owns what a funder writes: the funders named in the programme or grant (its body when it is created).</summary>
public static class FundingOwners
{
    public static readonly OwnerResolver OfProgramme = Owners.RouteOrBody("id",
        Owners.FromDocument<ProgrammeDetails>("id", p => p.Funders),
        Owners.FromBody<ProgrammeRequest>(r => r.Funders));

    public static readonly OwnerResolver OfFunder = Owners.RouteOrBody("id",
        Owners.FromRoute("id"),
        Owners.FromBody<DeclareFunderRequest>(r => r.ActorId is { } id ? [id] : null));

    public static readonly OwnerResolver OfGrant = Owners.RouteOrBody("id",
        Owners.FromDocument<Grant>("id", g => g.Terms.Funders.Select(f => f.FunderId)),
        Owners.FromBody<GrantRequest>(r => r.Funders?.Select(f => f?.FunderId).OfType<Guid>()));
}
