using SocialTech.Benchmarks.Harness;

namespace SocialTech.Benchmarks.Scenarios.AppendBaseline;

public sealed class AppendBaselineScenario : IScenario
{
    public string Name => "append-baseline";

    public string Description => "HTTP command appending one event (32 clients, Zipf streams) vs single-row INSERT + commit";

    public Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct) => throw new NotImplementedException();
}
