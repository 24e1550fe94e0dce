using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Actors.Organisations.ChangingKinds;

/// <param name="Kind">A kind, kebab-case (<c>tiers-lieu-operator</c>).</param>
public sealed record AddKindRequest([property: MaxLength(TextBounds.Code)] string? Kind);

public static class ChangeKinds
{
    public static IReadOnlyList<object> DecideAdd(Organisation actor, string? kind, DateTimeOffset now)
    {
        var parsed = Parse(kind);
        actor.EnsureActive("add a kind");
        return actor.Kinds.Contains(parsed) ? [] : [new KindAdded(actor.Id, parsed, now)];
    }

    public static IReadOnlyList<object> DecideRemove(Organisation actor, string? kind, DateTimeOffset now)
    {
        var parsed = Parse(kind);
        actor.EnsureActive("remove a kind");
        if (!actor.Kinds.Contains(parsed))
        {
            return [];
        }

        if (actor.Kinds.Count == 1)
        {
            throw new ProblemException(StatusCodes.Status409Conflict, "Last kind",
                $"'{kind}' is the actor's only kind; add the right one first, then remove this one.");
        }

        return [new KindRemoved(actor.Id, parsed, now)];
    }

    public static Task<Ok<ActorDetails>> HandleAdd(
        Guid id, AddKindRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Updating.ApplyAsync(id, request, session, actor => DecideAdd(actor, body.Kind, clock.GetUtcNow()), ct);

    public static Task<Ok<ActorDetails>> HandleRemove(
        Guid id, string kind, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Updating.ApplyAsync(id, request, session, actor => DecideRemove(actor, kind, clock.GetUtcNow()), ct);

    private static ActorKind Parse(string? kind)
    {
        var validation = new Validation();
        var kinds = ProfileRules.Kinds(validation, kind is null ? [] : [kind], "kind");
        validation.ThrowIfInvalid();
        return kinds[0];
    }
}
