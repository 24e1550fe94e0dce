using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Npgsql;
using SocialTech.Testing;
using Xunit.Abstractions;

namespace SocialTech.Actors.Tests.Concurrency;

/// <summary>
/// Concurrent writers on the same streams, as a model-based property: FsCheck generates what several clients do
/// (registrations sharing Idempotency-Keys, profile changes and cessations with the If-Match they last saw, re-reads,
/// resent requests), the clients run it at once against the real API and PostgreSQL, and the outcome is checked
/// against a sequential model replayed over the writes the server acknowledged, in the order of their versions.
/// </summary>
/// <remarks>
/// The interleaving itself is up to the scheduler, so the oracle accepts any serial order the server may have
/// chosen and checks that what it answered is consistent with one: every acknowledgement took the version after the
/// one it named, no two took the same, the event log holds exactly the acknowledged writes, every 412 named a
/// version that another acknowledged write had already left behind, and every 409 a version at which the model
/// says the actor had ceased.
/// </remarks>
public sealed class ConcurrentWritersTests(ActorsService actors, ITestOutputHelper output) : IClassFixture<ActorsService>
{
    private const int Streams = 2;
    private const int Keys = 2;

    private enum Move { ChangeProfile, Cease, Refresh, Resend, Register }

    private sealed record ClientStep(Move Move, int Target);

    private sealed record Scenario(ClientStep[][] Clients)
    {
        public override string ToString() =>
            string.Join(" | ", Clients.Select(c => string.Join(",", c.Select(s => $"{s.Move}{s.Target}"))));
    }

    /// <summary>What one request did, as the client saw it.</summary>
    private sealed record Outcome(int Client, Move Move, int Target, long Expected, HttpStatusCode Status, long? NewVersion, string? Name,
        Guid? CreatedId, long SentAt, long AnsweredAt);

    private static readonly Gen<ClientStep> Steps =
        from move in Gen.Frequency(
            (5, Gen.Constant(Move.ChangeProfile)), (1, Gen.Constant(Move.Cease)), (3, Gen.Constant(Move.Refresh)),
            (2, Gen.Constant(Move.Resend)), (2, Gen.Constant(Move.Register)))
        from target in Gen.Choose(0, Math.Max(Streams, Keys) - 1)
        select new ClientStep(move, target);

    private static readonly Gen<Scenario> Scenarios =
        from clients in Gen.Choose(2, 5)
        from plans in Gen.Choose(2, 8).SelectMany(n => Gen.ArrayOf(Steps, n)).ArrayOf(clients)
        select new Scenario(plans);

