using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Identifiers;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Actors.Organisations.Registering;

/// <param name="Name">Public name of the organisation.</param>
/// <param name="Kinds">One or more kinds, kebab-case: <c>association</c>, <c>scic</c>, <c>tiers-lieu-operator</c>…</param>
/// <param name="HeadOfficeCommuneCode">INSEE code of the head office's commune, e.g. <c>69123</c>.</param>
/// <param name="Siren">SIREN (9 digits), if it has one.</param>
/// <param name="Siret">SIRET of the head office (14 digits), if known.</param>
/// <param name="Rna">RNA number (associations), <c>W</c> + 9 characters.</param>
/// <param name="LegalCategory">INSEE legal category, 4 digits.</param>
/// <param name="Ess">Belongs to the social and solidarity economy.</param>
/// <param name="Esus">ESUS agreement with its validity dates.</param>
/// <param name="PlacesOfAction">Territories where it acts, when not only at its head office.</param>
/// <param name="Website">Public website.</param>
/// <param name="Mailbox">A role mailbox (contact@…), no personal address.</param>
public sealed record RegisterActorRequest(
    [property: StringLength(TextBounds.Name, MinimumLength = 1)] string? Name,
    [property: EachMaxLength(TextBounds.Code)] IReadOnlyList<string>? Kinds,
    [property: MaxLength(TextBounds.Code)] string? HeadOfficeCommuneCode,
    [property: MaxLength(TextBounds.Code)] string? Siren = null,
    [property: MaxLength(TextBounds.Code)] string? Siret = null,
    [property: MaxLength(TextBounds.Code)] string? Rna = null,
    [property: MaxLength(TextBounds.Code)] string? LegalCategory = null,
    bool? Ess = null,
    EsusAgreementRequest? Esus = null,
    IReadOnlyList<PlaceOfActionRequest>? PlacesOfAction = null,
    [property: MaxLength(TextBounds.Url)] string? Website = null,
    [property: MaxLength(TextBounds.Mailbox)] string? Mailbox = null);

public static class RegisterActor
{
    public static OrganisationRegistered Decide(Guid actorId, RegisterActorRequest request, IKnownTerritories territories, DateTimeOffset now)
    {
        var validation = new Validation();
        var profile = ProfileRules.Profile(validation, request.Name, request.LegalCategory, request.Ess, request.Esus, request.Website, request.Mailbox);
        var kinds = ProfileRules.Kinds(validation, request.Kinds);
        var identifiers = ProfileRules.Identifiers(validation, request.Siren, request.Siret, request.Rna);
        var headOffice = ProfileRules.Commune(validation, territories, request.HeadOfficeCommuneCode, "headOfficeCommuneCode");
        var places = ProfileRules.Places(validation, territories, request.PlacesOfAction);
        validation.ThrowIfInvalid();

        return new OrganisationRegistered(actorId, profile, kinds, identifiers, headOffice!, places, now);
    }

    /// <remarks>
    /// A client that may retry sends an <c>Idempotency-Key</c>: the actor's id is derived from it and the caller, so a retry finds
    /// the actor its first attempt created and answers it again instead of creating a second one.
    /// </remarks>
    public static async Task<Results<Created<ActorDetails>, Ok<ActorDetails>>> Handle(
        RegisterActorRequest request,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        IDocumentSession session, IKnownTerritories territories, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var actorId = IdempotencyKeys.IdFor(response.HttpContext, IdPrefix, idempotencyKey);
        if (idempotencyKey is not null && await session.LoadAsync<ActorDetails>(actorId, ct) is { } replay)
        {
            ETag.Set(response, replay.Version);
            return TypedResults.Ok(replay);
        }

        var registered = Decide(actorId, request, territories, clock.GetUtcNow());
        var claims = IdentifierClaim.KeysOf(registered.Identifiers).ToArray();
        await IdentifierClaim.EnsureFreeAsync(session, claims, actorId, ct);

        session.Insert(claims.Select(c => new IdentifierClaim(c, actorId)).ToArray());
        session.Events.StartStream<Organisation>(actorId, registered);
        if (await session.SaveCreationAsync<ActorDetails>(actorId, idempotencyKey, ct) is { } first)
        {
            // A retry that raced its first attempt: it answers what the first one created.
            ETag.Set(response, first.Version);
            return TypedResults.Ok(first);
        }

        var details = await session.LoadAsync<ActorDetails>(actorId, ct);
        ETag.Set(response, details!.Version);
        return TypedResults.Created($"/api/actors/{actorId}", details);
    }

    /// <summary>The kind in an actor's name-based id.</summary>
    public const string IdPrefix = "socialtech:actors:";

    /// <summary>
    /// A name-based id from a key the service derives itself (an import's natural key, a venture's SIREN): the same key,
    /// the same actor, whoever asks. A client's <c>Idempotency-Key</c> goes through <see cref="IdempotencyKeys"/> instead.
    /// </summary>
    public static Guid IdFromKey(string key) => NameBasedId.From(IdPrefix, key);
}
