using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Funding.Flows.Querying;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.Actors.Territories;

namespace SocialTech.Funding.OpenData.Exporting;

/// <summary>
/// <c>GET /api/funding/exports/360giving</c>: the grants of a flow query as a 360Giving 1.4 data package
/// (<c>{"version": "1.4", "grants": [...]}</c>), one grant each with all its funders in scope.
/// </summary>
/// <remarks>
/// Organisations are identified by org-id.guide identifiers: <c>FR-RCS-&lt;SIREN&gt;</c> when the actor has a SIREN,
/// else <c>FR-RNA-&lt;RNA&gt;</c> (the associations' register), else <c>360G-socialtech-actor-&lt;id&gt;</c>, the
/// 360Giving rule for organisations without a registered identifier. Dates are date-times at midnight UTC (see Iso). Places are INSEE commune codes
/// (<c>geoCodeType</c> <c>FR-INSEE-COM</c>), in the COG vintage the grant recorded them in.
/// </remarks>
public static class Export360Giving
{
    public const string Version = "1.4";
    public const string GrantPrefix = "360G-socialtech-";
    public const string GeoCodeType = "FR-INSEE-COM";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static async Task<JsonHttpResult<GivingPackage>> Handle(
        IQuerySession session, TerritoryReferential referential, [AsParameters] FlowFilters filters, CancellationToken ct)
    {
        var scope = ExportScope.Parse(referential, filters);
        var set = await ExportSet.LoadAsync(session, scope, ct);
        return TypedResults.Json(Package(set, referential), Json, "application/json");
    }

    /// <summary>
    /// The package leaves a null out (360Giving's schema refuses null where it wants a value or nothing): in the
    /// OpenAPI document, a nullable property of its records is optional, not required.
    /// </summary>
    public static Task OmittedNullsAreOptional(Microsoft.OpenApi.OpenApiSchema schema, Microsoft.AspNetCore.OpenApi.OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonTypeInfo.Type.Namespace == typeof(GivingPackage).Namespace && schema.Properties is { } properties && schema.Required is { } required)
        {
            foreach (var (name, property) in properties)
            {
                var nullable = (property.Type?.HasFlag(Microsoft.OpenApi.JsonSchemaType.Null) ?? false)
                    || (property.OneOf?.Any(o => o.Type == Microsoft.OpenApi.JsonSchemaType.Null) ?? false);
                if (nullable)
                {
                    required.Remove(name);
                }
            }
        }

