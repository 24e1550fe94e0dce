using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Labelling.Labels.GettingDetails;

namespace SocialTech.Labelling.Labels.FilingReports;

/// <param name="Period">What the report covers, e.g. <c>2026</c> or <c>2026-S1</c>.</param>
/// <param name="Summary">What the holder did with the label, and how it met its conditions.</param>
/// <param name="FiledOn">The day it was filed.</param>
public sealed record MonitoringReportRequest([property: StringLength(TextBounds.Code, MinimumLength = 1)] string? Period, [property: StringLength(TextBounds.Minutes, MinimumLength = 1)] string? Summary, DateOnly? FiledOn);

public static class FileMonitoringReport
{
    /// <summary>A holder reports while the label stands, suspended included: the report is often how a suspension ends.</summary>
    public static IReadOnlyList<object> Decide(Label label, MonitoringReportRequest request, DateTimeOffset now)
    {
        new Validation().Required(request.Period, "period", TextBounds.Code).Required(request.Summary, "summary", TextBounds.Minutes)
            .Check(request.FiledOn is not null, "filedOn", "is required.")
            .Check(request.FiledOn is null || request.FiledOn <= DateOnly.FromDateTime(now.UtcDateTime), "filedOn", "cannot be in the future.")
            .ThrowIfInvalid();
        label.EnsureIn("file a monitoring report", LabelStatus.Active, LabelStatus.Suspended);
        return [new MonitoringReportFiled(label.Id, request.Period!.Trim(), request.Summary!.Trim(), request.FiledOn!.Value, now)];
    }

    public static Task<Ok<Label>> Handle(
        Guid id, MonitoringReportRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        LabelUpdating.ApplyAsync(id, request, session, label => Decide(label, body, clock.GetUtcNow()), ct);
}
