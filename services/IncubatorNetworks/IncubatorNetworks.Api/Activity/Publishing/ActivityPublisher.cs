using System.Security.Cryptography;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.Activity.Publishing;

/// <summary>
/// The one way a network's message is applied, whichever path it came by: check its eventId, replay the first
/// result if it was seen, otherwise run the slice's pure decision against the subject's state and commit the events
/// and the <see cref="Publication"/> in one transaction.
/// </summary>
/// <remarks>
/// The publishing network is the route's <c>networkId</c> for now. Per-network credentials (issue 7) replace it with
/// the authenticated network's id, and a route naming another network will answer 403: this is the only place to
/// change, since every slice publishes through here.
/// </remarks>
public static class ActivityPublisher
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<PublicationResult> PublishAsync<TState>(
        ISessionFactory sessions, Guid networkId, INetworkMessage message, string kind, string collection, string? reference,
        Func<TState?, Network, Decision> decide, DateTimeOffset now, CancellationToken ct)
        where TState : class
    {
        new Validation()
            .Reference(message.EventId, "eventId")
            .Reference(reference, ReferenceField(collection))
            .ThrowIfInvalid();

        var id = Publication.IdOf(networkId, message.EventId!);
        var hash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), Json)));

        var streamId = Subjects.StreamId(collection, networkId, reference!);
        using var turn = await SubjectTurns.TakeAsync(streamId, ct);

        // Another replica may still write the same subject (optimistic concurrency at commit), and two copies of one
        // message may race (the publication's primary key): the loser tries again and, in the second case, finds the
        // winner.
        for (var attempt = 1; ; attempt++)
        {
            await using var session = sessions.OpenSession();

            // The idempotency record, the network and the subject's stream in one round trip: on a busy network
            // every round trip is a wake-up of the service and of a backend.
            var reads = session.CreateBatchQuery();
            var seenRead = reads.Load<Publication>(id);
            var networkRead = reads.Load<Network>(networkId);
            var streamRead = reads.Events.FetchForWriting<TState>(streamId);
            await reads.Execute(ct);
            if (await seenRead is { } seen)
            {
                return Replay(seen, hash);
            }

            var network = await networkRead
                ?? throw new ProblemException(StatusCodes.Status404NotFound, "Not found", $"No network has id {networkId}.");
            var stream = await streamRead;
            var decision = decide(stream.Aggregate, network);
            var version = (stream.CurrentVersion ?? 0) + decision.Events.Count;
            stream.AppendMany(decision.Events);

            var publication = new Publication(id, networkId, network.Name, message.EventId!, kind, hash,
                Subjects.Path(collection, networkId, reference!), version,
                stream.Aggregate is null, decision.Events.Count > 0, decision.Summary, decision.OccursOn, KeysOf(decision, network), now);
            session.Insert(publication);
            if (publication.Changed)
            {
                Feeds.Live.LiveActivity.Notify(session, publication);
            }

            try
            {
                await session.SaveChangesAsync(ct);
                return new PublicationResult(publication, Replayed: false);
            }
            catch (Exception e) when (attempt < 3 && IsRace(e))
            {
                // Lost a race: the next attempt reads what the winner committed.
            }
        }
    }

    /// <summary>Answers a publication: 201 with Location when it created its subject, 200 otherwise, the same on a replay.</summary>
    public static Results<Created<PublicationReceipt>, Ok<PublicationReceipt>> Answer(PublicationResult result, HttpResponse response)
    {
        var receipt = PublicationReceipt.Of(result.Publication);
        if (result.Replayed)
        {
            response.Headers["Idempotent-Replayed"] = "true";
        }

        return result.Publication.Created
            ? TypedResults.Created(result.Publication.Subject, receipt)
            : TypedResults.Ok(receipt);
    }

    private static PublicationResult Replay(Publication seen, string hash) =>
        seen.PayloadHash == hash
            ? new PublicationResult(seen, Replayed: true)
            : throw new ProblemException(StatusCodes.Status409Conflict, "eventId already used",
                $"The eventId {seen.EventId} was published on {seen.PublishedAt:O} with another body ({seen.Kind} about {seen.Subject}); " +
                "an eventId names one message: give this one a new eventId.",
                new Dictionary<string, object?> { ["subject"] = seen.Subject, ["kind"] = seen.Kind });

    private static IReadOnlyList<string> KeysOf(Decision decision, Network network) =>
        decision.CommuneCode is { } commune
            ? Territories.TerritoryKeys.OfCommune(commune)
            : network.OpenHubs.SelectMany(h => NetworkRules.TerritoryKeysOf(h.Location)).Distinct().ToArray();

    private static string ReferenceField(string collection) => collection switch
    {
        Subjects.Programmes => "programmeRef",
        Subjects.Calls => "callRef",
        Subjects.Cohorts => "cohortRef",
        Subjects.Ventures => "ventureRef",
        _ => "publicEventRef",
    };

    private static bool IsRace(Exception e) =>
        e is JasperFx.DocumentAlreadyExistsException or JasperFx.ConcurrencyException
            or JasperFx.Events.EventStreamUnexpectedMaxEventIdException
        || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
