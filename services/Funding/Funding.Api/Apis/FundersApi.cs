using SocialTech.BuildingBlocks.Security;
using SocialTech.Funding.Funders.Changing;
using SocialTech.Funding.Funders.Declaring;
using SocialTech.Funding.Funders.GettingDetails;

namespace SocialTech.Funding.Apis;

/// <summary>Every route of the funders: directory actors declared with a funder type and a territory of their own.</summary>
public static class FundersApi
{
    public static IEndpointRouteBuilder MapFundersApi(this IEndpointRouteBuilder app)
    {
        // A funder declares and maintains itself (its id is its actor's); operators keep the list for everyone.
        var funders = app.MapGroup("/api/funding/funders").WithTags("Funders")
            .WritesRequireRoles(Roles.Funder, Roles.Operator)
            .WritesRequireOwner(Roles.Funder, PlatformClaims.FunderId, "this funder", FundingOwners.OfFunder);

        funders.MapPost("/", DeclareFunder.Handle)
            .WithName("DeclareFunder")
            .WithSummary("Declare a directory actor as a funder, with its funder type and its own territory")
            .WithDescription("funderType: state, region, departement, epci, commune, eu-fund, foundation or company. territory (level:code) is the funder's " +
                "own territory, not where its programmes are eligible; required, and of the same level, for a region, departement, epci or commune. " +
                "The funder's id is the actor's: declaring it again with the same values answers 200, with others 409. Grants awarded without a " +
                "funderType take the declared one.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        funders.MapGet("/", GetFunderDetails.List)
            .WithName("ListFunders")
            .WithSummary("Declared funders by type and by territory (a funder whose own territory lies within it), paginated")
            .ProducesValidationProblem();

        funders.MapGet("/{id:guid}", GetFunderDetails.Handle)
            .WithName("GetFunder")
            .WithSummary("A funder's type and territory, with its version as ETag");

        funders.MapPut("/{id:guid}", ChangeFunder.Handle)
            .WithName("ChangeFunder")
            .WithSummary("Change a funder's type or territory; grants already recorded keep the type they were given with")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        return app;
    }
}
