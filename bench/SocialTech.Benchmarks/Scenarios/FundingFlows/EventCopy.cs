using System.Text.RegularExpressions;
using Marten;
using Npgsql;
using NpgsqlTypes;
using SocialTech.Funding;

namespace SocialTech.Benchmarks.Scenarios.FundingFlows;

/// <summary>
/// Writes new grant streams into Marten's event tables with binary COPY, as Marten itself would have written them:
/// its serializer for the bodies, its snake_case event type names, its .NET type column, its event sequence. Only
/// for loading a benchmark dataset into a store whose async daemon is off (no projection waits on these events).
/// </summary>
public static partial class EventCopy
{
    public static async Task AppendAsync(IDocumentStore store, string connectionString, IReadOnlyList<(Guid Id, object[] Events)> streams, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(streams);
        var serializer = store.Options.Serializer();
        var schema = FundingEventStore.Schema;
        var count = streams.Sum(s => s.Events.Length);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var sequence = new List<long>(count);
        await using (var next = new NpgsqlCommand($"SELECT nextval('{schema}.mt_events_sequence') FROM generate_series(1, $1)", connection, transaction))
        {
            next.Parameters.Add(new() { Value = count });
            await using var reader = await next.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                sequence.Add(reader.GetInt64(0));
            }
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            $"COPY {schema}.mt_streams (id, type, version, timestamp, created, tenant_id) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (id, events) in streams)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(id, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync("grant", NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync((long)events.Length, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync("*DEFAULT*", NpgsqlDbType.Varchar, ct);
            }

            await copy.CompleteAsync(ct);
        }

        await using (var copy = await connection.BeginBinaryImportAsync(
            $"COPY {schema}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived) FROM STDIN (FORMAT BINARY)", ct))
        {
            var i = 0;
            foreach (var (id, events) in streams)
            {
                for (var v = 0; v < events.Length; v++)
                {
                    var type = events[v].GetType();
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(sequence[i++], NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync(id, NpgsqlDbType.Uuid, ct);
                    await copy.WriteAsync((long)(v + 1), NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(serializer.ToJson(events[v]), NpgsqlDbType.Jsonb, ct);
                    await copy.WriteAsync(SnakeCase(type.Name), NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(DateTimeOffset.UtcNow, NpgsqlDbType.TimestampTz, ct);
                    await copy.WriteAsync("*DEFAULT*", NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync($"{type.FullName}, {type.Assembly.GetName().Name}", NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                }
            }

            await copy.CompleteAsync(ct);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>Marten's default event type name: <c>GrantAwarded</c> → <c>grant_awarded</c>.</summary>
    public static string SnakeCase(string name) => UpperCase().Replace(name, m => (m.Index == 0 ? "" : "_") + m.Value.ToLowerInvariant());

    [GeneratedRegex("[A-Z]")]
    private static partial Regex UpperCase();
}
