using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Security;
using SocialTech.Funding.OpenData.Exporting;
using SocialTech.Funding.OpenData.Importing;

namespace SocialTech.Funding.Apis;

/// <summary>Open data in and out: SCDL Subventions files in, SCDL 2.1.1 and 360Giving out (docs/open-data.md).</summary>
public static class OpenDataApi
{
    private const string Scope =
        " Filters, as every flow query: territory=level:code; basis=beneficiary|head-office; measure=awarded|committed|disbursed; from, to (inclusive dates);" +
        " recipient, funder, programme (ids); recipientKind; asKnownOn (a day, or an instant with its offset; not in the future). Any other query parameter is a 400 naming it." +
        " A grant is listed when it has money in scope, with each funder's part in scope (its whole part for a grant used in one commune); cancelled grants never are.";

    public static IEndpointRouteBuilder MapOpenDataApi(this IEndpointRouteBuilder app)
    {
        // Public authorities publish their subsidies as SCDL; a file may name any funder, so funders (who write only
        // their own grants) do not import.
        var imports = app.MapGroup("/api/funding/imports").WithTags("Open data")
            .WritesRequireRoles(Roles.PublicAuthority, Roles.Operator);

        // The size limit applies to this route only; Kestrel enforces it, and the handler counts too.
        imports.MapPost("/scdl", ImportScdl.Handle)
            .WithName("ImportScdl")
            .WithSummary("Import an SCDL Subventions CSV file (2.x or 1.x layout); 200 with a report per row: created, duplicate, invalid or deferred")
            .WithDescription("Body: the file as text/csv (UTF-8 with or without BOM, or Windows-1252; ';', ',' or tab), or a multipart/form-data upload of it; at most 10 MiB and 20 000 rows. " +
                "Attributing authorities and recipients are found in Funding's actor directory by SIREN or RNA; the others are registered through the Actors service's API " +
                "(kinds local-authority and association, head office from a commune's SIREN through the territory referential's SIREN table or a département's chef-lieu, else headOfficeCommune, else the funder's; a 21… SIREN of no commune is a row error) and the import waits for them to reach the directory. " +
                "Sending the same file again creates nothing: each row's grant id derives from the authority, the decision's reference and date, the recipient and the amount; " +
                "a row of this platform's own SCDL export (referenceDecision the id of a grant here with the row's funder and recipient) is a duplicate of that grant.")
            .Accepts<string>("text/csv", "multipart/form-data")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(ImportScdl.MaxBytes))
            .Produces<ScdlImportReport>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        // The exports take the flow queries' filters: a parameter they do not take is refused as on the flow routes, not ignored.
        var exports = app.MapGroup("/api/funding/exports").WithTags("Open data").AddEndpointFilter<QueryParameterFilter>();

        exports.MapGet("/scdl", ExportScdl.Handle)
            .WithName("ExportScdl")
            .WithSummary("The grants of a flow query as an SCDL Subventions 2.1.1 CSV file, one row per grant and funder")
            .WithDescription("';'-separated, UTF-8 with BOM, the 16 columns of the 2.1.1 Table Schema in its order; referenceDecision holds the grant's id " +
                "(importing the file into this platform again recognises its own grants and creates nothing). Every row validates against the schema: " +
                "a row it would refuse (a funder without SIRET, a recipient with neither SIRET nor RNA) is left out, counted in the X-Scdl-Omitted-Rows header " +
                "(X-Scdl-Exported-Rows counts the rows written) and listed by GET /api/funding/exports/scdl/report with the same filters." + Scope)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .ProducesValidationProblem()
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // The file is the body; what it leaves out travels in headers, declared here for generated clients.
                if (operation.Responses?.GetValueOrDefault("200") is Microsoft.OpenApi.OpenApiResponse ok)
                {
                    ok.Headers ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiHeader>();
                    ok.Headers[ExportScdl.ExportedRowsHeader] = new Microsoft.OpenApi.OpenApiHeader
                    {
                        Description = "Rows written in the file (one per grant and funder).",
                        Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.Integer },
                    };
                    ok.Headers[ExportScdl.OmittedRowsHeader] = new Microsoft.OpenApi.OpenApiHeader
                    {
                        Description = "Rows left out because the SCDL 2.1.1 schema would refuse them; GET /api/funding/exports/scdl/report lists them.",
                        Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.Integer },
                    };
                }

                return Task.CompletedTask;
            });

        exports.MapGet("/scdl/report", ExportScdl.Report)
            .WithName("ExportScdlReport")
            .WithSummary("What the SCDL export of the same flow query holds, and each row it leaves out with the column the schema would refuse")
            .WithDescription("Same filters as GET /api/funding/exports/scdl. exportedRows and exportedAmount add up the file; omitted lists the rows left out " +
                "(grant, funder, their part in scope, reasons by SCDL column), omittedByColumn counts them by column." + Scope)
            .Produces<ScdlExportReport>()
            .ProducesValidationProblem();

        exports.MapGet("/360giving", Export360Giving.Handle)
            .WithName("Export360Giving")
            .WithSummary("The grants of a flow query as a 360Giving 1.4 JSON data package")
            .WithDescription("Organisations as FR-RCS-<SIREN>, else FR-RNA-<RNA>, else 360G-socialtech-actor-<id>; beneficiary locations as INSEE commune codes (geoCodeType FR-INSEE-COM). " +
                "The schema wants at least one grant: an empty scope gives an empty grants list." + Scope)
            // A JsonHttpResult<T> (the export has serializer options of its own) does not describe itself.
            .Produces<GivingPackage>(StatusCodes.Status200OK, "application/json")
            .ProducesValidationProblem();

        return app;
    }
}
