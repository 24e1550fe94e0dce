using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Security;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Labelling.Campaigns;
using SocialTech.Labelling.Labels;
using SocialTech.Labelling.Schemes;
using SocialTech.Labelling.Territories;

namespace SocialTech.Labelling.Applications.Drafting;

/// <param name="Id">The actor, place or network applying; for a territorial collective or an ecosystem, leave it out.</param>
/// <param name="Territory"><c>level:code</c> of the territory applying (territorial collective, ecosystem).</param>
/// <param name="Collective">The actors (registry ids) that carry a territory's application.</param>
public sealed record HolderRequest(Guid? Id = null, [property: MaxLength(TextBounds.Code)] string? Territory = null, IReadOnlyList<Guid>? Collective = null);

/// <param name="CriterionCode">The scheme's criterion code.</param>
/// <param name="Reference">A document reference, an address, or for an open brand the self-declaration itself.</param>
public sealed record EvidenceRequest([property: MaxLength(TextBounds.Code)] string? CriterionCode, [property: StringLength(TextBounds.Statement, MinimumLength = 1)] string? Reference);

/// <param name="SchemeId">The scheme applied to.</param>
/// <param name="CampaignId">The campaign (wave); required for an obtention scheme, absent for an open brand.</param>
/// <param name="Holder">Who would hold the label; its kind is the scheme's.</param>
/// <param name="Evidence">Evidence per criterion, as far as it is ready.</param>
/// <param name="RenewsLabelId">The label this application renews: renewal is never automatic, it takes a new application.</param>
public sealed record DraftApplicationRequest(
    Guid? SchemeId, HolderRequest? Holder, Guid? CampaignId = null, IReadOnlyList<EvidenceRequest>? Evidence = null, Guid? RenewsLabelId = null);

public static class DraftApplication
{
    /// <param name="territoryExists">Whether a <c>level:code</c> key names a territory of the referential; null skips the check.</param>
    /// <param name="draftedBy">The party drafting (<see cref="ApplicationParties.DrafterOf"/>): the one that may act on the application.</param>
    public static ApplicationDrafted Decide(
        Guid applicationId, DraftApplicationRequest request, Scheme? scheme, Campaign? campaign, Label? renewed, DateTimeOffset now,
        Func<string, bool>? territoryExists = null, ApplicationDrafter? draftedBy = null)
    {
        var validation = new Validation()
            .Check(request.SchemeId is not null, "schemeId", "is required.")
            .Check(request.SchemeId is null || scheme is not null, "schemeId", $"no scheme has id {request.SchemeId}.")
            .Check(request.Holder is not null, "holder", "is required.");
        validation.ThrowIfInvalid();
        scheme!.EnsurePublished("apply");

        var terms = scheme.Terms;
        var holder = Holder(validation, terms.Labels, request.Holder!);
        validation.Check(holder.Territory is null || territoryExists is null || territoryExists(holder.Territory), "holder.territory",
            $"'{holder.Territory}' names no territory of the referential (COG 2025); write level:code, e.g. commune:24322, epci:200046977, departement:24, region:75.");
        if (terms.Mode == SchemeMode.Obtention)
        {
            validation.Check(request.CampaignId is not null, "campaignId", "is required: an obtention scheme selects within a campaign.")
                .Check(request.CampaignId is null || campaign is not null, "campaignId", $"no campaign has id {request.CampaignId}.")
                .Check(campaign is null || campaign.SchemeId == scheme.Id, "campaignId", "belongs to another scheme.");
        }
        else
        {
            validation.Check(request.CampaignId is null, "campaignId", "must be left out: an open-brand scheme has no campaign.");
        }

        var codes = terms.Criteria.Select(c => c.Code).ToArray();
        var evidence = EvidenceOf(validation, "evidence", request.Evidence, codes);
        validation.Check(request.RenewsLabelId is null || renewed is not null, "renewsLabelId", $"no label has id {request.RenewsLabelId}.")
            .Check(renewed is null || renewed.SchemeId == scheme.Id, "renewsLabelId", "is a label of another scheme.")
            .Check(renewed is null || (renewed.HolderId == holder.Id && renewed.HolderTerritory == holder.Territory), "renewsLabelId",
                "is held by someone else: only its holder renews a label.")
            .ThrowIfInvalid();
        if (renewed is not null && renewed.Status == LabelStatus.Revoked)
        {
            throw new InvalidTransitionException("renew the label", "the label is revoked");
        }

        var rules = new ApplicationRules(terms.Mode, terms.Validity, terms.SilenceMeansAcceptanceDays, codes,
            terms.Criteria.Where(c => c.Evidence is not null).Select(c => c.Code).ToArray(), terms.Criteria);
        return new ApplicationDrafted(applicationId, scheme.Id, campaign?.Id, holder, rules, evidence, renewed?.Id, now, draftedBy);
    }

