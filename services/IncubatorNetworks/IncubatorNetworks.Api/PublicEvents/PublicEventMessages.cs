using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.IncubatorNetworks.Activity;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.PublicEvents;

/// <summary>The path every message about a public event takes; each slice brings its pure decision.</summary>
public static class PublicEventMessages
{
    public static Task<PublicationResult> PublishAsync(
        ISessionFactory sessions, Guid networkId, string publicEventRef, INetworkMessage message, string kind,
        Func<PublicEvent?, Network, Decision> decide, DateTimeOffset now, CancellationToken ct) =>
        ActivityPublisher.PublishAsync(sessions, networkId, message, kind, Subjects.PublicEvents, publicEventRef, decide, now, ct);

    public static async Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> AnswerAsync(
        Task<PublicationResult> publishing, HttpResponse response) =>
        ActivityPublisher.Answer(await publishing, response);

    public static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.DateTime);
}
