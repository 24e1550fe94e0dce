using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Organisations.Merging;

/// <param name="SurvivorId">The actor that remains; the one in the URL is the duplicate it absorbs.</param>
public sealed record MergeActorsRequest(Guid? SurvivorId);

public static class MergeActors
{
    /// <summary>Both streams change in one transaction: the duplicate points to the survivor, which takes its identifiers.</summary>
    public static (OrganisationMergedInto Absorbed, DuplicateAbsorbed Survivor) Decide(
        Organisation duplicate, Organisation survivor, DateTimeOffset now)
    {
        if (duplicate.Id == survivor.Id)
        {
            throw new ValidationException(new Dictionary<string, string[]> { ["survivorId"] = ["must be another actor than the duplicate."] });
        }

        duplicate.EnsureActive("merge it into another actor");
        survivor.EnsureActive("absorb a duplicate");
        foreach (var (kind, mine, theirs) in new[]
                 {
                     (IdentifierKind.Siren, survivor.Identifiers.Siren, duplicate.Identifiers.Siren),
                     (IdentifierKind.Rna, survivor.Identifiers.Rna, duplicate.Identifiers.Rna),
                 })
        {
            if (mine is not null && theirs is not null && mine != theirs)
            {
                throw new ProblemException(StatusCodes.Status409Conflict, "Not the same organisation",
                    $"The two actors have different {Kebab.Name(kind)} ({theirs} and {mine}): they are not duplicates.");
            }
        }

        return (new OrganisationMergedInto(duplicate.Id, survivor.Id, now),
            new DuplicateAbsorbed(survivor.Id, duplicate.Id, duplicate.Identifiers, now));
    }

    public static async Task<Ok<ActorDetails>> Handle(
        Guid id, MergeActorsRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        new Validation().Check(body.SurvivorId is { } given && given != Guid.Empty, "survivorId", "is required: the id of an actor.").ThrowIfInvalid();
        var survivorStream = await session.Events.FetchForWriting<Organisation>(body.SurvivorId!.Value, ct);
        if (survivorStream.Aggregate is null)
        {
            throw new ValidationException(new Dictionary<string, string[]> { ["survivorId"] = [$"no actor has id {body.SurvivorId}."] });
        }

        var survivor = survivorStream.Aggregate;
        var result = await Updating.ApplyAsync(id, request, session, duplicate =>
        {
            var (absorbed, absorbing) = Decide(duplicate, survivor, clock.GetUtcNow());
            survivorStream.AppendOne(absorbing);
            // The duplicate's identifiers now lead to the survivor.
            session.Store(IdentifierClaim.KeysOf(duplicate.Identifiers).Select(k => new IdentifierClaim(k, survivor.Id)).ToArray());
            return [absorbed];
        }, ct);
        return result;
    }
}
