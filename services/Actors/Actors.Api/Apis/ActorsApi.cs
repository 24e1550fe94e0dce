using SocialTech.BuildingBlocks.Http;
using SocialTech.Actors.Organisations.Ceasing;
using SocialTech.Actors.Organisations.ChangingKinds;
using SocialTech.Actors.Organisations.ChangingPlacesOfAction;
using SocialTech.Actors.Organisations.ChangingProfile;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.Actors.Organisations.GettingHistory;
using SocialTech.Actors.Organisations.Importing;
using SocialTech.Actors.Organisations.LinkingIdentifiers;
using SocialTech.Actors.Organisations.Merging;
using SocialTech.Actors.Organisations.Registering;
using SocialTech.Actors.Organisations.Relocating;
using SocialTech.Actors.Organisations.Searching;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.Actors.Apis;

/// <summary>Every route of the organisations registry. Updates take the ETag they read in If-Match (412 when stale).</summary>
public static class ActorsApi
{
    public static IEndpointRouteBuilder MapActorsApi(this IEndpointRouteBuilder app)
    {
        // Profiles are open data; the registry is kept by its operators.
        var actors = app.MapGroup("/api/actors").WithTags("Actors").WritesRequireRoles(Roles.Operator);

        actors.MapPost("/", RegisterActor.Handle)
            .WithName("RegisterActor")
            .WithSummary("Register an actor; 409 with a link when its SIREN or RNA is already registered. Idempotency-Key makes retries safe.")
            // Public authorities register the organisations their SCDL files name (Funding's import forwards their token).
            .RequireRoles(Roles.Operator, Roles.PublicAuthority)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        // The size limit applies to this route only; text/csv is required (415 otherwise) so a JSON body meant for
        // POST /api/actors is not read as a one-line CSV.
        actors.MapPost("/imports", ImportActors.Handle)
            .WithName("ImportActors")
            .WithSummary("Import organisations from a CSV file (README: Bulk import); 200 with a report per row: created, duplicate or invalid")
            .Accepts<string>("text/csv")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ImportActors.MaxBytes))
            .Produces<ImportReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        actors.MapGet("/", SearchActors.Handle)
            .WithName("SearchActors")
            .WithSummary("Search actors by territory at any level (with roll-up), kind, ESS/ESUS, status and text, paginated")
            .ProducesValidationProblem();

        actors.MapGet("/{id:guid}", GetActorDetails.Handle)
            .WithName("GetActor")
            .WithSummary("An actor's public profile, with its version as ETag");

        actors.MapGet("/{id:guid}/history", GetActorHistory.Handle)
            .WithName("GetActorHistory")
            .WithSummary("The actor's timeline: every change, oldest first");

        actors.MapPut("/{id:guid}/profile", ChangeProfile.Handle)
            .WithName("ChangeActorProfile")
            .WithSummary("Replace the editable profile (name, legal category, ESS, ESUS, website, mailbox)")
            .ProducesValidationProblem()
            // A ceased or merged actor is history: any change to it is a 409 (Organisation.EnsureActive), here as on
            // every write below.
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesConditionalWriteProblems();

        actors.MapPost("/{id:guid}/identifiers", LinkIdentifier.Handle)
            .WithName("LinkActorIdentifier")
            .WithSummary("Link a SIREN, SIRET or RNA number")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesConditionalWriteProblems();

        actors.MapPost("/{id:guid}/kinds", ChangeKinds.HandleAdd)
            .WithName("AddActorKind")
            .WithSummary("Add a kind")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesConditionalWriteProblems();

        actors.MapDelete("/{id:guid}/kinds/{kind}", ChangeKinds.HandleRemove)
            .WithName("RemoveActorKind")
            .WithSummary("Remove a kind (never the last one)")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesConditionalWriteProblems();

        actors.MapPut("/{id:guid}/head-office", MoveHeadOffice.Handle)
            .WithName("MoveActorHeadOffice")
            .WithSummary("Move the head office to another commune")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesConditionalWriteProblems();

        actors.MapPut("/{id:guid}/places-of-action", ChangePlacesOfAction.Handle)
            .WithName("ChangeActorPlacesOfAction")
            .WithSummary("Replace the territories where the actor acts")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesConditionalWriteProblems();

        actors.MapPost("/{id:guid}/cessation", CeaseActor.Handle)
            .WithName("CeaseActor")
            .WithSummary("Record that the actor ceased its activity")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesConditionalWriteProblems();

        actors.MapPost("/{id:guid}/merge", MergeActors.Handle)
            .WithName("MergeActors")
            .WithSummary("Merge this duplicate into the survivor named in the body")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesConditionalWriteProblems();

        return app;
    }
}
