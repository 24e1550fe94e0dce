using SocialTech.Labelling.Applications;
using SocialTech.Labelling.Applications.CarryingOver;
using SocialTech.Labelling.Applications.Completing;
using SocialTech.Labelling.Applications.DecidingAdmissibility;
using SocialTech.Labelling.Applications.DecidingAsJury;
using SocialTech.Labelling.Applications.DeclaringIncomplete;
using SocialTech.Labelling.Applications.Drafting;
using SocialTech.Labelling.Applications.GettingDetails;
using SocialTech.Labelling.Applications.HoldingHearing;
using SocialTech.Labelling.Applications.Instructing;
using SocialTech.Labelling.Applications.ReceivingSupport;
using SocialTech.Labelling.Applications.SchedulingHearing;
using SocialTech.Labelling.Applications.Searching;
using SocialTech.Labelling.Applications.SigningCharter;
using SocialTech.Labelling.Applications.Submitting;
using SocialTech.Labelling.Applications.Withdrawing;
using SocialTech.Labelling.Eligibility.Evaluating;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.Labelling.Apis;

/// <summary>
/// Every route of the label applications. Each transition takes the ETag it read in If-Match; a transition the
/// application's state does not allow answers 409 with <c>currentState</c>.
/// </summary>
public static class ApplicationsApi
{
    public static IEndpointRouteBuilder MapApplicationsApi(this IEndpointRouteBuilder app)
    {
        // Applicants (territorial collectives, networks, operators on an organisation's behalf) draft, and then the
        // party that drafted acts on its application (ApplicationAccess.DraftingParty, on every write present and
        // future); the scheme's owner instructs and decides (LabellingOwners.RunByOwner overrides the group's roles
        // and lifts the drafting-party rule). Nothing of an application is open data: the register is.
        var applications = app.MapGroup("/api/labelling/applications").WithTags("Applications")
            .WritesRequireRoles([.. ApplicationParties.Applicants])
            .WritesRequireResourceRule(ApplicationAccess.DraftingParty);

        applications.MapPost("/", DraftApplication.Handle)
            .WithName("DraftApplication")
            .WithSummary("Draft an application to a scheme (in a campaign for an obtention scheme), with its holder and evidence; renewsLabelId renews a label. The token's network (or subject) becomes the drafting party, the only one besides an admin that may act on it. Idempotency-Key makes retries safe.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesAccessProblems();

        applications.MapGet("/", SearchApplications.Handle)
            .WithName("SearchApplications")
            .WithSummary("The applications the token is a party to (drafted by its network or subject, or to its schemes; all of them for a public authority or an admin), by scheme, campaign and status, paginated")
            .ProducesValidationProblem()
            .ProducesAccessProblems()
            .RequireRoles(ApplicationAccess.Readers);

        applications.MapGet("/{id:guid}", GetApplication.Handle)
            .WithName("GetApplication")
            .WithSummary("An application with its status, evidence, instruction and decision, and its version as ETag; for the party that drafted it, the owner of its scheme, public authorities and admins")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesAccessProblems()
            .RequireRoles(ApplicationAccess.Readers)
            .RequireResourceRule(ApplicationAccess.Reader);

        applications.MapGet("/{id:guid}/eligibility", GetEligibility.Handle)
            .WithName("GetApplicationEligibility")
            .WithSummary("Each criterion met, not met or unknown as of now, with the facts behind it (counts and the actors, places, grants, ventures counted), from Labelling's copies of the other services' data; for the application's readers")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesAccessProblems()
            .RequireRoles(ApplicationAccess.Readers)
            .RequireResourceRule(ApplicationAccess.Reader);

        Updates.Route(applications.MapPost("/{id:guid}/submission", SubmitApplication.Handle), "SubmitApplication",
            "Submit a drafted obtention application while its campaign is open; the scheme's silence delay starts");
        Updates.Route(applications.MapPost("/{id:guid}/incompleteness", DeclareIncomplete.Handle).RunByOwner(), "DeclareApplicationIncomplete",
            "Ask for missing pieces; the silence delay stops");
        Updates.Route(applications.MapPost("/{id:guid}/completion", CompleteApplication.Handle), "CompleteApplication",
            "Bring the missing pieces; the silence delay starts again");
        Updates.Route(applications.MapPost("/{id:guid}/admissibility", DecideAdmissibility.Handle).RunByOwner(), "DecideAdmissibility",
            "Declare a complete file admissible, or any submitted file inadmissible with a reason");
        Updates.Route(applications.MapPost("/{id:guid}/instruction", OpenInstruction.Handle).RunByOwner(), "OpenInstruction",
            "Open the instruction of an admissible application");
        Updates.Route(applications.MapPost("/{id:guid}/support-letters", ReceiveSupportLetter.Handle).RunByOwner(), "ReceiveSupportLetter",
            "Record a support letter from another actor during instruction");
        Updates.Route(applications.MapPost("/{id:guid}/hearing", ScheduleHearing.Handle).RunByOwner(), "ScheduleHearing",
            "Schedule (or move) the applicant's hearing during instruction");
        Updates.Route(applications.MapPost("/{id:guid}/hearing/held", HoldHearing.Handle).RunByOwner(), "HoldHearing",
            "Record that the scheduled hearing took place, with its minutes");
        Updates.Route(applications.MapPost("/{id:guid}/jury-decision", DecideAsJury.Handle).RunByOwner(), "DecideAsJury",
            "The jury grants (within the campaign's cap), rejects or defers to the next campaign; a grant starts the label");
        Updates.Route(applications.MapPost("/{id:guid}/charter-signature", SignCharter.Handle), "SignCharter",
            "Open brand: sign the charter and declare the criteria met; the label is granted at once");
        Updates.Route(applications.MapPost("/{id:guid}/carry-over", CarryOver.Handle).RunByOwner(), "CarryOverApplication",
            "Move a deferred application to the next campaign, where it is admissible");
        Updates.Route(applications.MapPost("/{id:guid}/withdrawal", WithdrawApplication.Handle), "WithdrawApplication",
            "Withdraw an application that has no final decision");

        return app;
    }
}
