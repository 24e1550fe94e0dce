namespace SocialTech.Benchmarks.Harness;

/// <summary>What one party used while one case ran: CPU seconds over the case's measured time, and peak resident memory.</summary>
/// <param name="CpuCores">CPU seconds per wall-clock second: 1.0 is one core busy throughout.</param>
public sealed record ResourceUse(string Name, double CpuSeconds, double CpuCores, double PeakWorkingSetMiB);

/// <summary>One case's figures over all its rounds.</summary>
/// <param name="Side"><c>subject</c> (what SocialTech does) or <c>baseline</c> (the physical limit it is compared with).</param>
/// <param name="Throughput">Successful operations per second of measured time.</param>
public sealed record Measurement(
    string Case, string Side, int Concurrency, int Operations, int Errors, double Seconds, double Throughput,
    double P50Ms, double P95Ms, double P99Ms, double MaxMs, IReadOnlyList<ResourceUse> Resources);

/// <summary>A target from issue 10 and whether this run met it.</summary>
public sealed record TargetCheck(string Case, string Target, string Measured, bool Met);

public sealed record ScenarioReport(
    string Scenario, IReadOnlyList<Measurement> Measurements, IReadOnlyList<TargetCheck> Targets, IReadOnlyDictionary<string, string> Notes);
