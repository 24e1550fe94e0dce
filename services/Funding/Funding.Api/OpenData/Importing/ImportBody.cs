using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Funding.OpenData.Importing;

/// <summary>An import file as the request carries it: the body itself (<c>text/csv</c>), or the first file of a form upload.</summary>
public static class ImportBody
{
    /// <summary>What a CSV file is sent as: browsers on Windows label CSV files <c>application/vnd.ms-excel</c>.</summary>
    private static readonly string[] CsvTypes = ["text/csv", "application/csv", "text/plain", "application/vnd.ms-excel"];

    public static async Task<byte[]> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tooLarge = new ProblemException(StatusCodes.Status413PayloadTooLarge, "File too large",
            $"An import file is at most {maxBytes / (1024 * 1024)} MiB; split it. Nothing was imported.",
            new Dictionary<string, object?> { ["maxBytes"] = maxBytes });
        if (request.ContentLength > maxBytes + (request.HasFormContentType ? 64 * 1024 : 0))
        {
            throw tooLarge;
        }

        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(ct);
                var file = (form.Files.Count > 0 ? form.Files[0] : null) ?? throw new ProblemException(StatusCodes.Status400BadRequest, "No file",
                    "The form carries no file: send the CSV as a file field, or as the body with Content-Type: text/csv.");
                if (file.Length > maxBytes)
                {
                    throw tooLarge;
                }

                await using var stream = file.OpenReadStream();
                return await CopyAsync(stream, maxBytes, tooLarge, ct);
            }

            var type = request.ContentType?.Split(';')[0].Trim();
            if (type is null || !CsvTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
            {
                throw new ProblemException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                    $"Send the file as text/csv (or as a multipart/form-data upload), not {type ?? "without a Content-Type"}.");
            }

            return await CopyAsync(request.Body, maxBytes, tooLarge, ct);
        }
        catch (BadHttpRequestException kestrel) when (kestrel.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A chunked body has no Content-Length: Kestrel stops it at the route's limit; answer the same problem.
            throw tooLarge;
        }
        catch (InvalidDataException form)
        {
            // The form reader says both "too long" and "malformed" with this one exception.
            throw form.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? new ProblemException(StatusCodes.Status413PayloadTooLarge, "File too large", form.Message, new Dictionary<string, object?> { ["maxBytes"] = maxBytes })
                : new ProblemException(StatusCodes.Status400BadRequest, "Malformed form", $"The multipart body cannot be read: {form.Message}");
        }
    }

    /// <summary>Counted while reading, for hosts that do not enforce the route's limit (the test server).</summary>
    private static async Task<byte[]> CopyAsync(Stream source, long maxBytes, ProblemException tooLarge, CancellationToken ct)
    {
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > maxBytes)
            {
                throw tooLarge;
            }

            body.Write(buffer, 0, read);
        }

        return body.ToArray();
    }
}