    [Fact]
    public void ConcurrentClients_OnTheSameStreams_AgreeWithTheSequentialModel_AndNoConflictIsSwallowed()
    {
        var runs = 0;
        var outcomes = new List<Outcome>();
        var property = Prop.ForAll(Arb.From(Scenarios), scenario =>
        {
            // Off xUnit's synchronisation context, so that blocking on the run cannot deadlock it.
            outcomes.AddRange(Task.Run(() => RunAsync(scenario)).GetAwaiter().GetResult());
            runs++;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(30), property);

        // The property only means something if the clients did collide: conflicts and replays happened.
        var tally = outcomes.GroupBy(o => (o.Move == Move.Register ? "register" : "write", (int)o.Status)).OrderBy(g => g.Key)
            .Select(g => $"{g.Key.Item1} {g.Key.Item2}: {g.Count()}");
        output.WriteLine($"{runs} runs, {outcomes.Count} requests; {string.Join(", ", tally)}");
        Assert.Equal(30, runs);
        Assert.Contains(outcomes, o => o.Status == HttpStatusCode.PreconditionFailed);
        Assert.Contains(outcomes, o => o.Move == Move.Register && o.Status == HttpStatusCode.OK);
    }

    private async Task<List<Outcome>> RunAsync(Scenario scenario)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var streams = new Guid[Streams];
        for (var s = 0; s < Streams; s++)
        {
            (streams[s], _) = await actors.RegisterAsync($"Flux {run} {s}");
        }

        var clock = Stopwatch.StartNew();
        using var start = new SemaphoreSlim(0);
        var clients = scenario.Clients.Select((plan, client) => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await PlayAsync(client, plan, run, streams, clock);
        })).ToArray();
        start.Release(clients.Length);
        var outcomes = (await Task.WhenAll(clients)).SelectMany(o => o).ToList();

        var unexpected = outcomes.Where(o => o.Status is not (HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)).ToList();
        Assert.True(unexpected.Count == 0, $"{scenario}: unexpected answers {string.Join(", ", unexpected.Select(o => $"{o.Move}{o.Target} → {(int)o.Status}"))}");

        for (var s = 0; s < Streams; s++)
        {
            await CheckStreamAsync(scenario, streams[s], outcomes.Where(o => o.Target == s && o.Move is Move.ChangeProfile or Move.Cease).ToList());
        }

        for (var k = 0; k < Keys; k++)
        {
            await CheckRegistrationsAsync(scenario, $"{run}:{k}", outcomes.Where(o => o.Target == k && o.Move == Move.Register).ToList());
        }

        return outcomes;
    }

    /// <summary>One client: its steps in order, each with the version it last saw of the stream it targets.</summary>
    private async Task<List<Outcome>> PlayAsync(int client, ClientStep[] plan, string run, Guid[] streams, Stopwatch clock)
    {
        var known = Enumerable.Repeat(1L, Streams).ToArray();
        var outcomes = new List<Outcome>();
        (Move Move, int Target, long Expected, object Body, string? Name)? last = null;
        for (var i = 0; i < plan.Length; i++)
        {
            var step = plan[i];
            var target = step.Target % Streams;
            switch (step.Move)
            {
                case Move.Refresh:
                    using (var read = await actors.Client.GetAsync($"/api/actors/{streams[target]}"))
                    {
                        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
                        known[target] = VersionOf(read);
                    }

                    break;

                case Move.Register:
                    var key = $"{run}:{step.Target % Keys}";
                    using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/actors")
                    {
                        Content = JsonContent.Create(new { name = $"Inscrit {key}", kinds = new[] { "association" }, headOfficeCommuneCode = "69123" }),
                    })
                    {
                        request.Headers.Add("Idempotency-Key", key);
                        var sent = clock.ElapsedTicks;
                        using var response = await actors.Client.SendAsync(request);
                        Guid? id = response.IsSuccessStatusCode
                            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()
                            : null;
                        outcomes.Add(new Outcome(client, Move.Register, step.Target % Keys, 0, response.StatusCode, null, null, id, sent, clock.ElapsedTicks));
                    }

                    break;

                default:
                    var write = step.Move == Move.Resend && last is { } previous
                        ? previous
                        : step.Move == Move.Cease
                            ? (Move.Cease, target, known[target], (object)new { ceasedOn = "2025-06-30", reason = $"dissolution {client}.{i}" }, (string?)null)
                            : (Move.ChangeProfile, target, known[target], new { name = $"Nom {run} {client}.{i}" }, $"Nom {run} {client}.{i}");
                    var (move, writeTarget, expected, body, name) = write;
                    using (var request = ActorsService.WithIfMatch(
                        move == Move.Cease ? HttpMethod.Post : HttpMethod.Put,
                        $"/api/actors/{streams[writeTarget]}/{(move == Move.Cease ? "cessation" : "profile")}", body, $"W/\"{expected}\""))
                    {
                        var sent = clock.ElapsedTicks;
                        using var response = await actors.Client.SendAsync(request);
                        long? version = response.StatusCode == HttpStatusCode.OK ? VersionOf(response) : null;
                        outcomes.Add(new Outcome(client, move, writeTarget, expected, response.StatusCode, version, name, null, sent, clock.ElapsedTicks));
                        if (version is { } v)
                        {
                            known[writeTarget] = v;
                        }
                    }

                    last = write;
                    break;
            }
        }

        return outcomes;
    }

    private async Task CheckStreamAsync(Scenario scenario, Guid stream, List<Outcome> writes)
    {
        var acknowledged = writes.Where(w => w.Status == HttpStatusCode.OK).OrderBy(w => w.NewVersion).ToList();
        var context = $"{scenario}\nstream {stream}: {string.Join(", ", writes.Select(w => $"c{w.Client} {w.Move} If-Match {w.Expected} → {(int)w.Status} {w.NewVersion}"))}";

        // Each acknowledgement built on exactly the version it named, and no two claim the same one.
        Assert.All(acknowledged, w => Assert.True(w.NewVersion == w.Expected + 1, $"acknowledged at {w.NewVersion} on If-Match {w.Expected}\n{context}"));
        Assert.True(acknowledged.Select(w => w.NewVersion).Distinct().Count() == acknowledged.Count, $"two acknowledgements share a version\n{context}");

        // The sequential model over the acknowledged writes, in version order.
        var finalVersion = 1L + acknowledged.Count;
        var modelName = acknowledged.LastOrDefault(w => w.Move == Move.ChangeProfile)?.Name;
        var ceasedAt = acknowledged.FirstOrDefault(w => w.Move == Move.Cease)?.NewVersion;

        // The event log holds exactly those writes (no gap, nothing unacknowledged, nothing lost).
        var log = await EventsAsync(stream);
        Assert.True(log.Count == finalVersion, $"the log holds {log.Count} events, the model {finalVersion}\n{context}");
        Assert.Equal(Enumerable.Range(1, log.Count).Select(v => (long)v), log.Select(e => e.Version));
        foreach (var ack in acknowledged)
        {
            var logged = log[(int)ack.NewVersion! - 1];
            Assert.True(ack.Move == Move.Cease ? logged.Type.Contains("ceased", StringComparison.Ordinal) : logged.Data.Contains(ack.Name!, StringComparison.Ordinal),
                $"version {ack.NewVersion} is {logged.Type} {logged.Data}, acknowledged as {ack.Move} {ack.Name}\n{context}");
        }

        using var read = await actors.Client.GetAsync($"/api/actors/{stream}");
        var details = await read.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(finalVersion, VersionOf(read));
        if (modelName is not null)
        {
            Assert.Equal(modelName, details.GetProperty("name").GetString());
        }

        Assert.Equal(ceasedAt is null ? "active" : "ceased", details.GetProperty("status").GetString());

        // A 412 is a real conflict: an acknowledged write had taken the version after the one it named, and had been
        // sent before the 412 came back.
        foreach (var stale in writes.Where(w => w.Status == HttpStatusCode.PreconditionFailed))
        {
            var taker = acknowledged.SingleOrDefault(w => w.NewVersion == stale.Expected + 1);
            Assert.True(taker is not null && taker.SentAt < stale.AnsweredAt,
                $"412 on If-Match {stale.Expected} (c{stale.Client} {stale.Move}) with no acknowledged write at version {stale.Expected + 1} before it\n{context}");
        }

        // A 409 is a real refusal: at the version it named, the model had the actor ceased.
        foreach (var refused in writes.Where(w => w.Status == HttpStatusCode.Conflict))
        {
            Assert.True(ceasedAt is { } c && c <= refused.Expected,
                $"409 on If-Match {refused.Expected} (c{refused.Client} {refused.Move}) though the actor was active then\n{context}");
        }
    }

    private async Task CheckRegistrationsAsync(Scenario scenario, string key, List<Outcome> registrations)
    {
        if (registrations.Count == 0)
        {
            return;
        }

        // However many clients sent the key, at once or again: one actor, the one the key names for the caller (every
        // client here is the fixture's admin, subject admin:tests), created once.
        var context = $"{scenario}\nkey {key}: {string.Join(", ", registrations.Select(r => $"c{r.Client} → {(int)r.Status} {r.CreatedId}"))}";
        var expectedId = KeyedIds.For("socialtech:actors:", "admin:tests", key);
        Assert.True(registrations.All(r => r.CreatedId == expectedId), $"a registration did not answer the key's actor\n{context}");
        Assert.True(registrations.Count(r => r.Status == HttpStatusCode.Created) == 1, $"not exactly one 201\n{context}");
        Assert.Single(await EventsAsync(expectedId));
    }

    private sealed record LoggedEvent(long Version, string Type, string Data);

    private async Task<List<LoggedEvent>> EventsAsync(Guid stream)
    {
        await using var connection = new NpgsqlConnection(actors.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var schema = new NpgsqlCommand("SELECT table_schema FROM information_schema.tables WHERE table_name = 'mt_events'", connection);
        var name = (string)(await schema.ExecuteScalarAsync())!;
        await using var query = new NpgsqlCommand($"SELECT version, type, data::text FROM \"{name}\".mt_events WHERE stream_id = @id ORDER BY version", connection);
        query.Parameters.AddWithValue("id", stream);
        await using var reader = await query.ExecuteReaderAsync();
        var events = new List<LoggedEvent>();
        while (await reader.ReadAsync())
        {
            events.Add(new LoggedEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return events;
    }

    private static long VersionOf(HttpResponseMessage response) =>
        long.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
}
