using JasperFx.Events.Daemon.HighWater;
using Marten;
using Marten.Services;

namespace SocialTech.BuildingBlocks.EventStore;

/// <summary>
/// Wakes this process's async daemon as soon as one of its own sessions commits events, so that the outbox publishes
/// (and the async projections run) within milliseconds of the commit instead of at the next poll.
/// </summary>
/// <remarks>
/// Marten's own wake-up (<c>UseListenNotifyForEventAppends</c>) adds a <c>pg_notify</c> in a <c>DO</c> block to every
/// append: PostgreSQL then serialises the commits of all those transactions on one lock held through the WAL flush,
/// and parses and compiles the block again each time (docs/performance.md, "append"). A signal inside the process
/// costs neither. Appends made by another replica (an API-only one) are seen at the daemon's next poll, which
/// <see cref="EventStoreExtensions"/> shortens for that reason. The signal is sticky: a commit that lands while the
/// daemon is busy wakes its next wait.
/// </remarks>
public sealed class AppendWakeup : IDaemonWakeup
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Pulse()
    {
        if (signal.CurrentCount > 0)
        {
            return;
        }

        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another commit pulsed in between: one wake is enough.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken token) => await signal.WaitAsync(timeout, token);

    /// <remarks>Marten disposes its daemon's wake-up with the daemon; the same store may start a daemon again (tests
    /// restart hosts), so the signal itself lives as long as the store.</remarks>
    public void Dispose()
    {
    }

    /// <summary>Pulses after every commit that appended events, from any session of the store.</summary>
    internal sealed class OnCommit(AppendWakeup wakeup) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            if (commit.GetEvents().Any())
            {
                wakeup.Pulse();
            }

            return Task.CompletedTask;
        }
    }
}
