using System.Globalization;
using SocialTech.Benchmarks.Harness;

// ./bench.sh [scenario…]: runs the named scenarios (all without names), prints a table and writes
// bench/results/latest.json. Settings come from the environment, which bench.sh fills in (README "Benchmarks").
var names = args.Where(a => !a.StartsWith('-')).ToArray();
if (args.Contains("--help") || args.Contains("-h") || names.Any(n => Scenarios.All.All(s => s.Name != n)))
{
    Console.Error.WriteLine("usage: ./bench.sh [scenario…]\nscenarios:");
    foreach (var s in Scenarios.All)
    {
        Console.Error.WriteLine($"  {s.Name,-18} {s.Description}");
    }

    return names.Any(n => Scenarios.All.All(s => s.Name != n)) ? 2 : 0;
}

string Required(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
    ? value : throw new InvalidOperationException($"{name} is not set; run the benchmarks through ./bench.sh.");
double Setting(string name, double fallback) =>
    double.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var v) ? v : fallback;

var context = new BenchContext(
    Required("SOCIALTECH_POSTGRES"), new Uri(Required("SOCIALTECH_BENCH_RABBITMQ")), Required("SOCIALTECH_REPOSITORY"),
    (int)Setting("BENCH_ROUNDS", 4), Setting("BENCH_ROUND_SECONDS", 5));
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

var started = DateTimeOffset.UtcNow;
var machine = MachineInfo.Current();
BenchContext.Log($"{machine.Processors} cores ({machine.CpuModel}), {machine.MemoryGiB} GiB, load average {machine.LoadAverageAtStart}");
var reports = new List<ScenarioReport>();
foreach (var scenario in Scenarios.All.Where(s => names.Length == 0 || names.Contains(s.Name)))
{
    BenchContext.Log($"scenario {scenario.Name}");
    reports.Add(await scenario.RunAsync(context, cancel.Token));
}

Console.WriteLine(Report.Table(reports));
var output = Path.Combine(context.RepositoryRoot, "bench", "results", "latest.json");
await Report.WriteJsonAsync(output, new BenchRun(started, DateTimeOffset.UtcNow, machine, reports), cancel.Token);
BenchContext.Log($"written {output}");
return 0;
