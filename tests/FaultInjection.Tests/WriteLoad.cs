using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SocialTech.FaultInjection.Tests;

/// <summary>A write the service acknowledged (2xx): it must be in the event log at this version, with this name.</summary>
public sealed record AcknowledgedWrite(Guid ActorId, long Version, string Name);

/// <summary>
/// Concurrent clients registering actors and renaming them with <c>If-Match</c>, as long as asked, through whatever
/// the faults do to the service: an error or a refused connection is counted and the client carries on. A write whose
/// answer was lost may still have been committed: only acknowledged writes are owed to the client.
/// </summary>
/// <param name="pause">Between two requests of a client: keeps the quick variants' event count (and their time to settle) small.</param>
public sealed class WriteLoad(Func<HttpClient> clients, int concurrency, TimeSpan pause)
{
    private long sent;
    private long failed;
    private long conflicts;

    public ConcurrentBag<AcknowledgedWrite> Acknowledged { get; } = [];

    public long Sent => Interlocked.Read(ref sent);

    /// <summary>5xx answers, refused connections and timeouts: allowed while a server is down.</summary>
    public long Failed => Interlocked.Read(ref failed);

    /// <summary>412 on a rename whose ETag a lost answer left stale: the client reads the actor again.</summary>
    public long Conflicts => Interlocked.Read(ref conflicts);

    public async Task RunAsync(CancellationToken stop) =>
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(() => ClientAsync(stop), CancellationToken.None)));

    private async Task ClientAsync(CancellationToken stop)
    {
        using var http = clients();
        while (!stop.IsCancellationRequested)
        {
            var name = $"Faute {Guid.NewGuid():N}";
            var created = await SendAsync(() => http.PostAsJsonAsync(new Uri("/api/actors", UriKind.Relative),
                new { name, kinds = new[] { "association" }, headOfficeCommuneCode = "69123" }));
            if (created is not { } c)
            {
                await PauseAsync(stop);
                continue;
            }

            var id = c.Body.GetProperty("id").GetGuid();
            Acknowledged.Add(new AcknowledgedWrite(id, c.Version, name));
            var etag = c.ETag;
            for (var rename = 0; rename < 3 && !stop.IsCancellationRequested; rename++)
            {
                name = $"Faute {Guid.NewGuid():N}";
                var newName = name;
                var changed = await SendAsync(() =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/actors/{id}/profile", UriKind.Relative))
                    {
                        Content = JsonContent.Create(new { name = newName }),
                    };
                    request.Headers.TryAddWithoutValidation("If-Match", etag);
                    return http.SendAsync(request);
                });
                if (changed is { } ch)
                {
                    Acknowledged.Add(new AcknowledgedWrite(id, ch.Version, newName));
                    etag = ch.ETag;
                    continue;
                }

                // Unknown outcome or a stale ETag: read where the actor stands before the next rename.
                await PauseAsync(stop);
                var current = await SendAsync(() => http.GetAsync(new Uri($"/api/actors/{id}", UriKind.Relative)), counted: false);
                if (current is null)
                {
                    break;
                }

                etag = current.Value.ETag;
            }
        }
    }

    private async Task<(JsonElement Body, string ETag, long Version)?> SendAsync(Func<Task<HttpResponseMessage>> send, bool counted = true)
    {
        if (counted)
        {
            Interlocked.Increment(ref sent);
        }

        if (pause > TimeSpan.Zero)
        {
            await Task.Delay(pause);
        }

        try
        {
            using var response = await send();
            if (response.IsSuccessStatusCode)
            {
                var etag = response.Headers.ETag!.ToString();
                var body = response.Content.Headers.ContentLength == 0
                    ? default
                    : (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();
                return (body, etag, long.Parse(response.Headers.ETag.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture));
            }

            if (counted && response.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                Interlocked.Increment(ref conflicts);
            }
            else if (counted && (int)response.StatusCode >= 500)
            {
                Interlocked.Increment(ref failed);
            }
            else if (counted)
            {
                throw new InvalidOperationException($"Unexpected {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            if (counted)
            {
                Interlocked.Increment(ref failed);
            }
        }

        return null;
    }

    private static async Task PauseAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), stop);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
