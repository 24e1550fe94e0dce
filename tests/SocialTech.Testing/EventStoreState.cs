using System.Text;
using Npgsql;

namespace SocialTech.Testing;

/// <summary>
/// A fingerprint of everything a service has stored: the event log (row count and highest sequence of every
/// <c>mt_events</c>) and a hash of every Marten document table. Two equal fingerprints mean nothing was written.
/// </summary>
/// <remarks>
/// Read-model documents are hashed whole (<c>mt_last_modified</c> included), so even a rewrite of a document with the
/// same data counts as a change: a rejected request must not write at all. Bookkeeping outside the event store
/// (<c>mt_event_progression</c>, the outbox subscription's position) is left out: it moves on its own.
/// </remarks>
public static class EventStoreState
{
    public static async Task<string> FingerprintAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<(string Schema, string Table)>();
        await using (var list = new NpgsqlCommand(
            """
            SELECT table_schema, table_name FROM information_schema.tables
            WHERE table_type = 'BASE TABLE' AND (table_name = 'mt_events' OR table_name LIKE 'mt\_doc\_%')
            ORDER BY table_schema, table_name
            """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        if (tables.Count == 0)
        {
            return "empty";
        }

        // One round trip: a row per table, its size and content hash.
        var sql = string.Join("\nUNION ALL\n", tables.Select(t =>
        {
            var name = $"\"{t.Schema}\".\"{t.Table}\"";
            return t.Table == "mt_events"
                ? $"SELECT '{t.Schema}.{t.Table}', count(*)::text || ' max ' || coalesce(max(seq_id), 0)::text FROM {name}"
                : $"SELECT '{t.Schema}.{t.Table}', count(*)::text || ' ' || md5(coalesce(string_agg(d::text, '|' ORDER BY d::text), '')) FROM {name} d";
        }));
        await using var fingerprint = new NpgsqlCommand(sql, connection);
        await using var rows = await fingerprint.ExecuteReaderAsync();
        var text = new StringBuilder();
        while (await rows.ReadAsync())
        {
            text.Append(rows.GetString(0)).Append('=').Append(rows.GetString(1)).Append("; ");
        }

        return text.ToString();
    }
}
