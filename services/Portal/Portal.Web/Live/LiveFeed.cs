namespace SocialTech.Portal.Live;

/// <summary>
/// The activity this portal instance has received since it started, newest first, and the pages listening to it.
/// Each instance consumes on its own temporary queue, so every instance sees every message and tells its own
/// pages; nothing is kept across restarts (the feeds of the services are the history).
/// </summary>
public sealed class LiveFeed
{
    private const int Capacity = 200;
    private readonly Lock gate = new();
    private readonly LinkedList<LiveActivity> recent = new();
    private readonly HashSet<string> seen = [];

    /// <summary>Raised on the consumer's thread after an activity is added; listeners marshal to their own context.</summary>
    public event Action<LiveActivity>? Published;

    public IReadOnlyList<LiveActivity> Recent(string? territory)
    {
        lock (gate)
        {
            return recent.Where(a => a.IsIn(territory)).ToArray();
        }
    }

    public void Publish(LiveActivity activity)
    {
        lock (gate)
        {
            if (!seen.Add(activity.Key))
            {
                return;
            }

            recent.AddFirst(activity);
            if (recent.Count > Capacity)
            {
                seen.Remove(recent.Last!.Value.Key);
                recent.RemoveLast();
            }
        }

        Published?.Invoke(activity);
    }
}
