using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialTech.Benchmarks.Harness;

/// <summary>The console table and the JSON file (<c>bench/results/latest.json</c>) of one run.</summary>
public static class Report
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Table(IReadOnlyList<ScenarioReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var text = new StringBuilder();
        foreach (var report in reports)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"== {report.Scenario}");
            foreach (var (key, value) in report.Notes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"   {key}: {value}");
            }

            text.AppendLine(CultureInfo.InvariantCulture,
                $"{"case",-44} {"side",-8} {"conc",4} {"ops",8} {"err",5} {"ops/s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",8}  cpu cores / peak MiB");
            foreach (var m in report.Measurements)
            {
                var resources = string.Join(", ", m.Resources.Select(r => $"{r.Name} {r.CpuCores:F2}/{r.PeakWorkingSetMiB:F0}"));
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"{Truncate(m.Case, 44),-44} {m.Side,-8} {m.Concurrency,4} {m.Operations,8} {m.Errors,5} {m.Throughput,9:F1} {m.P50Ms,8:F1} {m.P95Ms,8:F1} {m.P99Ms,8:F1} {m.MaxMs,8:F1}  {resources}");
            }

            foreach (var t in report.Targets)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"   target {(t.Met ? "MET   " : "MISSED")} {t.Case}: {t.Target} (measured {t.Measured})");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    public static async Task WriteJsonAsync(string path, BenchRun run, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, run, Json, ct);
    }

    private static string Truncate(string s, int length) => s.Length <= length ? s : s[..(length - 1)] + "…";
}

/// <summary>The JSON file's root: when, on what machine, and each scenario's report.</summary>
public sealed record BenchRun(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, MachineInfo Machine, IReadOnlyList<ScenarioReport> Scenarios);

public sealed record MachineInfo(int Processors, string CpuModel, double MemoryGiB, string Os, string Runtime, double LoadAverageAtStart)
{
    public static MachineInfo Current()
    {
        static string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : "";
        var cpu = Read("/proc/cpuinfo").Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memKb = Read("/proc/meminfo").Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var load = Read("/proc/loadavg").Split(' ').FirstOrDefault();
        return new MachineInfo(
            Environment.ProcessorCount, cpu,
            memKb is null ? 0 : Math.Round(double.Parse(memKb, CultureInfo.InvariantCulture) / 1048576.0, 1),
            System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            load is null or "" ? 0 : double.Parse(load, CultureInfo.InvariantCulture));
    }
}
