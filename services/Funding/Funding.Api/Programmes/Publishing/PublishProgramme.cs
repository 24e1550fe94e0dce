using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.ActorDirectory;
using SocialTech.Funding.Programmes.GettingDetails;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Programmes.Publishing;

public static class PublishProgramme
{
    public static ProgrammePublished Decide(
        Guid programmeId, ProgrammeRequest request, IReadOnlySet<Guid> knownActors, IReadOnlySet<Guid> declaredFunders, IFundingTerritories territories,
        DateTimeOffset now) =>
        new(programmeId, ProgrammeRules.Terms(request, knownActors, declaredFunders, territories), now);

    /// <remarks>
    /// A client that may retry sends an <c>Idempotency-Key</c>: the programme's id is derived from it and the caller, so a
    /// retry finds the programme its first attempt published and answers it again instead of publishing a second one.
    /// </remarks>
    public static async Task<Results<Created<ProgrammeDetails>, Ok<ProgrammeDetails>>> Handle(
        ProgrammeRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IDocumentSession session, IFundingTerritories territories, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var programmeId = IdempotencyKeys.IdFor(response.HttpContext, "socialtech:programmes:", idempotencyKey);
        if (idempotencyKey is not null && await session.LoadAsync<ProgrammeDetails>(programmeId, ct) is { } replay)
        {
            ETag.Set(response, replay.Version);
            return TypedResults.Ok(replay);
        }

        var known = await DirectoryLookup.KnownAsync(session, ProgrammeRules.ActorsNamed(request), ct);
        var declared = await DirectoryLookup.DeclaredFundersAsync(session, request.Funders ?? [], ct);
        var published = Decide(programmeId, request, known, declared, territories, clock.GetUtcNow());
        session.Events.StartStream<Programme>(programmeId, published);
        if (await session.SaveCreationAsync<ProgrammeDetails>(programmeId, idempotencyKey, ct) is { } first)
        {
            // A retry that raced its first attempt: it answers what the first one created.
            ETag.Set(response, first.Version);
            return TypedResults.Ok(first);
        }

        var details = await session.LoadAsync<ProgrammeDetails>(programmeId, ct);
        ETag.Set(response, details!.Version);
        return TypedResults.Created($"/api/funding/programmes/{programmeId}", details);
    }
}
