using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Organisations.GettingDetails;

/// <summary>An actor's public profile, kept inline with its stream (same transaction as the append).</summary>
public sealed record ActorDetails(
    Guid Id,
    string Name,
    IReadOnlyList<string> Kinds,
    CommuneReference HeadOffice,
    string Status,
    DateTimeOffset RegisteredAt)
{
    public long Version { get; init; }

    public static ActorDetails Create(OrganisationRegistered registered) => new(
        registered.ActorId,
        registered.Name,
        registered.Kinds.Select(Kebab.Name).ToArray(),
        registered.HeadOffice,
        Kebab.Name(ActorStatus.Active),
        registered.RegisteredAt);
}

public static class GetActorDetails
{
    public static async Task<Results<Ok<ActorDetails>, NotFound>> Handle(
        Guid id, IQuerySession session, HttpResponse response, CancellationToken ct)
    {
        var details = await session.LoadAsync<ActorDetails>(id, ct);
        if (details is null)
        {
            return TypedResults.NotFound();
        }

        ETag.Set(response, details.Version);
        return TypedResults.Ok(details);
    }
}
