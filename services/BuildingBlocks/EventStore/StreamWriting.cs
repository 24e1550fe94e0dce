using Marten;
using Microsoft.AspNetCore.Http;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.BuildingBlocks.EventStore;

public static class StreamWriting
{
    /// <summary>
    /// The commit failed because the stream (or a document keyed like it) already exists: for a create keyed by an
    /// <c>Idempotency-Key</c>, a retry racing its first attempt, which then answers what the first one created.
    /// </summary>
    private static bool IsAlreadyCreated(Exception exception) =>
        exception is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException
            or JasperFx.DocumentAlreadyExistsException;

    /// <summary>
    /// Commits a create. When the commit collides with an existing stream and the create came with an
    /// <c>Idempotency-Key</c>, it was a retry racing its first attempt, which committed: returns the
    /// <typeparamref name="TDocument"/> that attempt created, for the caller to answer as a replay (200). Returns null
    /// when this commit created it.
    /// </summary>
    public static async Task<TDocument?> SaveCreationAsync<TDocument>(
        this IDocumentSession session, Guid id, string? idempotencyKey, CancellationToken ct)
        where TDocument : class
    {
        try
        {
            await session.SaveChangesAsync(ct);
            return null;
        }
        catch (Exception e) when (idempotencyKey is not null && IsAlreadyCreated(e))
        {
            // A fresh session: this one's unit of work failed.
            await using var query = session.DocumentStore.QuerySession();
            if (await query.LoadAsync<TDocument>(id, ct) is { } first)
            {
                return first;
            }

            throw;
        }
    }

    /// <summary>
    /// Loads <typeparamref name="TState"/> for writing, checks it is at <paramref name="expectedVersion"/> (the
    /// client's <c>If-Match</c>), runs the pure <paramref name="decide"/> function, appends what it decided and
    /// commits. Returns the stream's new version.
    /// </summary>
    /// <remarks>
    /// Two checks guard against lost updates: the version read now against the one the client saw (412 at once),
    /// and Marten's optimistic check at commit against a writer that slipped in between (412 through the handler).
    /// A decision with no event (the state already is what was asked) commits nothing and keeps the version.
    /// </remarks>
    public static Task<long> DecideAndAppendAsync<TState>(
        this IDocumentSession session, Guid streamId, long expectedVersion,
        Func<TState, IReadOnlyList<object>> decide, CancellationToken ct)
        where TState : class =>
        session.DecideAndAppendAsync<TState>(streamId, expectedVersion, state => Task.FromResult(decide(state)), ct);

    /// <summary>As above, for a handler that must also read (e.g. a uniqueness check) around its pure decision.</summary>
    public static async Task<long> DecideAndAppendAsync<TState>(
        this IDocumentSession session, Guid streamId, long expectedVersion,
        Func<TState, Task<IReadOnlyList<object>>> decide, CancellationToken ct)
        where TState : class
    {
        // Marten refuses an empty id outright; to a client it is simply an id that names nothing.
        var stream = streamId == Guid.Empty ? null : await session.Events.FetchForWriting<TState>(streamId, ct);
        if (stream?.Aggregate is null)
        {
            throw new ProblemException(StatusCodes.Status404NotFound, "Not found", $"No {typeof(TState).Name.ToLowerInvariant()} has id {streamId}.");
        }

        if ((stream.CurrentVersion ?? 0) != expectedVersion)
        {
            throw new ProblemException(StatusCodes.Status412PreconditionFailed, "Stale version",
                $"If-Match names version {expectedVersion}, but the current version is {stream.CurrentVersion}. Read it again, then retry.",
                new Dictionary<string, object?> { ["currentVersion"] = stream.CurrentVersion });
        }

        IReadOnlyList<object> events;
        try
        {
            events = await decide(stream.Aggregate);
        }
        catch (ProblemException refusal) when (refusal.Status == StatusCodes.Status409Conflict)
        {
            // FetchForWriting reads the stream's version and the inline aggregate apart: a write committed between the
            // two (a cessation) can hand the decision a newer state than the version checked above. A refusal decided
            // on that state would blame the If-Match version for what came after it; the client's version is stale.
            if ((await session.Events.FetchStreamStateAsync(streamId, ct))?.Version is { } now && now != expectedVersion)
            {
                throw new ProblemException(StatusCodes.Status412PreconditionFailed, "Stale version",
                    $"If-Match names version {expectedVersion}, but the current version is {now}. Read it again, then retry.",
                    new Dictionary<string, object?> { ["currentVersion"] = now });
            }

            throw;
        }

        if (events.Count == 0)
        {
            return expectedVersion;
        }

        stream.AppendMany(events);
        await session.SaveChangesAsync(ct);
        return expectedVersion + events.Count;
    }
}
