using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Actors.Organisations.LinkingIdentifiers;

/// <param name="Kind"><c>siren</c>, <c>siret</c> or <c>rna</c>.</param>
/// <param name="Value">The identifier; spaces and dots are ignored.</param>
public sealed record LinkIdentifierRequest([property: MaxLength(TextBounds.Code)] string? Kind, [property: StringLength(TextBounds.Identifier, MinimumLength = 1)] string? Value);

public static class LinkIdentifier
{
    public static IReadOnlyList<object> Decide(Organisation actor, LinkIdentifierRequest request, DateTimeOffset now)
    {
        var validation = new Validation();
        validation.Check(Kebab.TryParse<IdentifierKind>(request.Kind, out var kind), "kind", "must be siren, siret or rna.");
        validation.Required(request.Value, "value", TextBounds.Identifier);
        validation.ThrowIfInvalid();

        var value = Identifiers.Normalize(request.Value!);
        validation.Check(Identifiers.IsValid(kind, value), "value", Identifiers.Describe(kind)).ThrowIfInvalid();
        actor.EnsureActive("link an identifier");

        var current = kind switch
        {
            IdentifierKind.Siren => actor.Identifiers.Siren,
            IdentifierKind.Siret => actor.Identifiers.Siret,
            _ => actor.Identifiers.Rna,
        };
        if (current == value)
        {
            return [];
        }

        if (current is not null)
        {
            throw new ProblemException(StatusCodes.Status409Conflict, "Identifier already set",
                $"The actor's {Kebab.Name(kind)} is already {current}; an organisation has one. Merge duplicates instead.");
        }

        var siren = actor.Identifiers.Siren;
        if (kind == IdentifierKind.Siret && siren is not null && !value.StartsWith(siren, StringComparison.Ordinal))
        {
            throw new SocialTech.BuildingBlocks.Http.ValidationException(new Dictionary<string, string[]> { ["value"] = [$"must start with the actor's SIREN {siren}."] });
        }

        List<object> events = [new IdentifierLinked(actor.Id, kind, value, now)];
        if (kind == IdentifierKind.Siret && siren is null)
        {
            events.Add(new IdentifierLinked(actor.Id, IdentifierKind.Siren, value[..9], now));
        }

        return events;
    }

    public static async Task<Ok<ActorDetails>> Handle(
        Guid id, LinkIdentifierRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await Updating.ApplyAsync(id, request, session, async actor =>
        {
            var events = Decide(actor, body, now);
            var linked = events.OfType<IdentifierLinked>()
                .Aggregate(actor.Identifiers, (ids, e) => Organisation.With(ids, e.Kind, e.Value));
            var claims = IdentifierClaim.KeysOf(linked).Except(IdentifierClaim.KeysOf(actor.Identifiers)).ToArray();
            // The check gives a helpful 409; the claim's primary key still guards a race with another writer.
            await IdentifierClaim.EnsureFreeAsync(session, claims, actor.Id, ct);
            session.Insert(claims.Select(c => new IdentifierClaim(c, actor.Id)).ToArray());
            return events;
        }, ct);
    }
}
