using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// A body over the request's limit (Kestrel's, or the route's <c>RequestSizeLimit</c>) is answered 413 with a problem
/// document naming the limit (<c>maxBytes</c>), whether it declares its length or comes in chunks; then the rest of it
/// is read and dropped, up to <see cref="DrainBytes"/>.
/// </summary>
/// <remarks>
/// Kestrel's own refusal threw while the endpoint read the body and left bytes unread on the connection, which it then
/// reset: the answer was lost on the way (an HttpClient saw "broken pipe"), and the gateway, still sending the body,
/// answered 502. Reading the rest lets the sender finish and read the 413, and the gateway pass it on. Beyond
/// <see cref="DrainBytes"/> the connection is closed instead: nobody is owed an unbounded read.
/// </remarks>
public static class RequestBodyLimit
{
    /// <summary>How much of a refused body is read and dropped so that its sender reads the 413.</summary>
    public const long DrainBytes = 64L * 1024 * 1024;

    /// <summary>After routing (which applies a route's limit) and inside the exception handler.</summary>
    /// <param name="maxBytes">The limit where the server has none to say (the in-memory test server).</param>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long? maxBytes = null) =>
        app.Use(async (context, next) =>
        {
            var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if ((feature is { IsReadOnly: false, MaxRequestBodySize: { } kestrel } ? kestrel : maxBytes) is not { } limit)
            {
                await next(context);
                return;
            }

            // Kestrel keeps cutting off what no one should drain; this middleware enforces the limit itself.
            if (feature is { IsReadOnly: false })
            {
                feature.MaxRequestBodySize = Math.Max(limit, DrainBytes);
            }

            var body = context.Request.Body;
            if (context.Request.ContentLength > limit)
            {
                await RefuseAsync(context, body, limit);
                return;
            }

            var limited = new LimitedBody(body, limit);
            context.Request.Body = limited;
            try
            {
                await next(context);
            }
            catch (RequestBodyTooLargeException) when (!context.Response.HasStarted)
            {
                // Thrown through the endpoint (a JSON reader, an import): answered here.
            }
            finally
            {
                context.Request.Body = body;
            }

            // A proxy reading the body (the gateway's) reports the refusal as its own error: the 413 replaces it.
            if (limited.Exceeded && !context.Response.HasStarted)
            {
                context.Response.Clear();
                await RefuseAsync(context, body, limit);
            }
        });

    /// <summary>Declares the 413 every operation taking a body may answer (<see cref="UseRequestBodyLimit"/>).</summary>
    public static Task DeclareTooLarge(Microsoft.OpenApi.OpenApiOperation operation, Microsoft.AspNetCore.OpenApi.OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.RequestBody is not null && operation.Responses is { } responses && !responses.ContainsKey("413"))
        {
            responses["413"] = new Microsoft.OpenApi.OpenApiResponse
            {
                Description = "The body is over the route's limit (the problem's maxBytes).",
                Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new Microsoft.OpenApi.OpenApiSchemaReference("ProblemDetails", context?.Document) },
                },
            };
        }

        return Task.CompletedTask;
    }

    private static async Task RefuseAsync(HttpContext context, Stream body, long limit)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large",
                Detail = $"This request's body may hold at most {limit} bytes.",
                Extensions = { ["maxBytes"] = limit },
            },
        });
        await context.Response.CompleteAsync();
        if (context.Request.ContentLength is null or <= DrainBytes)
        {
            try
            {
                var buffer = new byte[81920];
                while (await body.ReadAsync(buffer, context.RequestAborted) > 0)
                {
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // Past DrainBytes (Kestrel's limit now) or the client left: the connection closes, the answer is sent.
            }
        }
    }

    /// <summary>The request body, refusing to read past the limit.</summary>
    private sealed class LimitedBody(Stream inner, long limit) : Stream
    {
        private long read;

        public bool Exceeded { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int bytes)
        {
            read += bytes;
            if (read > limit)
            {
                Exceeded = true;
                throw new RequestBodyTooLargeException(limit);
            }

            return bytes;
        }
    }
}

/// <summary>The body went past <see cref="MaxBytes"/>; <see cref="RequestBodyLimit"/> answers 413.</summary>
public sealed class RequestBodyTooLargeException : Exception
{
    public RequestBodyTooLargeException(long maxBytes) : base($"The request body is larger than {maxBytes} bytes.") => MaxBytes = maxBytes;

    public RequestBodyTooLargeException() : this(0) { }

    public RequestBodyTooLargeException(string message) : base(message) { }

    public RequestBodyTooLargeException(string message, Exception innerException) : base(message, innerException) { }

    public long MaxBytes { get; }
}
