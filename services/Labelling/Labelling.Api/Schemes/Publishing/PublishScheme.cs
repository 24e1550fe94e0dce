using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Labelling.Schemes.Publishing;

public static class PublishScheme
{
    public static SchemePublished Decide(Guid schemeId, SchemeRequest request, DateTimeOffset now) =>
        new(schemeId, SchemeRules.Terms(request), now);

    /// <remarks>An <c>Idempotency-Key</c> derives the scheme's id (with the caller's), so a retry answers the scheme its first attempt published.</remarks>
    public static async Task<Results<Created<Scheme>, Ok<Scheme>>> Handle(
        SchemeRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IDocumentSession session, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var schemeId = IdempotencyKeys.IdFor(response.HttpContext, "socialtech:label-schemes:", idempotencyKey);
        if (idempotencyKey is not null && await session.LoadAsync<Scheme>(schemeId, ct) is { } replay)
        {
            ETag.Set(response, replay.Version);
            return TypedResults.Ok(replay);
        }

        session.Events.StartStream<Scheme>(schemeId, Decide(schemeId, request, clock.GetUtcNow()));
        if (await session.SaveCreationAsync<Scheme>(schemeId, idempotencyKey, ct) is { } first)
        {
            // A retry that raced its first attempt: it answers what the first one created.
            ETag.Set(response, first.Version);
            return TypedResults.Ok(first);
        }
        var scheme = await session.LoadAsync<Scheme>(schemeId, ct);
        ETag.Set(response, scheme!.Version);
        return TypedResults.Created($"/api/labelling/schemes/{schemeId}", scheme);
    }
}
