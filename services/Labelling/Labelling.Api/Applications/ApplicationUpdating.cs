using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Labelling.Applications;

/// <summary>
/// The one way every application update writes: If-Match → decide → append, with the grant's label and the
/// deadlines in the same transaction → the new record with its ETag.
/// </summary>
public static class ApplicationUpdating
{
    public static async Task<Ok<LabelApplication>> ApplyAsync(
        Guid id, HttpRequest request, IDocumentSession session, Func<LabelApplication, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        var version = await session.DecideAndAppendAsync<LabelApplication>(id, ETag.ExpectedVersion(request), application =>
        {
            var events = decide(application);
            ApplicationEffects.Queue(session, application, events);
            return events;
        }, ct);
        var application = await session.LoadAsync<LabelApplication>(id, ct);
        ETag.Set(request.HttpContext.Response, version);
        return TypedResults.Ok(application!);
    }

    /// <summary>The calendar day of an instant, in UTC like every date the platform records.</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);
}