    public static LabelHolder Holder(Validation validation, LabelledKind kind, HolderRequest holder)
    {
        var territory = holder.Territory?.Trim().ToLowerInvariant();
        var collective = (holder.Collective ?? []).Distinct().ToArray();
        if (kind is LabelledKind.TerritorialCollective or LabelledKind.Ecosystem)
        {
            validation.Check(territory is { Length: > 2 } && territory.Contains(':', StringComparison.Ordinal) && territory.Length <= 40, "holder.territory",
                    "is required for a territory: write level:code, e.g. epci:200046977.")
                .Check(holder.Id is null, "holder.id", "must be left out: a territory applies, with its collective of actors.")
                .Check(kind != LabelledKind.TerritorialCollective || collective.Length > 0, "holder.collective",
                    "name at least one actor of the territorial collective.")
                .Check(collective.All(a => a != Guid.Empty), "holder.collective", "holds an empty id.");
            return new LabelHolder(kind, null, territory, collective);
        }

        validation.Check(holder.Id is { } id && id != Guid.Empty, "holder.id", $"is required: the {Kebab.Name(kind)} applying.")
            .Check(territory is null, "holder.territory", $"must be left out: a {Kebab.Name(kind)} applies by its id.");
        return new LabelHolder(kind, holder.Id, null, collective);
    }

    public static IReadOnlyList<Evidence> EvidenceOf(Validation validation, string field, IReadOnlyList<EvidenceRequest>? requested, IReadOnlyList<string> codes)
    {
        var evidence = new List<Evidence>();
        foreach (var (e, i) in (requested ?? []).Select((e, i) => (e, i)))
        {
            var code = codes.FirstOrDefault(c => string.Equals(c, e?.CriterionCode?.Trim(), StringComparison.OrdinalIgnoreCase));
            validation.Check(code is not null, $"{field}[{i}].criterionCode", $"must be one of the scheme's criteria: {string.Join(", ", codes)}.")
                .Required(e?.Reference, $"{field}[{i}].reference", TextBounds.Statement);
            if (code is not null && !string.IsNullOrWhiteSpace(e?.Reference))
            {
                evidence.Add(new Evidence(code, e.Reference.Trim()));
            }
        }

        validation.Check(evidence.Select(e => e.CriterionCode).Distinct().Count() == evidence.Count, field, "one piece of evidence per criterion.");
        return evidence;
    }

    public static async Task<Results<Created<LabelApplication>, Ok<LabelApplication>>> Handle(
        DraftApplicationRequest request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ClaimsPrincipal user,
        IDocumentSession session, LabellingTerritories territories, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var applicationId = IdempotencyKeys.IdFor(response.HttpContext, "socialtech:label-applications:", idempotencyKey);
        if (idempotencyKey is not null && await session.LoadAsync<LabelApplication>(applicationId, ct) is { } replay)
        {
            return Replay(replay, user, response);
        }

        var scheme = request.SchemeId is { } s && s != Guid.Empty ? await session.LoadAsync<Scheme>(s, ct) : null;
        var campaign = request.CampaignId is { } c && c != Guid.Empty ? await session.LoadAsync<Campaign>(c, ct) : null;
        var renewed = request.RenewsLabelId is { } l && l != Guid.Empty ? await session.LoadAsync<Label>(l, ct) : null;
        if (request.Holder is { Territory: { } territory } holder)
        {
            request = request with { Holder = holder with { Territory = territories.Canonical(territory.Trim().ToLowerInvariant()) } };
        }

        session.Events.StartStream<LabelApplication>(applicationId,
            Decide(applicationId, request, scheme, campaign, renewed, clock.GetUtcNow(), territories.Exists, ApplicationParties.DrafterOf(user)));
        if (await session.SaveCreationAsync<LabelApplication>(applicationId, idempotencyKey, ct) is { } first)
        {
            // A retry that raced its first attempt: it answers what the first one created.
            return Replay(first, user, response);
        }
        var application = await session.LoadAsync<LabelApplication>(applicationId, ct);
        ETag.Set(response, application!.Version);
        return TypedResults.Created($"/api/labelling/applications/{applicationId}", application);
    }

    /// <summary>
    /// A replay answers the application only to its drafting party (or an admin): an Idempotency-Key names an
    /// application the way its id does, and another party's key must not open its file.
    /// </summary>
    private static Ok<LabelApplication> Replay(LabelApplication application, ClaimsPrincipal user, HttpResponse response)
    {
        if (!user.IsInRole(Roles.Admin) && !ApplicationParties.IsDrafter(application, user))
        {
            throw new ProblemException(StatusCodes.Status403Forbidden, "Forbidden",
                "This Idempotency-Key names an application another party drafted; choose a key of your own.");
        }

        ETag.Set(response, application.Version);
        return TypedResults.Ok(application);
    }
}
