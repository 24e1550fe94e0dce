using SocialTech.Funding.Programmes.Amending;
using SocialTech.Funding.Programmes.GettingDetails;
using SocialTech.Funding.Programmes.Publishing;
using SocialTech.Funding.Programmes.Retiring;
using SocialTech.Funding.Programmes.Searching;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.Funding.Apis;

/// <summary>Every route of the programmes (dispositifs d'aide). Updates take the ETag they read in If-Match (412 when stale).</summary>
public static class ProgrammesApi
{
    public static IEndpointRouteBuilder MapProgrammesApi(this IEndpointRouteBuilder app)
    {
        var programmes = app.MapGroup("/api/funding/programmes").WithTags("Programmes")
            .WritesRequireRoles(Roles.Funder)
            .WritesRequireOwner(Roles.Funder, PlatformClaims.FunderId, "a funder of this programme", FundingOwners.OfProgramme);

        programmes.MapPost("/", PublishProgramme.Handle)
            .WithName("PublishProgramme")
            .WithSummary("Publish a programme: funders, instructing bodies, themes, aid types, eligible territories, dates, envelope. Idempotency-Key makes retries safe.")
            .ProducesValidationProblem();

        // Any parameter the handler does not bind is a 400 naming it, never a filter silently ignored (kind=association
        // once answered SCOP programmes to an association, issue 18).
        programmes.MapGet("/", SearchProgrammes.Handle)
            .AddEndpointFilter<QueryParameterFilter>()
            .WithName("SearchProgrammes")
            .WithSummary("Programmes by funder, theme, territory (a place matches the programmes eligible in any territory containing it), beneficiary kind and open date, paginated; an unknown parameter is a 400 naming it")
            .ProducesValidationProblem();

        programmes.MapGet("/{id:guid}", GetProgrammeDetails.Handle)
            .WithName("GetProgramme")
            .WithSummary("A programme's public record, with its version as ETag");

        programmes.MapPut("/{id:guid}", AmendProgramme.Handle)
            .WithName("AmendProgramme")
            .WithSummary("Replace a published programme's terms")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        programmes.MapPost("/{id:guid}/retirement", RetireProgramme.Handle)
            .WithName("RetireProgramme")
            .WithSummary("Retire a programme; a retired programme cannot change again")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        return app;
    }
}
