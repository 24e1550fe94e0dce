namespace SocialTech.IncubatorNetworks.Activity;

/// <summary>
/// A message a network publishes about its own activity. The same records are the JSON bodies of the HTTP
/// endpoints and, later, of the raw AMQP path, so that both validate with the same pure functions.
/// </summary>
public interface INetworkMessage
{
    /// <summary>
    /// The network's own identifier for this message, unique per network (up to 100 characters): publishing again
    /// with the same one has no further effect and answers the first result.
    /// </summary>
    string? EventId { get; }
}

/// <summary>What a decision produced: the events to append and how the feed words and places them.</summary>
/// <param name="Summary">One line for the activity feed, in the network's own words where it gave any.</param>
/// <param name="CommuneCode">Where it happens, when the message says; otherwise the feed places it at the network's hubs.</param>
/// <param name="OccursOn">The day the activity happened or will happen.</param>
public sealed record Decision(IReadOnlyList<object> Events, string Summary, string? CommuneCode, DateOnly OccursOn);
