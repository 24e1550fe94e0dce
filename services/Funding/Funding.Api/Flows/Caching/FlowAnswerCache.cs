using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace SocialTech.Funding.Flows.Caching;

/// <summary><c>Flows:AnswerCache</c>: how much memory each replica gives to flow answers.</summary>
public sealed class FlowAnswerCacheOptions
{
    public const string Section = "Flows:AnswerCache";

    /// <summary>Approximate bytes of cached JSON answers, in megabytes; 0 turns the cache off (ETags and 304s stay).</summary>
    public int SizeLimitMegabytes { get; set; } = 64;
}

/// <summary>
/// The flow answers of this replica, as the JSON bytes they were sent as, keyed by endpoint, parameters and data
/// version (docs/adr/0009-flow-answer-cache.md). Its own <see cref="MemoryCache"/>: a size-limited cache needs every
/// entry sized, which the shared <see cref="IMemoryCache"/> does not promise.
/// </summary>
public sealed class FlowAnswerCache : IDisposable
{
    private readonly MemoryCache? cache;

    /// <summary>
    /// Questions being computed in this replica: a dashboard's tiles, or many users after a write, ask the same
    /// question at once, and one computation answers them all (a national question takes seconds of PostgreSQL).
    /// </summary>
    private readonly ConcurrentDictionary<string, TaskCompletionSource<byte[]?>> computing = new(StringComparer.Ordinal);

    public FlowAnswerCache(IOptions<FlowAnswerCacheOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var megabytes = options.Value.SizeLimitMegabytes;
        cache = megabytes > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = megabytes * 1024L * 1024L }) : null;
    }

    public bool Enabled => cache is not null;

    public byte[]? Find(string key) => cache is not null && cache.TryGetValue(key, out byte[]? answer) ? answer : null;

    public void Keep(string key, byte[] answer)
    {
        // The key's characters and the entry's bookkeeping count too: a few hundred bytes beside the answer.
        cache?.Set(key, answer, new MemoryCacheEntryOptions { Size = answer.Length + (key.Length * 2) + 256 });
    }

    /// <summary>
    /// Joins the computation of <paramref name="key"/> under way in this replica, or starts it: true when the caller
    /// leads, and must <see cref="Land"/> its flight whatever happens; false when it follows another request's.
    /// </summary>
    public bool TryLead(string key, out TaskCompletionSource<byte[]?> flight)
    {
        // Continuations off the leader's thread: followers resume on their own, not inside the leader's Land.
        var mine = new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        flight = computing.GetOrAdd(key, mine);
        return ReferenceEquals(flight, mine);
    }

    /// <summary>Ends a flight: its followers get <paramref name="answer"/>, or null to ask on their own.</summary>
    public void Land(string key, TaskCompletionSource<byte[]?> flight, byte[]? answer)
    {
        ArgumentNullException.ThrowIfNull(flight);
        computing.TryRemove(KeyValuePair.Create(key, flight));
        flight.TrySetResult(answer);
    }

    public void Dispose() => cache?.Dispose();
}
