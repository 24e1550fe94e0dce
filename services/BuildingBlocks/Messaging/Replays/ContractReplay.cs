using System.ComponentModel.DataAnnotations;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.BuildingBlocks.Messaging.Replays;

/// <summary>
/// One run of the replay command: the producing service sends the contracts named in <see cref="Contracts"/>, read
/// from its own event log, to one consumer's <see cref="Queue"/>. Stored as a Marten document, so that its progress
/// survives the request that started it and a restart resumes it.
/// </summary>
/// <param name="HighWaterMark">
/// The last event sequence the replay covers: how far the outbox had published when the run started. Anything later
/// reaches the queue through the outbox itself, since the queue exists by then.
/// </param>
/// <param name="LastSequence">The last event sequence read and sent (0 before the first page).</param>
/// <param name="EventsSent">Contracts sent so far (an event whose mapping is not one of the named contracts is skipped).</param>
public sealed record ContractReplay(
    Guid Id,
    string Queue,
    string[] Contracts,
    string Status,
    long HighWaterMark,
    long LastSequence,
    long EventsSent,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error)
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public bool IsFinished => Status is Completed or Failed;
}

/// <summary>The body of <c>POST /api/admin/replays</c>.</summary>
/// <param name="Queue">The consumer's queue, as the consuming service names it (<c>funding-known-relays</c>).</param>
/// <param name="Contracts">Contract names this service publishes (<c>RelayOfferDeclared</c>…).</param>
public sealed record ReplayRequest(
    [property: MaxLength(TextBounds.Name)] string? Queue,
    [property: MaxLength(ReplaysApi.MaxContracts), EachMaxLength(TextBounds.Name)] string[]? Contracts);
