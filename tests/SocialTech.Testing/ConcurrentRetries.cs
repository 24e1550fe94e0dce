using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace SocialTech.Testing;

/// <summary>
/// A create sent several times at once under one <c>Idempotency-Key</c>, as a client that timed out and retried while
/// its first attempt was still in flight: every attempt must answer the one resource created (one 201, the rest 200).
/// </summary>
public static class ConcurrentRetries
{
    public static async Task<Guid> AssertOneCreatedAsync(HttpClient client, string uri, object body, string key, int attempts = 8)
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, attempts).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await client.SendAsync(request);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"{uri}: {(int)a.StatusCode} {a.Body}"));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        using var first = JsonDocument.Parse(answers[0].Body);
        var id = first.RootElement.GetProperty("id").GetGuid();
        Assert.All(answers, a => Assert.Equal(id, JsonDocument.Parse(a.Body).RootElement.GetProperty("id").GetGuid()));
        return id;
    }
}
