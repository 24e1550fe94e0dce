using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.IncubatorNetworks.Activity.GettingSubjects;

/// <summary>What a publication's <c>Location</c> points at: the subject's current state, with its version as ETag.</summary>
public static class GetSubject
{
    public static async Task<Results<Ok<TState>, NotFound>> Handle<TState>(
        string collection, Guid networkId, string reference, Func<TState, long> version, IQuerySession session, HttpResponse response, CancellationToken ct)
        where TState : class
    {
        var state = await session.LoadAsync<TState>(Subjects.StreamId(collection, networkId, reference), ct);
        if (state is null)
        {
            return TypedResults.NotFound();
        }

        ETag.Set(response, version(state));
        return TypedResults.Ok(state);
    }
}
