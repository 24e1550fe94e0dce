using SocialTech.Labelling.Campaigns.Amending;
using SocialTech.Labelling.Campaigns.GettingDetails;
using SocialTech.Labelling.Campaigns.Planning;
using SocialTech.Labelling.Campaigns.Searching;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.Labelling.Apis;

/// <summary>Every route of the campaigns (waves) of obtention schemes.</summary>
public static class CampaignsApi
{
    public static IEndpointRouteBuilder MapCampaignsApi(this IEndpointRouteBuilder app)
    {
        var campaigns = app.MapGroup("/api/labelling/campaigns").WithTags("Campaigns")
            .WritesRequireRoles(Roles.LabelOwner)
            .WritesRequireOwner(Roles.LabelOwner, PlatformClaims.LabelOwnerId, "the owner of this campaign's scheme", LabellingOwners.OfCampaign);

        campaigns.MapPost("/", PlanCampaign.Handle)
            .WithName("PlanCampaign")
            .WithSummary("Plan a wave of an obtention scheme: opening and closing dates, eligible territories, maximum number of laureates. Idempotency-Key makes retries safe.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        campaigns.MapGet("/", SearchCampaigns.Handle)
            .WithName("SearchCampaigns")
            .WithSummary("Campaigns by scheme and open date, latest first, paginated")
            .ProducesValidationProblem();

        campaigns.MapGet("/{id:guid}", GetCampaign.Handle)
            .WithName("GetCampaign")
            .WithSummary("A campaign with its laureates so far, and its version as ETag");

        Updates.Route(campaigns.MapPut("/{id:guid}", AmendCampaign.Handle), "AmendCampaign", "Replace a campaign's dates, territories and cap; the cap never falls below the laureates already granted");

        return app;
    }
}
