namespace SocialTech.Benchmarks.Harness;

/// <summary>
/// One benchmark scenario: it prepares what it needs (data, processes), then measures its subject against a physical
/// baseline, interleaved in the same run so that the ratio holds on a noisy machine. Adding a scenario is adding one
/// class that implements this and listing it in <see cref="Scenarios"/>.
/// </summary>
public interface IScenario
{
    /// <summary>The name given on the command line (<c>./bench.sh funding-flows</c>), kebab-case.</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    Task<ScenarioReport> RunAsync(BenchContext context, CancellationToken ct);
}
