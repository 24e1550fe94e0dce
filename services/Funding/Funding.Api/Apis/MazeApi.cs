using SocialTech.Funding.Maze.Answering;

namespace SocialTech.Funding.Apis;

/// <summary>"What can I apply to, and whom do I call?" (issue 18.2, docs/adr/0013): read-only and open to anyone.</summary>
public static class MazeApi
{
    public static IEndpointRouteBuilder MapMazeApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/funding/maze").WithTags("Maze")
            .MapGet("/", AnswerMaze.Handle)
            .WithName("AnswerMaze")
            .WithSummary("The programmes open to a profile (kinds and commune) or an actor on a day, their funders and instructing bodies by name, the relays covering it nearest first, and the maze index")
            .WithDescription(
                "Either kinds and commune, or actor (both or neither: 400 naming them); on (YYYY-MM-DD, default today UTC); explain=true adds every " +
                "programme not retained with every criterion it fails (perimeter, kinds, window-not-yet-open, closed, retired), as codes and French " +
                $"sentences. Not paged: at most {AnswerMaze.MaxProgrammes} programmes, {AnswerMaze.MaxRelays} relays and {AnswerMaze.MaxExcluded} " +
                "excluded programmes, a list cut at its bound being named in truncated. Any other query parameter is a 400 naming it; an unknown kind " +
                "or commune is a 400; an actor Funding's directory does not hold is a 404.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
