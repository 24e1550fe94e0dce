using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Npgsql;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.BuildingBlocks.EventStore;

/// <summary>
/// The outbox's lag: how many committed events the <see cref="EventLogOutbox"/> subscription has not processed yet,
/// published as the gauge <c>socialtech.outbox.lag</c> (meter <c>SocialTech.EventStore</c>, tags <c>db.namespace</c> and <c>schema</c>).
/// </summary>
/// <remarks>
/// Lag = the event log's high-water mark (<c>max(seq_id)</c> of <c>mt_events</c>) minus the subscription's progress
/// (<c>last_seq_id</c> in <c>mt_event_progression</c>). It is sampled every few seconds rather than in the gauge's
/// callback, because exporters call gauges synchronously and a database round trip must not block them. Every
/// replica reports it (they read the same tables), so that it is visible even when the daemon's pod is the one
/// that is down: a lag that only grows means the daemon is stopped or the broker refuses publishes.
/// </remarks>
public sealed class EventLogLag : BackgroundService
{
    public const string MeterName = "SocialTech.EventStore";
    public const string GaugeName = "socialtech.outbox.lag";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<EventLogLag, byte> Live = new();
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    static EventLogLag() =>
        Meter.CreateObservableGauge(GaugeName, ObserveAll, "{event}",
            "Committed events the contracts outbox has not published yet (high-water mark minus subscription progress).");

    private readonly string connectionString;
    private readonly string schema;
    private readonly string? database;
    private long? last;

    public EventLogLag(string connectionString, string schema)
    {
        this.connectionString = connectionString;
        this.schema = schema;
        database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        Live.TryAdd(this, 0);
    }

    /// <summary>Reads the lag now and keeps it for the gauge; null when the database cannot be read.</summary>
    public async Task<long?> SampleAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                $"""
                SELECT coalesce((SELECT max(seq_id) FROM "{schema}".mt_events), 0)
                     - coalesce((SELECT min(last_seq_id) FROM "{schema}".mt_event_progression WHERE name LIKE @shard), 0)
                """, connection);
            command.Parameters.AddWithValue("shard", EventLogOutbox.SubscriptionName + ":%");
            last = Math.Max(0, Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // No number rather than a stale one: the PostgreSQL health check reports the outage itself.
            last = null;
        }

        return last;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            await SampleAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override void Dispose()
    {
        Live.TryRemove(this, out _);
        base.Dispose();
    }

    private static IEnumerable<Measurement<long>> ObserveAll() =>
        Live.Keys
            .Where(lag => lag.last is not null)
            .Select(lag => new Measurement<long>(lag.last!.Value,
                new KeyValuePair<string, object?>("db.namespace", lag.database), new KeyValuePair<string, object?>("schema", lag.schema)));
}
