using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.Grants.GettingDetails;
using SocialTech.Funding.Programmes.Publishing;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Grants.Awarding;

public static class AwardGrant
{
    public static GrantAwarded Decide(Guid grantId, GrantRequest request, GrantContext context, IFundingTerritories territories, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validation = new Validation();
        var terms = GrantRules.Terms(validation, request, context, territories);
        validation
            .Check(request.DecisionDate is not null, "decisionDate", "is required.")
            .Check(request.DecisionDate is null || request.DecisionDate <= DateOnly.FromDateTime(now.UtcDateTime), "decisionDate", "cannot be in the future.")
            .ThrowIfInvalid();

        // Only once the request itself is sound: the programme's rules read a known recipient and a decision date.
        var recipient = RecipientFacts.Of(context.Actors.GetValueOrDefault(terms.Recipient.ActorId), terms.Recipient);
        var derogation = ProgrammeCompliance.Check(context.Programme, recipient, request.DecisionDate!.Value, "decisionDate", request.Derogation, [], territories);
        if (context.Parent is { } parent)
        {
            Regrants.EnsureFits(parent, context.Regranted, Regrants.PartOf(terms, parent.Terms.Recipient.ActorId));
        }

        return new GrantAwarded(grantId, terms, request.DecisionDate!.Value, now, derogation);
    }

    /// <remarks>
    /// An <c>Idempotency-Key</c> derives the grant's id (with the caller's), so a retried award answers the grant it
    /// created. A regrant holds its parent's lock while it reads what the parent's other children take (<see cref="Regrants"/>).
    /// </remarks>
    public static async Task<Results<Created<GrantDetails>, Ok<GrantDetails>>> Handle(
        GrantRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IDocumentSession session, IFundingTerritories territories, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        await GrantCreation.CreateAsync(idempotencyKey, session, response, async id =>
        {
            await Regrants.LockAsync(session, request.ParentGrantId is { } parent ? [parent] : [], ct);
            return Decide(id, request, await GrantContext.LoadAsync(session, request, ct), territories, clock.GetUtcNow());
        }, ct);
}

public static class GrantCreation
{
    public static async Task<Results<Created<GrantDetails>, Ok<GrantDetails>>> CreateAsync(
        string? idempotencyKey, IDocumentSession session, HttpResponse response, Func<Guid, Task<object>> decide, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(decide);
        var grantId = IdempotencyKeys.IdFor(response.HttpContext, "socialtech:grants:", idempotencyKey);
        if (idempotencyKey is not null && await session.LoadAsync<Grant>(grantId, ct) is { } replay)
        {
            ETag.Set(response, replay.Version);
            return TypedResults.Ok(GrantDetails.From(replay));
        }

        session.Events.StartStream<Grant>(grantId, await decide(grantId));
        if (await session.SaveCreationAsync<Grant>(grantId, idempotencyKey, ct) is { } first)
        {
            // A retry that raced its first attempt: it answers what the first one created.
            ETag.Set(response, first.Version);
            return TypedResults.Ok(GrantDetails.From(first));
        }
        var grant = await session.LoadAsync<Grant>(grantId, ct);
        ETag.Set(response, grant!.Version);
        return TypedResults.Created($"/api/funding/grants/{grantId}", GrantDetails.From(grant));
    }
}
