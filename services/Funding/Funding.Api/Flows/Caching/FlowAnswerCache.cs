using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SocialTech.Funding.Flows.Querying;

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

/// <summary>
/// Put on the flow routes: answers a repeated question over unchanged data from <see cref="FlowAnswerCache"/>, gives
/// each answer an ETag of its data version and question, answers a matching <c>If-None-Match</c> with 304 without
/// computing, and recomputes (then keeps) on <c>Cache-Control: no-cache</c>.
/// </summary>
public sealed class FlowAnswerCacheFilter(
    FlowAnswerCache cache, IQuerySession session, IOptions<JsonOptions> json) : IEndpointFilter
{
    /// <summary>
    /// The builds of the code that computes the answers and of the territory referential it names places from: after
    /// a deploy that changes either, a client revalidating an older answer's ETag gets the new answer, not a 304.
    /// </summary>
    private static readonly string CodeVersion =
        $"{typeof(FlowAnswerCacheFilter).Assembly.ManifestModule.ModuleVersionId:N}/{typeof(SocialTech.Actors.Territories.TerritoryReferential).Assembly.ManifestModule.ModuleVersionId:N}";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var version = await FlowDataVersion.ReadAsync(session, http.RequestAborted);
        if (!version.Stable)
        {
            // A writer may still commit below the highest sequence: whatever is computed now may be outdated by it
            // without any version change, so it is neither kept nor given an ETag a client could revalidate with.
            var unstable = await next(context);
            FlowAnswerMetrics.Answered(unstable, FlowAnswerMetrics.Unstable);
            return unstable;
        }

        var key = $"{http.Request.Path}?{Question(context.Arguments)}#{version.Value}#{CodeVersion}";
        var etag = $"W/\"{Hash(key)}\"";
        if (Matches(http.Request.Headers.IfNoneMatch, etag))
        {
            FlowAnswerMetrics.Answered(FlowAnswerMetrics.NotModified);
            return Tagged(http, etag, TypedResults.StatusCode(StatusCodes.Status304NotModified));
        }

        var bypass = http.Request.Headers.CacheControl.ToString().Contains("no-cache", StringComparison.OrdinalIgnoreCase);
        if (!bypass && cache.Find(key) is { } kept)
        {
            FlowAnswerMetrics.Answered(FlowAnswerMetrics.Memory);
            return Answer(http, etag, kept);
        }

        if (!cache.Enabled)
        {
            var computed = await next(context);
            FlowAnswerMetrics.Answered(computed, FlowAnswerMetrics.Computed);
            return computed is IStatusCodeHttpResult { StatusCode: 200 } ? Tagged(http, etag, computed) : computed;
        }

        // The same question already being computed here is waited for rather than asked of PostgreSQL again.
        // A no-cache request is a demand to recompute: it neither waits for nor leads others.
        TaskCompletionSource<byte[]?>? leading = null;
        if (!bypass)
        {
            if (cache.TryLead(key, out var flight))
            {
                // A leader that kept its answer and landed between this request's Find and TryLead: no second computation.
                if (cache.Find(key) is { } landed)
                {
                    cache.Land(key, flight, landed);
                    FlowAnswerMetrics.Answered(FlowAnswerMetrics.Memory);
                    return Answer(http, etag, landed);
                }

                leading = flight;
            }
            else if (await flight.Task.WaitAsync(http.RequestAborted) is { } shared)
            {
                FlowAnswerMetrics.Answered(FlowAnswerMetrics.Shared);
                return Answer(http, etag, shared);
            }

            // Else the leader had nothing to share (a problem, or its client went away): this request asks on its own.
        }

        byte[]? answer = null;
        try
        {
            var result = await next(context);
            if (result is not IValueHttpResult { Value: { } value } || result is not IStatusCodeHttpResult { StatusCode: 200 })
            {
                return result;
            }

            // Serialized once, as the endpoint would have: a kept answer is sent as the very bytes the first one was.
            answer = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), json.Value.SerializerOptions);
            cache.Keep(key, answer);
            FlowAnswerMetrics.Answered(FlowAnswerMetrics.Computed);
            return Answer(http, etag, answer);
        }
        finally
        {
            // Kept before landing: a request arriving in between finds the answer in memory rather than leading anew.
            if (leading is not null)
            {
                cache.Land(key, leading, answer);
            }
        }
    }

    private static object Answer(HttpContext http, string etag, byte[] answer) =>
        Tagged(http, etag, TypedResults.Bytes(answer, "application/json; charset=utf-8"));

    /// <summary>Only answers carry the tag: a 400 for a wrong parameter has nothing to revalidate.</summary>
    private static object Tagged(HttpContext http, string etag, object result)
    {
        http.Response.Headers.ETag = etag;
        // Answers change whenever grants are written: clients and proxies may keep them, but must ask again (cheaply, with the ETag).
        http.Response.Headers.CacheControl = "no-cache";
        return result;
    }

    /// <summary>
    /// The question as the handler bound it (filters parsed, defaults applied), not as written: <c>page=01</c> and
    /// <c>page=1</c>, or parameters in another order, are one question; unknown parameters are none.
    /// </summary>
    private static string Question(IList<object?> arguments)
    {
        var text = new StringBuilder();
        foreach (var argument in arguments)
        {
            switch (argument)
            {
                case FlowFilters f:
                    text.Append(CultureInfo.InvariantCulture,
                        $"t={f.Territory}&b={f.Basis}&m={f.Measure}&f={f.From:O}&to={f.To:O}&as={f.AsOf:O}&r={f.Recipient}&");
                    break;
                case string or int or null:
                    text.Append(CultureInfo.InvariantCulture, $"{argument}&");
                    break;
            }
        }

        return text.ToString();
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32];

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        if (!EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }

        var ours = EntityTagHeaderValue.Parse(etag);
        // If-None-Match compares weakly (RFC 9110 §13.1.2); "*" means any current answer.
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(ours, useStrongComparison: false));
    }
}

/// <summary>
/// Meter <c>SocialTech.Funding.Flows</c>: where each flow answer came from, so that operators see what the cache
/// saves (docs/operations.md). Only answers (200 and 304) are counted; a 400 is no answer.
/// </summary>
public static class FlowAnswerMetrics
{
    public const string MeterName = "SocialTech.Funding.Flows";
    public const string CounterName = "socialtech.flows.answers";
    public const string SourceTag = "answered_from";

    /// <summary>Computed by this request (cache miss, <c>no-cache</c>, or the cache turned off).</summary>
    public const string Computed = "computed";

    /// <summary>Kept from an earlier request under the same data version.</summary>
    public const string Memory = "memory";

    /// <summary>Computed once for identical questions that arrived together.</summary>
    public const string Shared = "shared";

    /// <summary>304: the client already had it.</summary>
    public const string NotModified = "not_modified";

    /// <summary>Computed while another transaction was writing: neither kept nor tagged.</summary>
    public const string Unstable = "unstable";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Answers = Meter.CreateCounter<long>(CounterName, "{answer}", "Flow answers, by where they came from.");

    public static void Answered(string from) => Answers.Add(1, new KeyValuePair<string, object?>(SourceTag, from));

    public static void Answered(object? result, string from)
    {
        if (result is IStatusCodeHttpResult { StatusCode: 200 or 304 })
        {
            Answered(from);
        }
    }
}
