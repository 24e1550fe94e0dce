using SocialTech.BuildingBlocks.Http;
using SocialTech.Labelling.Labels.FilingReports;
using SocialTech.Labelling.Labels.GettingDetails;
using SocialTech.Labelling.Labels.Register;
using SocialTech.Labelling.Labels.Reinstating;
using SocialTech.Labelling.Labels.Revoking;
using SocialTech.Labelling.Labels.Suspending;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.Labelling.Apis;

/// <summary>The labels and their public register. A label is granted through an application, never created here.</summary>
public static class LabelsApi
{
    public static IEndpointRouteBuilder MapLabelsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/labelling/register", BrowseRegister.Handle)
            .WithTags("Register")
            .WithName("BrowseRegister")
            .WithSummary("The public register: labels by holder, territory, scheme and the day they were valid, with their history, paginated")
            .AddEndpointFilter<QueryParameterFilter>()
            .ProducesValidationProblem();

        var labels = app.MapGroup("/api/labelling/labels").WithTags("Labels")
            .WritesRequireRoles(Roles.LabelOwner)
            .WritesRequireOwner(Roles.LabelOwner, PlatformClaims.LabelOwnerId, "the owner of this label's scheme", LabellingOwners.OfLabel);

        labels.MapGet("/expiring", BrowseRegister.Expiring)
            .WithName("ListExpiringLabels")
            .WithSummary("Labels whose validity ends within a period (within=P6M, or months=6), soonest first, paginated")
            .AddEndpointFilter<QueryParameterFilter>()
            .ProducesValidationProblem();

        labels.MapGet("/{id:guid}", GetLabel.Handle)
            .WithName("GetLabel")
            .WithSummary("A label with its validity, conditions, reports and history, and its version as ETag");

        Updates.Route(labels.MapPost("/{id:guid}/reports", FileMonitoringReport.Handle), "FileMonitoringReport", "File a monitoring report");
        Updates.Route(labels.MapPost("/{id:guid}/suspension", SuspendLabel.Handle), "SuspendLabel", "Suspend an active label, with the reason");
        Updates.Route(labels.MapPost("/{id:guid}/reinstatement", ReinstateLabel.Handle), "ReinstateLabel", "Reinstate a suspended label");
        Updates.Route(labels.MapPost("/{id:guid}/revocation", RevokeLabel.Handle), "RevokeLabel", "Revoke a label for good, with the reason");

        return app;
    }
}
