using System.Diagnostics;
using Npgsql;
using SocialTech.BuildingBlocks.EventStore;

namespace SocialTech.Platform.Tests;

/// <summary>The event store's connection settings and the daemon's wake-up on this process's own commits.</summary>
public sealed class EventStoreTuningTests
{
    [Fact]
    public void PooledConnections_KeepTheirPlans_AndPrepareWhatTheyRunOften()
    {
        var tuned = new NpgsqlConnectionStringBuilder(EventStoreExtensions.Tuned("Host=db;Username=u;Password=p"));

        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(128, tuned.MaxAutoPrepare);
        Assert.Equal("db", tuned.Host);
    }

    [Fact]
    public void SettingsInTheConnectionString_Win()
    {
        var given = new NpgsqlConnectionStringBuilder(
            EventStoreExtensions.Tuned("Host=db;Username=u;Password=p;No Reset On Close=false;Max Auto Prepare=0"));

        Assert.False(given.NoResetOnClose);
        Assert.Equal(0, given.MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=db;Username=u;Password=p;NoResetOnClose=false;MaxAutoPrepare=0")]
    [InlineData("Host=db;Username=u;Password=p;no reset on close=false;max auto prepare=0")]
    public void SettingsInTheConnectionString_Win_HoweverTheyAreSpelt(string connectionString)
    {
        var given = new NpgsqlConnectionStringBuilder(EventStoreExtensions.Tuned(connectionString));

        Assert.False(given.NoResetOnClose);
        Assert.Equal(0, given.MaxAutoPrepare);
    }

    [Fact]
    public async Task APulse_WakesTheNextWait_AndOnlyThatOne()
    {
        using var wakeup = new AppendWakeup();
        var timeout = TimeSpan.FromSeconds(30);

        // Sticky: a commit that lands while the daemon is busy wakes its next wait at once.
        wakeup.Pulse();
        wakeup.Pulse();
        var woken = Stopwatch.StartNew();
        await wakeup.WaitAsync(timeout, CancellationToken.None);
        Assert.True(woken.Elapsed < TimeSpan.FromSeconds(10), $"the pulsed wait took {woken.Elapsed}");

        // Two pulses are one wake: the following wait lasts until its timeout.
        var quiet = Stopwatch.StartNew();
        await wakeup.WaitAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.True(quiet.Elapsed >= TimeSpan.FromMilliseconds(250), $"an unpulsed wait returned after {quiet.Elapsed}");

        // A pulse from another thread ends a wait in progress.
        var waiting = wakeup.WaitAsync(timeout, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        wakeup.Pulse();
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
