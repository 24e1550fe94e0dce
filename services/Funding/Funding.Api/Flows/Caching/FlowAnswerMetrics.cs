using System.Diagnostics.Metrics;

namespace SocialTech.Funding.Flows.Caching;

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
