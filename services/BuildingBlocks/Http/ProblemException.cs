using Microsoft.AspNetCore.Http;

namespace SocialTech.BuildingBlocks.Http;

/// <summary>
/// A request the domain refuses, with the HTTP status and RFC 9457 fields to answer with. Decide functions throw it
/// (they stay pure: no I/O), and <see cref="ProblemExceptionHandler"/> turns it into a problem response.
/// </summary>
public class ProblemException : Exception
{
    public ProblemException(int status, string title, string detail, IDictionary<string, object?>? extensions = null)
        : base(detail)
    {
        Status = status;
        Title = title;
        Extensions = extensions ?? new Dictionary<string, object?>();
    }

    public ProblemException() : this(StatusCodes.Status400BadRequest, "Bad request", "The request was refused.") { }

    public ProblemException(string message) : this(StatusCodes.Status400BadRequest, "Bad request", message) { }

    public ProblemException(string message, Exception innerException) : base(message, innerException)
    {
        Status = StatusCodes.Status400BadRequest;
        Title = "Bad request";
        Extensions = new Dictionary<string, object?>();
    }

    public int Status { get; }

    public string Title { get; }

    public IDictionary<string, object?> Extensions { get; }
}

/// <summary>Invalid fields: answered 400 with an RFC 9457 <c>errors</c> member keyed by field name.</summary>
public sealed class ValidationException(IReadOnlyDictionary<string, string[]> errors)
    : ProblemException(StatusCodes.Status400BadRequest, "One or more fields are invalid",
        string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>An illegal transition: answered 409, naming the current state.</summary>
public sealed class InvalidTransitionException(string action, string currentState)
    : ProblemException(StatusCodes.Status409Conflict, "Illegal transition",
        $"Cannot {action} while {currentState}.", new Dictionary<string, object?> { ["currentState"] = currentState });
