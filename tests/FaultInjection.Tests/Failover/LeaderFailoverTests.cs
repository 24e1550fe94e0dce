using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Npgsql;
using RabbitMQ.Client;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.BuildingBlocks.Security;
using SocialTech.Funding;
using SocialTech.Testing;
using Xunit.Abstractions;

namespace SocialTech.FaultInjection.Tests.Failover;

/// <summary>
/// Issue 20's failover: two Funding replicas, each a process of its own with the default daemon mode (HotCold), on one
/// database and one virtual host; grants are awarded through both under load, the replica whose daemon leads is killed
/// with SIGKILL, and the load goes on through the survivor. The survivor's daemon must take the lead and resume the
/// outbox from the progress the dead leader last committed: every award's contract published (none skipped), the
/// read models equal to what the event log says, and the time from the kill to the survivor's first page printed.
/// </summary>
/// <remarks>
/// On the shared servers, with a database and a virtual host of its own (not the fault servers: nothing here stops a
/// server). The leader is found the way an operator would: the replica whose PostgreSQL connection holds the daemon's
/// advisory locks (pg_locks), each replica naming its connections (<c>Application Name</c>).
/// </remarks>
public sealed class LeaderFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Queue = "failover-grant-awarded";
    private const string GrantAwardedExchange = "SocialTech.Funding.Contracts:GrantAwarded";
    private static readonly TimeSpan TakeoverLimit = TimeSpan.FromSeconds(30);

    private TestServers servers = null!;
    private IsolatedDatabase database = null!;
    private IsolatedVirtualHost vhost = null!;
    private readonly Dictionary<string, ServiceProcess> replicas = [];

    public async Task InitializeAsync()
    {
        servers = await TestServers.GetAsync();
        database = await IsolatedDatabase.CreateAsync(servers, "failover");
        vhost = await IsolatedVirtualHost.CreateAsync(servers, "failover");
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in replicas.Values)
        {
            await replica.DisposeAsync();
        }

        await vhost.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task LeaderKilledMidLoad_TheOtherReplicaTakesOver_AndEveryAwardIsPublishedAndProjected()
    {
        // The queue exists before any award, bound as MassTransit binds a subscriber: to the contract's fanout exchange.
        var factory = new ConnectionFactory { Uri = vhost.Amqp };
        await using var amqp = await factory.CreateConnectionAsync();
        await using var channel = await amqp.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(GrantAwardedExchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.QueueDeclareAsync(Queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(Queue, GrantAwardedExchange, "");

        // Both start together: their start-up schema migrations and flow-table fill run concurrently, as two pods' do.
        foreach (var name in new[] { "failover-a", "failover-b" })
        {
            replicas[name] = new ServiceProcess(Repository(), "Funding.Api", new Dictionary<string, string>
            {
                ["ConnectionStrings__fundingdb"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = name, MaxPoolSize = 50 }.ConnectionString,
                ["ConnectionStrings__messaging"] = vhost.Amqp.ToString(),
            });
        }

        await Task.WhenAll(replicas.Values.Select(r => r.StartAsync()));
        var (funder, recipient) = await SeedDirectoryAsync();
        await DeclareFunderAsync(replicas.Values.First(), funder);

        var load = new AwardLoad(funder, recipient);
        using var stop = new CancellationTokenSource();
        var targets = replicas.Values.ToArray();
        var running = load.RunAsync(() => targets, concurrency: 4, stop.Token);

        // Before the kill: awards through both replicas, and the leader's outbox has published some of them.
        await Eventually.TrueAsync(async () => load.Acknowledged.Count >= 40 && await OutboxProgressAsync() > 0,
            "40 awards acknowledged and the outbox under way", TimeSpan.FromSeconds(60));
        var leader = await LeaderAsync();
        Assert.True(leader is not null, $"no replica holds the daemon's advisory locks:\n{await LocksAsync()}");
        var survivor = replicas.Keys.Single(name => name != leader);
        output.WriteLine($"leader: {leader} (advisory locks {await LocksAsync()}); survivor: {survivor}");

        var progressAtKill = await OutboxProgressAsync();
        var acknowledgedAtKill = load.Acknowledged.Count;
        var clock = Stopwatch.StartNew();
        await replicas[leader!].KillAsync();
        targets = [replicas[survivor]];

        // Failover time: from the kill to the first page the survivor's outbox commits progress for.
        TimeSpan? lockTaken = null;
        TimeSpan? resumed = null;
        while (resumed is null && clock.Elapsed < TakeoverLimit)
        {
            lockTaken ??= await LeaderAsync() == survivor ? clock.Elapsed : null;
            if (await OutboxProgressAsync() > progressAtKill)
            {
                resumed = clock.Elapsed;
            }

            await Task.Delay(50);
        }

        Assert.True(resumed is not null, $"the survivor's outbox did not resume within {TakeoverLimit} (progress {progressAtKill} at the kill, holder now {await LeaderAsync()})\n{replicas[survivor].Output()}");

        // Awards through the survivor alone after the takeover, then the load stops.
        await Eventually.TrueAsync(() => Task.FromResult(load.Acknowledged.Count >= acknowledgedAtKill + 40),
            "40 more awards through the survivor", TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await running;

        // Settled: the outbox has published up to the log's high-water mark, which it records only after the broker
        // confirmed every message of the page, so every message is in the queue by then.
        await Eventually.TrueAsync(async () => await OutboxProgressAsync() == await HighWaterAsync(),
            "the outbox caught up with the event log", TimeSpan.FromSeconds(60));
        var messages = await DrainAsync(channel);
        var oracle = await EventLogAsync();

        var acknowledgedMissing = load.Acknowledged.Keys.Where(id => !oracle.AwardedStreams.Contains(id)).ToList();
        var published = messages.Select(m => m.MessageId).ToHashSet();
        var skipped = oracle.AwardEvents.Keys.Where(id => !published.Contains(id)).ToList();
        var unknown = published.Where(id => !oracle.AwardEvents.ContainsKey(id)).ToList();
        var duplicates = messages.Count - published.Count;
        var wrongStreams = messages.Where(m => oracle.AwardEvents.TryGetValue(m.MessageId, out var e) && (e.StreamId != m.StreamId || m.StreamVersion != 1)).ToList();
        var (grants, flowRows, flowAwarded) = await ReadModelsAsync();

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"failover: leader {leader} killed after {acknowledgedAtKill} awards; the survivor held the daemon lock after {lockTaken?.TotalSeconds:0.000} s and its outbox resumed after {resumed!.Value.TotalSeconds:0.000} s"));
        output.WriteLine($"awards: {load.Acknowledged.Count} acknowledged, {load.Failed} failed (the killed replica's), {oracle.AwardEvents.Count} in the event log; " +
            $"messages: {messages.Count} received, {published.Count} distinct, {duplicates} duplicates (republished pages: consumers deduplicate on the message id)");

        Assert.True(acknowledgedMissing.Count == 0, $"acknowledged awards missing from the event log: {string.Join(", ", acknowledgedMissing.Take(5))}");
        Assert.True(skipped.Count == 0, $"{skipped.Count} awards never published: {string.Join(", ", skipped.Take(5))}");
        Assert.True(unknown.Count == 0, $"{unknown.Count} messages whose id is no award event: {string.Join(", ", unknown.Take(5))}");
        Assert.True(wrongStreams.Count == 0, $"messages with another stream or version than their event: {string.Join(", ", wrongStreams.Take(5))}");
        Assert.Equal(oracle.AwardEvents.Count, published.Count);
        Assert.True(oracle.AwardEvents.Count > acknowledgedAtKill, "no award was written after the kill");
        Assert.Equal((oracle.AwardedStreams.Count, oracle.AwardedStreams.Count, oracle.AmountTotal), (grants, flowRows, flowAwarded));
        Assert.Equal(survivor, await LeaderAsync());
    }

    /// <summary>Declares the funder through the API, as every funder must be before it awards.</summary>
    private static async Task DeclareFunderAsync(ServiceProcess replica, Guid funder)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Mint(Roles.Admin, subject: "admin:failover"));
        using var response = await http.PostAsJsonAsync(new Uri(replica.BaseAddress, "/api/funding/funders"),
            new { actorId = funder, funderType = "departement", territory = "departement:24" });
        Assert.True(response.IsSuccessStatusCode, $"declaring {funder}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The funder and the recipient, stored in Funding's directory as the actors' contracts would.</summary>
    private async Task<(Guid Funder, Guid Recipient)> SeedDirectoryAsync()
    {
        using var store = DocumentStore.For(options =>
        {
            options.Connection(database.ConnectionString);
            options.DatabaseSchemaName = FundingEventStore.Schema;
            options.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
            options.AddActorDirectory();
        });
        var (funder, recipient) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        await using var session = store.LightweightSession();
        session.Store(
            new DirectoryActor(funder, "Département de la Dordogne", ["local-authority"], new ActorIdentifiers(null, null, null), true,
                new CommuneReference("24322", 2025), [], "active", null, 1, DateTimeOffset.UtcNow),
            new DirectoryActor(recipient, "Recyclerie de Ribérac", ["association"], new ActorIdentifiers(null, null, null), true,
                new CommuneReference("24352", 2025), [], "active", null, 1, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
        return (funder, recipient);
    }

    /// <summary>The replica (by its connections' application name) holding advisory locks: the daemon's leader.</summary>
    private async Task<string?> LeaderAsync()
    {
        var holders = await QueryAsync(
            """
            SELECT DISTINCT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()
            """, r => r.GetString(0));
        return holders.Count == 1 ? holders[0] : null;
    }

    private async Task<string> LocksAsync() => string.Join("; ", await QueryAsync(
        """
        SELECT a.application_name || ' pid ' || a.pid || ' lock ' || ((l.classid::bigint << 32) | l.objid::bigint) || ' ' || a.state
        FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND a.datname = current_database()
        """, r => r.GetString(0)));

    private async Task<long> OutboxProgressAsync() => (await QueryAsync(
        $"SELECT coalesce(max(last_seq_id), 0) FROM {FundingEventStore.Schema}.mt_event_progression WHERE name LIKE '{EventLogOutbox.SubscriptionName}:%'",
        r => r.GetInt64(0))).Single();

    private async Task<long> HighWaterAsync() =>
        (await QueryAsync($"SELECT coalesce(max(seq_id), 0) FROM {FundingEventStore.Schema}.mt_events", r => r.GetInt64(0))).Single();

    /// <summary>The awards as the event log records them, read with SQL rather than through the service.</summary>
    private async Task<(Dictionary<Guid, (Guid StreamId, long Version)> AwardEvents, HashSet<Guid> AwardedStreams, decimal AmountTotal)> EventLogAsync()
    {
        var rows = await QueryAsync(
            $"SELECT id, stream_id, version, data FROM {FundingEventStore.Schema}.mt_events WHERE type = 'grant_awarded'",
            r => (Id: r.GetGuid(0), StreamId: r.GetGuid(1), Version: r.GetInt64(2), Data: r.GetString(3)));
        var total = rows.Sum(row =>
        {
            using var json = JsonDocument.Parse(row.Data);
            return Property(Property(json.RootElement, "terms"), "amount").GetDecimal();
        });
        return (rows.ToDictionary(r => r.Id, r => (r.StreamId, r.Version)), rows.Select(r => r.StreamId).ToHashSet(), total);
    }

    /// <summary>Grants in the read model, and the flow table's rows and amount for them.</summary>
    private async Task<(int Grants, int FlowRows, decimal Awarded)> ReadModelsAsync() => (await QueryAsync(
        $"""
        SELECT (SELECT count(*) FROM {FundingEventStore.Schema}.mt_doc_grant)::int,
               (SELECT count(*) FROM {FundingEventStore.Schema}.flow_amounts)::int,
               (SELECT coalesce(sum(awarded), 0) FROM {FundingEventStore.Schema}.flow_amounts)
        """, r => (r.GetInt32(0), r.GetInt32(1), r.GetDecimal(2)))).Single();

    private static JsonElement Property(JsonElement element, string name) =>
        element.EnumerateObject().First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    // Unpooled: the test reads pg_locks and pg_stat_activity, where its own idle pooled sessions would only add noise.
    private Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read) => Oracle.RowsAsync(
        new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString, sql, read);

    private sealed record Received(Guid MessageId, Guid StreamId, long StreamVersion);

    /// <summary>Every message in the queue, with the ids the outbox set: the event's id, stream and version.</summary>
    private static async Task<List<Received>> DrainAsync(IChannel channel)
    {
        var received = new List<Received>();
        while (await channel.BasicGetAsync(Queue, autoAck: true) is { } message)
        {
            var headers = message.BasicProperties.Headers ?? new Dictionary<string, object?>();
            received.Add(new Received(
                Guid.Parse(message.BasicProperties.MessageId!),
                Guid.Parse(Text(headers[EventLogOutbox.StreamIdHeader])),
                long.Parse(Text(headers[EventLogOutbox.StreamVersionHeader]), CultureInfo.InvariantCulture)));
        }

        return received;
    }

    private static string Text(object? header) => header switch
    {
        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
        _ => Convert.ToString(header, CultureInfo.InvariantCulture)!,
    };

    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SocialTech.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SocialTech.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>
    /// Clients awarding grants, each request to the next live replica in turn. A refused connection or a lost answer
    /// (the killed replica's) is counted and the client goes on: only acknowledged awards are owed.
    /// </summary>
    private sealed class AwardLoad(Guid funder, Guid recipient)
    {
        private long failed;

        public ConcurrentDictionary<Guid, bool> Acknowledged { get; } = new();

        public long Failed => Interlocked.Read(ref failed);

        public async Task RunAsync(Func<ServiceProcess[]> targets, int concurrency, CancellationToken stop) =>
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(client => Task.Run(() => ClientAsync(client, targets, stop), CancellationToken.None)));

        private async Task ClientAsync(int client, Func<ServiceProcess[]> targets, CancellationToken stop)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Mint(Roles.Admin, subject: "admin:failover"));
            for (var i = client; !stop.IsCancellationRequested; i++)
            {
                var live = targets();
                var target = live[i % live.Length];
                try
                {
                    using var response = await http.PostAsJsonAsync(new Uri(target.BaseAddress, "/api/funding/grants"), new
                    {
                        funders = new[] { new { funderId = funder, funderType = "departement" } },
                        recipientId = recipient, purpose = $"Atelier {client}-{i}", amount = 1000m + (i % 97),
                        plannedStart = "2025-01-01", plannedEnd = "2025-12-31", decisionDate = "2025-02-01",
                    }, CancellationToken.None);
                    if (response.StatusCode != HttpStatusCode.Created)
                    {
                        throw new InvalidOperationException($"{target.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
                    }

                    var body = await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None);
                    Acknowledged[body.GetProperty("id").GetGuid()] = true;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                    await Task.Delay(50, CancellationToken.None);
                }
            }
        }
    }
}
