using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Labelling.Applications.Drafting;

namespace SocialTech.Labelling.Applications.Completing;

/// <param name="Evidence">The pieces asked for; each replaces any earlier evidence for its criterion.</param>
public sealed record CompleteApplicationRequest(IReadOnlyList<EvidenceRequest>? Evidence);

public static class CompleteApplication
{
    /// <summary>Completes an incomplete file; the silence delay starts again, in full, from now.</summary>
    public static IReadOnlyList<object> Decide(LabelApplication application, CompleteApplicationRequest request, DateTimeOffset now)
    {
        var validation = new Validation();
        var evidence = DraftApplication.EvidenceOf(validation, "evidence", request.Evidence, application.Rules.CriteriaCodes);
        validation.Check(evidence.Count > 0 || request.Evidence is { Count: > 0 }, "evidence", "bring at least one piece of evidence.").ThrowIfInvalid();
        application.EnsureIn("complete the application", ApplicationStatus.Incomplete);
        return [new ApplicationCompleted(application.Id, evidence, now)];
    }

    public static Task<Ok<LabelApplication>> Handle(
        Guid id, CompleteApplicationRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        ApplicationUpdating.ApplyAsync(id, request, session, application => Decide(application, body, clock.GetUtcNow()), ct);
}
