using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Organisations.Registering;

/// <param name="Name">Public name of the organisation.</param>
/// <param name="Kinds">One or more kinds, kebab-case: <c>association</c>, <c>scic</c>, <c>tiers-lieu-operator</c>…</param>
/// <param name="HeadOfficeCommuneCode">INSEE code of the head office's commune, e.g. <c>69123</c>.</param>
public sealed record RegisterActorRequest(string? Name, IReadOnlyList<string>? Kinds, string? HeadOfficeCommuneCode);

public static partial class RegisterActor
{
    /// <summary>The COG vintage new places are recorded in.</summary>
    public const int CurrentVintage = 2025;

    public static OrganisationRegistered Decide(Guid actorId, RegisterActorRequest request, DateTimeOffset now)
    {
        var validation = new Validation().Required(request.Name, "name", 200);

        var kinds = new List<ActorKind>();
        validation.Check(request.Kinds is { Count: > 0 }, "kinds", "must name at least one kind.");
        foreach (var kind in request.Kinds ?? [])
        {
            if (Kebab.TryParse<ActorKind>(kind, out var parsed))
            {
                kinds.Add(parsed);
            }
            else
            {
                validation.Check(false, "kinds", $"'{kind}' is not a kind; use one of {string.Join(", ", Kebab.Names<ActorKind>())}.");
            }
        }

        validation.Check(request.HeadOfficeCommuneCode is not null && CommuneCode().IsMatch(request.HeadOfficeCommuneCode),
            "headOfficeCommuneCode", "must be an INSEE commune code of 5 characters, e.g. 69123 or 2A004.");
        validation.ThrowIfInvalid();

        return new OrganisationRegistered(
            actorId, request.Name!.Trim(), kinds.Distinct().ToArray(),
            new CommuneReference(request.HeadOfficeCommuneCode!, CurrentVintage), now);
    }

    public static async Task<Created<ActorDetails>> Handle(
        RegisterActorRequest request, IDocumentSession session, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var actorId = Guid.CreateVersion7();
        var registered = Decide(actorId, request, clock.GetUtcNow());

        session.Events.StartStream<Organisation>(actorId, registered);
        await session.SaveChangesAsync(ct);

        var details = ActorDetails.Create(registered) with { Version = 1 };
        ETag.Set(response, details.Version);
        return TypedResults.Created($"/api/actors/{actorId}", details);
    }

    [GeneratedRegex(@"^(?:\d{2}|2[AB])\d{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CommuneCode();
}
