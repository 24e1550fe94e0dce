using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SocialTech.Actors.Organisations.GettingHistory;

/// <summary>One change in an actor's life, as its timeline shows it.</summary>
/// <param name="Version">The stream version this change produced.</param>
/// <param name="Change">What happened, kebab-case (<c>head-office-moved</c>).</param>
/// <param name="RecordedAt">When it was recorded.</param>
/// <param name="RecordedBy">Who recorded it, when known.</param>
/// <param name="Data">The event as stored.</param>
public sealed record ActorHistoryEntry(long Version, string Change, DateTimeOffset RecordedAt, string? RecordedBy, JsonElement Data);

public static class GetActorHistory
{
    public static async Task<Results<Ok<IReadOnlyList<ActorHistoryEntry>>, NotFound>> Handle(Guid id, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        if (events.Count == 0)
        {
            return TypedResults.NotFound();
        }

        IReadOnlyList<ActorHistoryEntry> timeline = events
            .Select(e => new ActorHistoryEntry(
                e.Version,
                JsonNamingPolicy.KebabCaseLower.ConvertName(e.EventType.Name),
                e.Timestamp,
                e.UserName,
                JsonSerializer.SerializeToElement(e.Data, e.EventType, JsonSerializerOptions.Web)))
            .ToArray();
        return TypedResults.Ok(timeline);
    }
}
