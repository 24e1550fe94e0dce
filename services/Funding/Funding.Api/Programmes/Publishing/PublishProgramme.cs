using System.Security.Cryptography;
using System.Text;
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
        Guid programmeId, ProgrammeRequest request, IReadOnlySet<Guid> knownActors, IFundingTerritories territories, DateTimeOffset now) =>
        new(programmeId, ProgrammeRules.Terms(request, knownActors, territories), now);

    /// <remarks>
    /// A client that may retry sends an <c>Idempotency-Key</c>: the programme's id is derived from it, so a retry
    /// finds the programme its first attempt published and answers it again instead of publishing a second one.
    /// </remarks>
    public static async Task<Results<Created<ProgrammeDetails>, Ok<ProgrammeDetails>>> Handle(
        ProgrammeRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IDocumentSession session, IFundingTerritories territories, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var programmeId = idempotencyKey is { Length: > 0 } key ? IdFromKey(key) : Guid.CreateVersion7();
        if (idempotencyKey is not null && await session.LoadAsync<ProgrammeDetails>(programmeId, ct) is { } replay)
        {
            ETag.Set(response, replay.Version);
            return TypedResults.Ok(replay);
        }

        var known = await DirectoryLookup.KnownAsync(session, ProgrammeRules.ActorsNamed(request), ct);
        var published = Decide(programmeId, request, known, territories, clock.GetUtcNow());
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

    /// <summary>A name-based id (RFC 9562 version 8 layout) from the client's key; the prefix keeps programmes apart from grants.</summary>
    public static Guid IdFromKey(string key) => NameBasedId.From("socialtech:programmes:", key);
}

/// <summary>Name-based ids (RFC 9562 version 8 layout): the same key under the same prefix, the same id.</summary>
public static class NameBasedId
{
    public static Guid From(string prefix, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(prefix + key));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
