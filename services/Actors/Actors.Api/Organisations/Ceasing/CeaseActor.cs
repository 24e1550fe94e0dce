using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Actors.Organisations.Ceasing;

/// <param name="CeasedOn">The date activity ceased (dissolution, liquidation).</param>
/// <param name="Reason">Why, in words.</param>
public sealed record CeaseActorRequest(DateOnly? CeasedOn, [property: StringLength(TextBounds.Reason, MinimumLength = 1)] string? Reason);

public static class CeaseActor
{
    public static IReadOnlyList<object> Decide(Organisation actor, CeaseActorRequest request, DateTimeOffset now)
    {
        var validation = new Validation()
            .Check(request.CeasedOn is not null, "ceasedOn", "is required.")
            .Check(request.CeasedOn is null || request.CeasedOn <= DateOnly.FromDateTime(now.UtcDateTime), "ceasedOn", "cannot be in the future.")
            .Required(request.Reason, "reason", TextBounds.Reason);
        validation.ThrowIfInvalid();
        actor.EnsureActive("cease");
        return [new OrganisationCeased(actor.Id, request.CeasedOn!.Value, request.Reason!.Trim(), now)];
    }

    public static Task<Ok<ActorDetails>> Handle(
        Guid id, CeaseActorRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Updating.ApplyAsync(id, request, session, actor => Decide(actor, body, clock.GetUtcNow()), ct);
}
