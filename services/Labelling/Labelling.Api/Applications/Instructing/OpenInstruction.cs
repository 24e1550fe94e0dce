using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SocialTech.Labelling.Applications.Instructing;

public static class OpenInstruction
{
    public static IReadOnlyList<object> Decide(LabelApplication application, DateTimeOffset now)
    {
        application.EnsureIn("open the instruction", ApplicationStatus.Admissible);
        return [new InstructionOpened(application.Id, now)];
    }

    public static Task<Ok<LabelApplication>> Handle(Guid id, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        ApplicationUpdating.ApplyAsync(id, request, session, application => Decide(application, clock.GetUtcNow()), ct);
}
