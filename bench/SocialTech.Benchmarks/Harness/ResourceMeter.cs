using System.Diagnostics;
using Npgsql;

namespace SocialTech.Benchmarks.Harness;

/// <summary>CPU time spent and memory held by one party of a measurement (a service process, PostgreSQL backends, this client).</summary>
public interface IResourceMeter
{
    string Name { get; }

    Task<ResourceSample> SampleAsync(CancellationToken ct);
}

/// <param name="CpuSeconds">Cumulative user + system CPU time.</param>
/// <param name="WorkingSetBytes">Resident memory now; summed over processes for a group.</param>
public sealed record ResourceSample(double CpuSeconds, long WorkingSetBytes);

/// <summary>One operating-system process, by id (the service this run started, or the benchmark itself).</summary>
public sealed class ProcessMeter(string name, int processId) : IResourceMeter
{
    public string Name => name;

    public Task<ResourceSample> SampleAsync(CancellationToken ct)
    {
        using var process = Process.GetProcessById(processId);
        process.Refresh();
        return Task.FromResult(new ResourceSample(process.TotalProcessorTime.TotalSeconds, process.WorkingSet64));
    }
}

/// <summary>
/// The PostgreSQL backends serving one application name in one database: the server-side cost of a side, told apart
/// from the other side's and from other users of the shared server by the connection's <c>Application Name</c>.
/// Backends that closed between two samples take their CPU time with them: both sides keep pooled connections open.
/// </summary>
public sealed class PostgresBackendMeter(string name, string monitorConnection, string database, string applicationName) : IResourceMeter
{
    public string Name => name;

    public async Task<ResourceSample> SampleAsync(CancellationToken ct)
    {
        var pids = new List<int>();
        await using (var connection = new NpgsqlConnection(monitorConnection))
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = $2", connection)
            {
                Parameters = { new() { Value = database }, new() { Value = applicationName } },
            };
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                pids.Add(reader.GetInt32(0));
            }
        }

        double cpu = 0;
        long memory = 0;
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                cpu += process.TotalProcessorTime.TotalSeconds;
                memory += process.WorkingSet64;
            }
            catch (ArgumentException)
            {
                // Closed since the query: its CPU time is gone with it.
            }
        }

        return new ResourceSample(cpu, memory);
    }
}
