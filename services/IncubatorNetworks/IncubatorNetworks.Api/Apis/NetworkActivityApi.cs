using SocialTech.IncubatorNetworks.Activity;
using SocialTech.IncubatorNetworks.Activity.GettingSubjects;
using SocialTech.IncubatorNetworks.Activity.Refusals;
using SocialTech.IncubatorNetworks.Calls;
using SocialTech.IncubatorNetworks.Calls.Closing;
using SocialTech.IncubatorNetworks.Cohorts;
using SocialTech.IncubatorNetworks.Programmes;
using SocialTech.IncubatorNetworks.PublicEvents;
using SocialTech.IncubatorNetworks.Ventures;
using SocialTech.IncubatorNetworks.Calls.Opening;
using SocialTech.IncubatorNetworks.Cohorts.Announcing;
using SocialTech.IncubatorNetworks.Programmes.Launching;
using SocialTech.IncubatorNetworks.PublicEvents.Cancelling;
using SocialTech.IncubatorNetworks.PublicEvents.Changing;
using SocialTech.IncubatorNetworks.PublicEvents.Holding;
using SocialTech.IncubatorNetworks.PublicEvents.Scheduling;
using SocialTech.IncubatorNetworks.Ventures.ChangingPhase;
using SocialTech.IncubatorNetworks.Ventures.EndingSupport;
using SocialTech.IncubatorNetworks.Ventures.Incorporating;
using SocialTech.IncubatorNetworks.Ventures.RaisingFunding;
using SocialTech.IncubatorNetworks.Ventures.ReportingIndicators;
using SocialTech.IncubatorNetworks.Ventures.Admitting;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.IncubatorNetworks.Apis;

/// <summary>
/// One route per kind of message a network publishes about its activity. Each carries the network's own
/// <c>eventId</c>: a retry with the same one answers the first result (header <c>Idempotent-Replayed: true</c>), the
/// same eventId with another body is a 409. No If-Match: a network's system publishes what happened, in order.
/// References in the path are checked by the publisher like those in bodies, so that a bad one is named under errors.
/// </summary>
public static class NetworkActivityApi
{
    public static IEndpointRouteBuilder MapNetworkActivityApi(this IEndpointRouteBuilder app)
    {
        // A network publishes under its own id only: the route's network must be the token's.
        var activity = app.MapGroup("/api/networks/{networkId:guid}").WithTags("Network activity")
            .WritesRequireRoles(Roles.Network)
            .WritesRequireOwner(Roles.Network, PlatformClaims.NetworkId, "the network in the route", Owners.FromRoute("networkId"));

        activity.MapPost("/programmes", LaunchProgramme.Handle)
            .Publishes("LaunchProgramme", "A support programme launched (emergence, incubation, acceleration, implantation, rural)");
        activity.MapPost("/calls", OpenCall.Handle)
            .Publishes("OpenCall", "A call for applications opened, with its dates");
        activity.MapPost($"/calls/{{callRef}}/closure", CloseCall.Handle)
            .Publishes("CloseCall", "A call for applications closed, with its number of applications");
        activity.MapPost("/cohorts", AnnounceCohort.Handle)
            .Publishes("AnnounceCohort", "A cohort announced with its ventures");

        var venture = $"/ventures/{{ventureRef}}";
        activity.MapPost("/ventures", AdmitVenture.Handle)
            .Publishes("AdmitVenture", "A venture admitted to a programme");
        activity.MapPost($"{venture}/phase", ChangeVenturePhase.Handle)
            .Publishes("ChangeVenturePhase", "A venture moved to another phase");
        activity.MapPost($"{venture}/incorporation", IncorporateVenture.Handle)
            .Publishes("IncorporateVenture", "A venture incorporated, with its SIREN");
        activity.MapPost($"{venture}/funding", RaiseVentureFunding.Handle)
            .Publishes("RaiseVentureFunding", "A venture raised funds");
        activity.MapPost($"{venture}/indicators", ReportVentureIndicators.Handle)
            .Publishes("ReportVentureIndicators", "A venture's yearly indicators (jobs, revenue, beneficiaries)");
        activity.MapPost($"{venture}/graduation", EndVentureSupport.HandleGraduation)
            .Publishes("GraduateVenture", "A venture graduated from its programme");
        activity.MapPost($"{venture}/exit", EndVentureSupport.HandleExit)
            .Publishes("ExitVenture", "A venture left its programme early");
        activity.MapPost($"{venture}/abandonment", EndVentureSupport.HandleAbandonment)
            .Publishes("AbandonVenture", "A venture was abandoned");

        var publicEvent = $"/events/{{publicEventRef}}";
        activity.MapPost("/events", SchedulePublicEvent.Handle)
            .Publishes("SchedulePublicEvent", "A public event scheduled (demo day, workshop, jury, open day)");
        activity.MapPost($"{publicEvent}/changes", ChangePublicEvent.Handle)
            .Publishes("ChangePublicEvent", "A scheduled public event changed");
        activity.MapPost($"{publicEvent}/cancellation", CancelPublicEvent.Handle)
            .Publishes("CancelPublicEvent", "A scheduled public event cancelled");
        activity.MapPost($"{publicEvent}/held", HoldPublicEvent.Handle)
            .Publishes("HoldPublicEvent", "A public event took place");

        // Why the AMQP inbox refused a network's messages: the network's own business, so reads are guarded too.
        activity.MapGet("/refused-messages", ListRefusedMessages.Handle)
            .RequireRoles(Roles.Network, Roles.Operator)
            .RequireOwner(Roles.Network, PlatformClaims.NetworkId, "the network in the route", Owners.FromRoute("networkId"))
            .WithName("ListRefusedMessages")
            .WithSummary("The network's messages the AMQP inbox refused, newest first, with the reason and field errors, paginated")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        MapSubject<Programme>(activity, Subjects.Programmes, "programmeRef", "GetProgramme", p => p.Version);
        MapSubject<CallForApplications>(activity, Subjects.Calls, "callRef", "GetCall", c => c.Version);
        MapSubject<Cohort>(activity, Subjects.Cohorts, "cohortRef", "GetCohort", c => c.Version);
        MapSubject<Venture>(activity, Subjects.Ventures, "ventureRef", "GetVenture", v => v.Version);
        MapSubject<PublicEvent>(activity, Subjects.PublicEvents, "publicEventRef", "GetPublicEvent", e => e.Version);

        return app;
    }

    private static void MapSubject<TState>(RouteGroupBuilder activity, string collection, string reference, string name, Func<TState, long> version)
        where TState : class =>
        activity.MapGet($"/{collection}/{{{reference}}}",
                (Guid networkId, HttpContext context, Marten.IQuerySession session, CancellationToken ct) =>
                    GetSubject.Handle(collection, networkId, (string)context.Request.RouteValues[reference]!, version, session, context.Response, ct))
            .WithName(name)
            .WithSummary($"A {collection[..^1]} as the network's messages made it, with its version as ETag")
            // The handler reads the reference from the route values (one handler for five names), so the generator
            // cannot see it: declared here, or a generated client could not call the route at all.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
                {
                    Name = reference,
                    In = Microsoft.OpenApi.ParameterLocation.Path,
                    Required = true,
                    Description = $"The network's own reference of the {collection[..^1]}",
                    Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String },
                });
                return Task.CompletedTask;
            });

    private static RouteHandlerBuilder Publishes(this RouteHandlerBuilder route, string name, string summary) => route
        .WithName(name)
        .WithSummary(summary)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict);
}
