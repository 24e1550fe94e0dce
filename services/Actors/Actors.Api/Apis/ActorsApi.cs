using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.Actors.Organisations.Registering;

namespace SocialTech.Actors.Apis;

public static class ActorsApi
{
    public static IEndpointRouteBuilder MapActorsApi(this IEndpointRouteBuilder app)
    {
        var actors = app.MapGroup("/api/actors").WithTags("Actors");

        actors.MapPost("/", RegisterActor.Handle)
            .WithName("RegisterActor")
            .WithSummary("Register an actor of social innovation")
            .ProducesValidationProblem();

        actors.MapGet("/{id:guid}", GetActorDetails.Handle)
            .WithName("GetActor")
            .WithSummary("An actor's public profile, with its version as ETag");

        return app;
    }
}
