using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Directory;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Funders.GettingDetails;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Funders.Declaring;

public static class DeclareFunder
{
    public static FunderDeclared Decide(DeclareFunderRequest request, bool inDirectory, IFundingTerritories territories, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validation = new Validation()
            .Check(request.ActorId is not null, "actorId", "is required.")
            .Check(request.ActorId is null || inDirectory, "actorId", $"{request.ActorId} is not in Funding's actor directory.");
        var (type, territory) = FunderRules.Check(validation, request.FunderType, request.Territory, territories);
        validation.ThrowIfInvalid();
        return new FunderDeclared(request.ActorId!.Value, type, territory, now);
    }

    /// <remarks>
    /// The funder's id is its actor's, a natural key: declaring the same funder again with the same type and territory
    /// answers 200 with it (a safe retry, no Idempotency-Key needed); with different ones, 409, since a change goes
    /// through PUT with If-Match.
    /// </remarks>
    public static async Task<Results<Created<FunderDetails>, Ok<FunderDetails>>> Handle(
        DeclareFunderRequest request, IDocumentSession session, IFundingTerritories territories, TimeProvider clock, HttpResponse response,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var actor = request.ActorId is { } id && id != Guid.Empty ? await session.LoadAsync<DirectoryActor>(id, ct) : null;
        var declared = Decide(request, actor is not null, territories, clock.GetUtcNow());
        if (await session.LoadAsync<Funder>(declared.FunderId, ct) is { } existing)
        {
            if (existing.FunderType != declared.FunderType || existing.Territory != declared.Territory)
            {
                throw new ProblemException(StatusCodes.Status409Conflict, "Already declared",
                    $"Actor {declared.FunderId} is already declared as a funder; change it with PUT /api/funding/funders/{declared.FunderId} and If-Match.",
                    new Dictionary<string, object?> { ["existing"] = $"/api/funding/funders/{declared.FunderId}" });
            }

            ETag.Set(response, existing.Version);
            return TypedResults.Ok(FunderDetails.From(existing, actor, territories));
        }

        session.Events.StartStream<Funder>(declared.FunderId, declared);
        await session.SaveChangesAsync(ct);
        var funder = await session.LoadAsync<Funder>(declared.FunderId, ct);
        ETag.Set(response, funder!.Version);
        return TypedResults.Created($"/api/funding/funders/{funder.Id}", FunderDetails.From(funder, actor, territories));
    }
}
