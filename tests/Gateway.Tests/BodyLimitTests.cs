using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace SocialTech.Gateway.Tests;

/// <summary>
/// A body over a limit is a 413 problem naming the limit, from the service directly and through the gateway alike,
/// declared (Content-Length) or chunked (issue 16, item 6: through the gateway these were 502s).
/// </summary>
public sealed class BodyLimitTests(ActorsBehindTheGateway platform) : IClassFixture<ActorsBehindTheGateway>
{
    private const int MiB = 1024 * 1024;

    public enum Via { Service, Gateway }

    public static readonly TheoryData<Via, bool> Paths = new()
    {
        { Via.Service, false }, { Via.Service, true }, { Via.Gateway, false }, { Via.Gateway, true },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task ACsvImportOver10MiB_Is413(Via via, bool chunked)
    {
        using var content = Body(11 * MiB, "text/csv", "name;kinds;head_office_commune\nx;association;69123;", "x");

        await AssertTooLargeAsync(via, "/api/actors/imports", content, chunked, 10L * MiB);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task AJsonBodyOverTheServicesLimit_Is413(Via via, bool chunked)
    {
        using var content = Body(31 * MiB, "application/json", "{\"name\":\"", "x");

        await AssertTooLargeAsync(via, "/api/actors", content, chunked, null);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ABodyOverTheGatewaysLimit_Is413(bool chunked)
    {
        using var content = Body(33 * MiB, "application/json", "{\"name\":\"", "x");

        await AssertTooLargeAsync(Via.Gateway, "/api/actors", content, chunked, null);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task ABodyUnderTheLimit_IsStillAnswered(Via via, bool chunked)
    {
        using var content = Body(1 * MiB, "text/csv", "name;kinds;head_office_commune\nx;association;69123;", "x");
        using var client = ActorsBehindTheGateway.Client(via == Via.Service ? platform.Actors : platform.Gateway);

        using var response = await client.SendAsync(Post("/api/actors/imports", content, chunked));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task EveryOperationTakingABody_Declares413()
    {
        using var client = ActorsBehindTheGateway.Client(platform.Actors);
        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));

        var withBody = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Name: $"{operation.Name} {path.Name}", Operation: operation.Value)))
            .Where(o => o.Operation.TryGetProperty("requestBody", out _))
            .ToArray();
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        Assert.Contains(withBody, o => o.Name == "post /api/actors/imports");
        Assert.All(withBody, o =>
        {
            Assert.True(o.Operation.GetProperty("responses").TryGetProperty("413", out var tooLarge), $"{o.Name} does not declare 413");
            var reference = tooLarge.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString()!;
            Assert.True(schemas.TryGetProperty(reference.Split('/')[^1], out _), $"{o.Name}: {reference} is not in the document");
        });
    }

    private async Task AssertTooLargeAsync(Via via, string path, HttpContent content, bool chunked, long? maxBytes)
    {
        using var client = ActorsBehindTheGateway.Client(via == Via.Service ? platform.Actors : platform.Gateway);

        using var response = await client.SendAsync(Post(path, content, chunked));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{via}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(413, problem.RootElement.GetProperty("status").GetInt32());
        var limit = problem.RootElement.GetProperty("maxBytes").GetInt64();
        if (maxBytes is not null)
        {
            Assert.Equal(maxBytes, limit);
        }
    }

    /// <summary>A body of <paramref name="size"/> bytes: a head, then a line repeated.</summary>
    private static ByteArrayContent Body(int size, string type, string head, string repeated)
    {
        var bytes = new byte[size];
        var headBytes = Encoding.UTF8.GetBytes(head);
        var line = Encoding.UTF8.GetBytes(repeated);
        headBytes.CopyTo(bytes, 0);
        for (var i = headBytes.Length; i < size; i++)
        {
            bytes[i] = line[(i - headBytes.Length) % line.Length];
        }

        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return content;
    }

    /// <summary>A POST of <paramref name="content"/>, declaring its length or sent in chunks without one.</summary>
    private static HttpRequestMessage Post(string path, HttpContent content, bool chunked)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        if (chunked)
        {
            request.Headers.TransferEncodingChunked = true;
        }

        return request;
    }
}
