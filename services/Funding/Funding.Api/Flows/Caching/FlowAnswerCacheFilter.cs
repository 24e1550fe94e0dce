using SocialTech.BuildingBlocks.Http;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using SocialTech.Funding.Flows.Querying;

namespace SocialTech.Funding.Flows.Caching;

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
    /// <c>page=1</c>, or parameters in another order, are one question. Every filter of <see cref="FlowFilters"/> must be in it; a parameter the route does not
    /// take never gets here (<see cref="QueryParameterFilter"/> refuses it first).
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
                        $"t={f.Territory}&b={f.Basis}&m={f.Measure}&f={f.From:O}&to={f.To:O}&as={f.KnownOn}&r={f.Recipient}&fu={f.Funder}&pr={f.Programme}&rk={f.RecipientKind}&");
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
