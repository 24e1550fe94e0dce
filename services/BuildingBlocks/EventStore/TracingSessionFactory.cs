using System.Diagnostics;
using Marten;
using Microsoft.AspNetCore.Http;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.BuildingBlocks.EventStore;

/// <summary>
/// Opens lightweight sessions that stamp every appended event with the caller's trace context and, for a request,
/// the acting principal (audit: who did what).
/// </summary>
/// <remarks>
/// The outbox publishes from the async daemon, long after the request's <see cref="Activity"/> has ended; the
/// <c>traceparent</c> header is how the publish (and everything downstream) joins the request's trace.
/// </remarks>
public sealed class TracingSessionFactory(IDocumentStore store, IHttpContextAccessor? http = null) : ISessionFactory
{
    public const string TraceParentHeader = "traceparent";

    /// <summary>Event header listing the roles the acting principal held; its subject is the event's user name.</summary>
    public const string ActingRolesHeader = "acting-roles";

    public IQuerySession QuerySession() => store.QuerySession();

    public IDocumentSession OpenSession()
    {
        var session = store.LightweightSession();
        if (Activity.Current is { } activity)
        {
            session.SetHeader(TraceParentHeader, activity.Id!);
            session.CorrelationId = activity.TraceId.ToString();
        }

        // Marten records LastModifiedBy as each event's user_name. Consumers and timers have no principal: their
        // events name none, and their causation is the message or deadline.
        if (http?.HttpContext?.User is { Identity.IsAuthenticated: true } user)
        {
            session.LastModifiedBy = user.FindFirst(PlatformClaims.Subject)?.Value ?? user.Identity.Name;
            var roles = user.FindAll(c => c.Type == (user.Identity as System.Security.Claims.ClaimsIdentity)?.RoleClaimType).Select(c => c.Value);
            session.SetHeader(ActingRolesHeader, string.Join(' ', roles));
        }

        return session;
    }
}
