using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace SocialTech.AppHost.Tests;

/// <summary>
/// The AppHost refuses to start, at once and saying why, where it could only wait or harm: containers asked for where
/// no container engine answers (DCP would leave the servers "Unknown" for ever), and databases another runtime is
/// using (two sets of consumers and daemons side by side). Both are decided while the model is built, before DCP starts.
/// </summary>
public sealed class StartRefusalTests
{
    [Fact]
    public async Task ContainersAskedFor_WhereNoEngineAnswers_StopTheAppHostWithTheReason()
    {
        if (EngineAnswers())
        {
            // Where an engine answers, the same request builds PostgreSQL and RabbitMQ as containers instead.
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SocialTech_AppHost>(["--Platform:Servers=containers"]);
            Assert.Contains(builder.Resources, r => r.Name == "postgres" && r is Aspire.Hosting.ApplicationModel.ContainerResource);
            return;
        }

        var refusal = await Assert.ThrowsAsync<DistributedApplicationException>(async () =>
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SocialTech_AppHost>(["--Platform:Servers=containers"]);
            await using var app = await builder.BuildAsync();
        });
        Assert.Contains("no container engine answers", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("--Platform:Servers=local", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatabasesAnotherRuntimeUses_StopTheAppHost_NamingItsProcess()
    {
        var suffix = $"_guard{Guid.NewGuid():N}"[..14];
        // Stands for a service of deploy/local/up.sh: what the guard reads is a process's environment.
        using var other = Process.Start(new ProcessStartInfo("sleep", "120")
        {
            Environment = { [$"ConnectionStrings__fundingdb"] = $"Host=127.0.0.1;Port=5432;Database=fundingdb{suffix};Username=x" },
        })!;
        try
        {
            var refusal = await Assert.ThrowsAsync<DistributedApplicationException>(async () =>
            {
                var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.SocialTech_AppHost>(
                    ["--Platform:Servers=local", $"--Platform:DatabaseSuffix={suffix}"]);
                await using var app = await builder.BuildAsync();
            });
            Assert.Contains($"pid {other.Id}", refusal.Message, StringComparison.Ordinal);
            Assert.Contains("deploy/local/down.sh", refusal.Message, StringComparison.Ordinal);
        }
        finally
        {
            other.Kill();
        }
    }

    private static bool EngineAnswers()
    {
        foreach (var engine in new[] { "docker", "podman" })
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(engine, "info") { RedirectStandardOutput = true, RedirectStandardError = true });
                if (process is not null && process.WaitForExit(TimeSpan.FromSeconds(10)) && process.ExitCode == 0)
                {
                    return true;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
            }
        }

        return false;
    }
}
