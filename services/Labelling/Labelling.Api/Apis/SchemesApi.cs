using SocialTech.Labelling.Schemes.Amending;
using SocialTech.Labelling.Schemes.GettingDetails;
using SocialTech.Labelling.Schemes.Publishing;
using SocialTech.Labelling.Schemes.Retiring;
using SocialTech.Labelling.Schemes.Searching;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.Labelling.Apis;

/// <summary>Every route of the label schemes. Updates take the ETag they read in If-Match (428 without, 412 when stale).</summary>
public static class SchemesApi
{
    public static IEndpointRouteBuilder MapSchemesApi(this IEndpointRouteBuilder app)
    {
        var schemes = app.MapGroup("/api/labelling/schemes").WithTags("Label schemes")
            .WritesRequireRoles(Roles.LabelOwner)
            .WritesRequireOwner(Roles.LabelOwner, PlatformClaims.LabelOwnerId, "the owner of this scheme", LabellingOwners.OfScheme);

        schemes.MapPost("/", PublishScheme.Handle)
            .WithName("PublishScheme")
            .WithSummary("Publish a label scheme: owner, what it labels, mode (open brand or obtention), criteria, validity, silence delay. Idempotency-Key makes retries safe.")
            .ProducesValidationProblem();

        schemes.MapGet("/", SearchSchemes.Handle)
            .WithName("SearchSchemes")
            .WithSummary("Schemes by owner, what they label, mode and status, paginated")
            .ProducesValidationProblem();

        schemes.MapGet("/{id:guid}", GetScheme.Handle)
            .WithName("GetScheme")
            .WithSummary("A scheme with its version as ETag");

        Updates.Route(schemes.MapPut("/{id:guid}", AmendScheme.Handle), "AmendScheme", "Replace a published scheme's terms; applications under way keep the rules they were drafted under");
        Updates.Route(schemes.MapPost("/{id:guid}/retirement", RetireScheme.Handle), "RetireScheme", "Retire a scheme: no new campaign or application; granted labels keep their validity");

        return app;
    }
}

/// <summary>What every If-Match write may answer besides 200 (every one of them needs a token: 401, 403).</summary>
internal static class Updates
{
    public static RouteHandlerBuilder Route(RouteHandlerBuilder route, string name, string summary) =>
        route.WithName(name).WithSummary(summary)
            .ProducesValidationProblem()
            .ProducesAccessProblems()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

    /// <summary>A route that needs a token: 401 without a valid one, 403 when its role or its data does not allow (README: Access control).</summary>
    public static RouteHandlerBuilder ProducesAccessProblems(this RouteHandlerBuilder route) =>
        route.ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
