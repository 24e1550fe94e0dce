using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.IncubatorNetworks.Activity;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.Ventures;

/// <summary>The path every message about an existing venture takes; each slice brings its pure decision.</summary>
public static class VentureMessages
{
    public static Task<PublicationResult> PublishAsync(
        ISessionFactory sessions, Guid networkId, string ventureRef, INetworkMessage message, string kind,
        Func<Venture?, Network, Decision> decide, DateTimeOffset now, CancellationToken ct) =>
        ActivityPublisher.PublishAsync(sessions, networkId, message, kind, Subjects.Ventures, ventureRef, decide, now, ct);

    public static async Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> AnswerAsync(
        Task<PublicationResult> publishing, HttpResponse response) =>
        ActivityPublisher.Answer(await publishing, response);
}
