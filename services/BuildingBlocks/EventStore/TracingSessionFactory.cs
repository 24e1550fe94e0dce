using System.Diagnostics;
using Marten;

namespace SocialTech.BuildingBlocks.EventStore;

/// <summary>
/// Opens lightweight sessions that stamp every appended event with the caller's trace context.
/// </summary>
/// <remarks>
/// The outbox publishes from the async daemon, long after the request's <see cref="Activity"/> has ended; the
/// <c>traceparent</c> header is how the publish (and everything downstream) joins the request's trace.
/// </remarks>
public sealed class TracingSessionFactory(IDocumentStore store) : ISessionFactory
{
    public const string TraceParentHeader = "traceparent";

    public IQuerySession QuerySession() => store.QuerySession();

    public IDocumentSession OpenSession()
    {
        var session = store.LightweightSession();
        if (Activity.Current is { } activity)
        {
            session.SetHeader(TraceParentHeader, activity.Id!);
            session.CorrelationId = activity.TraceId.ToString();
        }

        return session;
    }
}
