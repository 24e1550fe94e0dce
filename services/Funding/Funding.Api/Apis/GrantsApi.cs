using SocialTech.Funding.Grants.Amending;
using SocialTech.Funding.Grants.Applying;
using SocialTech.Funding.Grants.Awarding;
using SocialTech.Funding.Grants.Cancelling;
using SocialTech.Funding.Grants.Closing;
using SocialTech.Funding.Grants.Disbursing;
using SocialTech.Funding.Grants.GettingDetails;
using SocialTech.Funding.Grants.SigningAgreement;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.Funding.Apis;

/// <summary>Every route of the grants. After creation every write takes the ETag it read in If-Match (428 without, 412 when stale).</summary>
public static class GrantsApi
{
    public static IEndpointRouteBuilder MapGrantsApi(this IEndpointRouteBuilder app)
    {
        var grants = app.MapGroup("/api/funding/grants").WithTags("Grants")
            .WritesRequireRoles(Roles.Funder)
            .WritesRequireOwner(Roles.Funder, PlatformClaims.FunderId, "a funder of this grant", FundingOwners.OfGrant);

        grants.MapPost("/", AwardGrant.Handle)
            .WithName("AwardGrant")
            .WithSummary("Record an awarded grant: funders and their parts, recipient, programme, purpose, amount, dates, locations, parent grant. Idempotency-Key makes retries safe.")
            .WithDescription("400 (code programme-rules) when the award breaks its programme's perimeter, beneficiary kinds or window without a "
                + "derogation stating those rules and a reason; 409 (code regrant-ceiling) when a regrant would take more out of its parent grant than its amount.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        grants.MapPost("/applications", ApplyForGrant.Handle)
            .WithName("ApplyForGrant")
            .WithSummary("Record an application (optional stage); award it later with POST /{id}/award")
            .ProducesValidationProblem();

        grants.MapGet("/{id:guid}", GetGrantDetails.Handle)
            .WithName("GetGrant")
            .WithSummary("A grant with its awarded, committed and disbursed figures, and its version as ETag")
            // Not open data: the flows publish aggregates, a grant's details go to public authorities and its funders.
            .RequireRoles(Roles.PublicAuthority, Roles.Funder)
            .RequireOwner(Roles.Funder, PlatformClaims.FunderId, "a funder of this grant", FundingOwners.OfGrant);

        Update(grants.MapPost("/{id:guid}/award", AwardApplication.Handle), "AwardApplication", "Award an application as applied for");
        Update(grants.MapPost("/{id:guid}/agreement", SignAgreement.Handle), "SignGrantAgreement", "Record the signed agreement: the amount becomes committed");
        Update(grants.MapPost("/{id:guid}/disbursements", DisburseGrant.Handle), "DisburseGrant", "Record a payment; a funder never pays more than its committed part");
        Update(grants.MapPost("/{id:guid}/amendments", AmendGrant.Handle), "AmendGrant", "Change the amount (and co-funders' parts), with a reason; never below what was paid");
        Update(grants.MapPost("/{id:guid}/cancellation", CancelGrant.Handle), "CancelGrant", "Cancel a grant nothing was paid on");
        Update(grants.MapPost("/{id:guid}/closure", CloseGrant.Handle), "CloseGrant", "Close a grant under agreement; what was not paid lapses");

        return app;
    }

    private static void Update(RouteHandlerBuilder route, string name, string summary) =>
        route.WithName(name).WithSummary(summary)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
