using SocialTech.Benchmarks.Scenarios.FundingFlows;
using SocialTech.Benchmarks.Scenarios.FundingImport;

namespace SocialTech.Benchmarks.Harness;

/// <summary>Every scenario, in the order a bare <c>./bench.sh</c> runs them.</summary>
public static class Scenarios
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new FundingFlowsScenario(),
        new FundingImportScenario(),
        new global::SocialTech.Benchmarks.Scenarios.Append.AppendScenario(),
        new global::SocialTech.Benchmarks.Scenarios.Append.AppendBatchScenario(),
        new global::SocialTech.Benchmarks.Scenarios.OtelCost.OtelCostScenario(),
        new global::SocialTech.Benchmarks.Scenarios.Outbox.OutboxScenario(),
        new global::SocialTech.Benchmarks.Scenarios.Propagation.PropagationScenario(),
        new global::SocialTech.Benchmarks.Scenarios.MazeWhiteZones.MazeWhiteZonesScenario(),
    ];
}
