using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SocialTech.BuildingBlocks.Http;

/// <summary>Weak ETags carry a stream's version; <c>If-Match</c> gives the version a write expects.</summary>
public static class ETag
{
    public static string From(long version) => $"W/\"{version}\"";

    /// <summary>
    /// Reads the expected stream version from <c>If-Match</c>. A missing header is a 428, a malformed one a 400:
    /// both are thrown as <see cref="ProblemException"/>.
    /// </summary>
    public static long ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new ProblemException(StatusCodes.Status428PreconditionRequired, "If-Match required",
                "Send the ETag of the version you read in If-Match, so that a concurrent change is not overwritten.");
        }

        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        value = value.Trim('"');
        if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "Malformed If-Match",
                $"If-Match must be an ETag this API returned, such as W/\"3\"; got {header}.");
        }

        return version;
    }

    public static void Set(HttpResponse response, long version) => response.Headers.ETag = From(version);

    /// <summary>
    /// What a write to an existing stream under <c>If-Match</c> can answer besides its own outcome, declared for the
    /// OpenAPI document: 400 (a malformed If-Match, or a body it refuses), 404 (no such stream), 412 (a stale
    /// version), 428 (no If-Match).
    /// </summary>
    public static RouteHandlerBuilder ProducesConditionalWriteProblems(this RouteHandlerBuilder route) => route
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed)
        .ProducesProblem(StatusCodes.Status428PreconditionRequired);
}
