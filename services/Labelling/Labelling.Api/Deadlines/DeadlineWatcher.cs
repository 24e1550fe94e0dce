using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Exceptions;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Labelling.Applications;
using SocialTech.Labelling.Applications.DeemingAccepted;
using SocialTech.Labelling.Labels;
using SocialTech.Labelling.Labels.Expiring;

namespace SocialTech.Labelling.Deadlines;

/// <summary>
/// Carries out the transitions nobody acts on (deemed acceptance, expiry) when their <see cref="Deadline"/> falls
/// due: it reads the stream, runs the same pure decision a person's request would, and appends with the version it
/// read, deleting the deadline in the same transaction.
/// </summary>
/// <remarks>
/// Once: the append and the deletion commit together, so a deadline that produced its event is gone; a second poller
/// (or a concurrent human decision) that read the same version fails Marten's version check and rolls back, and the
/// next poll finds the new state, decides nothing and drops the deadline. On time: due dates are kept as data, so a
/// restart between due date and poll only delays the transition to the first poll, which runs at start-up; the
/// event is dated by the due date, not by the poll. Every replica that runs the daemon polls (HotCold: all of them, not
/// only the leader), so several watchers may take the same deadline at once: the version check above lets one of them
/// append and makes the others decide again from the new state, which calls for nothing (DeadlineTests, "replicas").
/// </remarks>
public sealed class DeadlineWatcher(IDocumentStore store, TimeProvider clock, ILogger<DeadlineWatcher> logger) : BackgroundService
{
    /// <summary>How late a transition may be; a poll is one indexed query when nothing is due.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private const int Batch = 100;

    /// <summary>Carries out every deadline due now; returns how many it settled (carried out or dropped).</summary>
    public async Task<int> PollOnceAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<Deadline> due;
        await using (var query = store.QuerySession())
        {
            due = await query.Query<Deadline>().Where(d => d.DueAt <= now).OrderBy(d => d.DueAt).Take(Batch).ToListAsync(ct);
        }

        var settled = 0;
        foreach (var deadline in due)
        {
            try
            {
                settled += await SettleAsync(deadline, now, ct) ? 1 : 0;
            }
            catch (Exception ex) when (ex is ConcurrencyException or EventStreamUnexpectedMaxEventIdException
                or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException)
            {
                // Someone else wrote the stream since it was read: their change stands, and the next poll decides again.
                logger.LogInformation("Deadline {Deadline} met a concurrent change; it is decided again at the next poll.", deadline.Id);
            }
            catch (ProblemException refused)
            {
                // The decision refuses (a fixed validity period that ended before the silence delay ran out): there is
                // nothing a later poll could do differently, so the deadline is dropped and the refusal logged.
                logger.LogWarning("Deadline {Deadline} refused: {Reason}. Dropped.", deadline.Id, refused.Message);
                await DropAsync(deadline, ct);
            }
        }

        return settled;
    }

    private async Task<bool> SettleAsync(Deadline deadline, DateTimeOffset now, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        switch (deadline.Kind)
        {
            case Deadline.Silence:
                var application = await session.Events.FetchForWriting<LabelApplication>(deadline.StreamId, ct);
                if (application.Aggregate is { } before)
                {
                    var events = DeemAccepted.Decide(before, now);
                    application.AppendMany(events);
                    ApplicationEffects.Queue(session, before, events);
                }

                break;
            case Deadline.Expiry:
                var label = await session.Events.FetchForWriting<Label>(deadline.StreamId, ct);
                if (label.Aggregate is { } current)
                {
                    label.AppendMany(ExpireLabel.Decide(current, now));
                }

                break;
        }

        // Settled either way: by the event appended with it, or by a state that no longer calls for one. (A grant
        // ends the silence delay, so the effects above never store this deadline again.)
        session.Delete<Deadline>(deadline.Id);

        await session.SaveChangesAsync(ct);
        return true;
    }

    private async Task DropAsync(Deadline deadline, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Delete<Deadline>(deadline.Id);
        await session.SaveChangesAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A database outage must not stop the watcher for good; deadlines wait as data until it comes back.
                logger.LogError(ex, "Polling deadlines failed; retrying in {Interval}.", Interval);
            }

            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public static class DeadlineExtensions
{
    /// <summary>
    /// Runs the watcher on every replica that runs the async daemon (whether or not it leads): carrying out a deadline
    /// twice appends once, so a watcher needs no leader, and one that dies leaves the deadlines to the others.
    /// </summary>
    public static IHostApplicationBuilder AddDeadlines(this IHostApplicationBuilder builder)
    {
        if (EventStoreExtensions.DaemonModeOf(builder.Configuration) != DaemonMode.Disabled)
        {
            builder.Services.AddSingleton<DeadlineWatcher>();
            builder.Services.AddHostedService(services => services.GetRequiredService<DeadlineWatcher>());
        }

        return builder;
    }
}
