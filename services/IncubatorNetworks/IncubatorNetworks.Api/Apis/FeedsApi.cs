using SocialTech.IncubatorNetworks.Feeds.Activity;
using SocialTech.IncubatorNetworks.Feeds.Calendar;
using SocialTech.IncubatorNetworks.Feeds.Live;

namespace SocialTech.IncubatorNetworks.Apis;

/// <summary>What networks publish, read back per territory and per network.</summary>
public static class FeedsApi
{
    public static IEndpointRouteBuilder MapFeedsApi(this IEndpointRouteBuilder app)
    {
        var feeds = app.MapGroup("/api/networks").WithTags("Feeds");

        feeds.MapGet("/feed", ActivityFeed.Handle)
            .WithName("ActivityFeed")
            .WithSummary("Networks' activity, newest first, by territory (commune rolls up to EPCI, département, région) or network, paginated")
            .ProducesValidationProblem();

        feeds.MapGet("/events.ics", PublicEventsCalendar.Handle)
            .WithName("PublicEventsCalendar")
            .WithSummary("Networks' public events as an iCalendar (RFC 5545) feed, by territory or network")
            .Produces(StatusCodes.Status200OK, contentType: "text/calendar")
            .ProducesValidationProblem();

        feeds.MapGet("/feeds/live", LiveFeed.Handle)
            .WithName("LiveActivity")
            .WithSummary("New activity as it is published, as server-sent events (event: activity), by territory or network")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesValidationProblem();

        return app;
    }
}