        return Task.CompletedTask;
    }

    public static GivingPackage Package(ExportSet set, TerritoryReferential referential)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(referential);
        var grants = set.Grants.Select(exported =>
        {
            var grant = exported.Grant;
            var recipient = set.Actors.GetValueOrDefault(grant.Terms.Recipient.ActorId);
            var programme = grant.Terms.ProgrammeId is { } p ? set.Programmes.GetValueOrDefault(p) : null;
            var headOffice = recipient?.HeadOffice ?? grant.Terms.Recipient.HeadOffice;
            return new GivingGrant(
                GrantPrefix + grant.Id,
                Title(grant.Terms.Purpose),
                grant.Terms.Purpose,
                "EUR",
                exported.Funders.Sum(f => f.Awarded),
                exported.Funders.Sum(f => f.Disbursed),
                Iso(grant.DecisionDate!.Value),
                [new GivingPeriod(Iso(grant.Terms.PlannedStart), Iso(grant.Terms.PlannedEnd))],
                [new GivingOrganisation(
                    OrgId(grant.Terms.Recipient.ActorId, recipient), recipient?.Name ?? "unknown", recipient?.Identifiers.Siren,
                    NameOf(headOffice, referential), [Location(headOffice, referential)])],
                exported.Funders.Select(f => new GivingOrganisation(OrgId(f.FunderId, set.Actors.GetValueOrDefault(f.FunderId)),
                    set.Actors.GetValueOrDefault(f.FunderId)?.Name ?? "unknown", set.Actors.GetValueOrDefault(f.FunderId)?.Identifiers.Siren, null, null)).ToArray(),
                exported.Locations.Select(l => Location(l, referential)).ToArray(),
                programme is null ? null : [new GivingProgramme(programme.Id.ToString(), programme.Terms.Name)],
                grant.Terms.ParentGrantId is { } parent ? [GrantPrefix + parent] : null,
                grant.Derogations.Count == 0 ? null
                    : grant.Derogations.Select(d => new GivingDerogation(d.Rules, d.Reason, Iso(d.DecidedOn))).ToArray());
        }).ToArray();
        return new GivingPackage(Version, grants);
    }

    /// <summary>An org-id.guide identifier: the SIREN in the French company register scheme, else the RNA, else ours.</summary>
    public static string OrgId(Guid actorId, DirectoryActor? actor) =>
        actor?.Identifiers.Siren is { } siren ? "FR-RCS-" + siren
        : actor?.Identifiers.Rna is { } rna ? "FR-RNA-" + rna
        : "360G-socialtech-actor-" + actorId;

    private static GivingLocation Location(CommuneReference commune, TerritoryReferential referential) =>
        new(commune.Code, NameOf(commune, referential), "FR", commune.Code, GeoCodeType);

    private static string? NameOf(CommuneReference commune, TerritoryReferential referential) =>
        referential.TryGetCommune(commune, out var c) ? c.Name : null;

    /// <summary>A grant's title is its purpose's first line, cut at 120 characters: 360Giving shows titles in lists.</summary>
    private static string Title(string purpose)
    {
        var first = purpose.ReplaceLineEndings("\n").Split('\n')[0].Trim();
        return first.Length <= 120 ? first : first[..119] + "…";
    }

    /// <summary>
    /// Dates as full date-times at midnight UTC. The schema's date fields are <c>oneOf</c> a <c>date-time</c> format
    /// and a <c>YYYY-MM-DD</c> pattern; validators that treat <c>format</c> as an annotation (2020-12's default, and
    /// NJsonSchema on a type-less subschema) let a plain date match both branches, and <c>oneOf</c> then fails. A
    /// date-time matches exactly one branch under either reading.
    /// </summary>
    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd'T00:00:00Z'", CultureInfo.InvariantCulture);
}

/// <summary>A 360Giving data package (schema 1.4.3, <c>../shared/reference/360giving/</c>).</summary>
public sealed record GivingPackage(string Version, IReadOnlyList<GivingGrant> Grants);

/// <param name="RelatedActivity">For a regranted grant, the grant it regrants from.</param>
/// <param name="ProgrammeDerogations">An additional field (360Giving allows fields of one's own beside the standard's): the
/// derogations to its programme's rules the grant was awarded or amended with; left out when it keeps every rule.</param>
public sealed record GivingGrant(
    string Id,
    string Title,
    string Description,
    string Currency,
    decimal AmountAwarded,
    decimal AmountDisbursed,
    string AwardDate,
    IReadOnlyList<GivingPeriod> PlannedDates,
    IReadOnlyList<GivingOrganisation> RecipientOrganization,
    IReadOnlyList<GivingOrganisation> FundingOrganization,
    IReadOnlyList<GivingLocation> BeneficiaryLocation,
    IReadOnlyList<GivingProgramme>? GrantProgramme,
    IReadOnlyList<string>? RelatedActivity,
    IReadOnlyList<GivingDerogation>? ProgrammeDerogations = null);

/// <summary>A derogation to the programme's rules: which rules (<c>perimeter</c>, <c>beneficiary-kinds</c>, <c>window</c>), why, and the decision's day.</summary>
public sealed record GivingDerogation(IReadOnlyList<string> Rules, string Reason, string DecisionDate);

public sealed record GivingPeriod(string StartDate, string EndDate);

/// <param name="CompanyNumber">The SIREN, when it has one.</param>
/// <param name="AddressLocality">The head office's commune.</param>
public sealed record GivingOrganisation(
    string Id, string Name, string? CompanyNumber, string? AddressLocality, IReadOnlyList<GivingLocation>? Location);

/// <param name="GeoCode">The INSEE commune code.</param>
public sealed record GivingLocation(string Id, string? Name, string CountryCode, string GeoCode, string GeoCodeType);

public sealed record GivingProgramme(string Code, string Title);
