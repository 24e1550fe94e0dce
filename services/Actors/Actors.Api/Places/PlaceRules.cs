using Marten;
using SocialTech.Actors.Organisations;
using SocialTech.Actors.Organisations.GettingDetails;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Actors.Places;

/// <summary>The rules a place's description obeys, shared by opening and changing so that both say the same.</summary>
public static class PlaceRules
{
    public static PlaceDescription Description(
        Validation validation, IKnownTerritories territories, string? name, IReadOnlyList<string>? typologies, string? communeCode,
        Guid? operatorId, ActorStatus? operatorStatus, string? website, Guid? currentOperator = null)
    {
        validation.Required(name, "name", TextBounds.Name).Bounded(website, "website", TextBounds.Url);
        var parsed = Typologies(validation, typologies);
        var commune = ProfileRules.Commune(validation, territories, communeCode, "communeCode");
        Operator(validation, operatorId, operatorStatus, currentOperator);

        Uri? site = null;
        if (website is not null)
        {
            validation.Check(Uri.TryCreate(website, UriKind.Absolute, out site) && site.Scheme is "https" or "http",
                "website", "must be an absolute http(s) address.");
        }

        return new PlaceDescription(name?.Trim() ?? "", parsed, commune!, operatorId ?? Guid.Empty, site);
    }

    public static IReadOnlyList<PlaceTypology> Typologies(Validation validation, IReadOnlyList<string>? typologies)
    {
        validation.Check(typologies is { Count: > 0 }, "typologies", "must name at least one typology.");
        var parsed = new List<PlaceTypology>();
        foreach (var typology in typologies ?? [])
        {
            if (Kebab.TryParse<PlaceTypology>(typology, out var value))
            {
                parsed.Add(value);
            }
            else
            {
                validation.Check(false, "typologies",
                    $"'{typology}' is not a typology; use one of {string.Join(", ", Kebab.Names<PlaceTypology>())}.");
            }
        }

        return parsed.Distinct().ToArray();
    }

    /// <remarks>
    /// A newly named operator must be an active actor. The current one may stay after it ceased: otherwise a place
    /// whose operator dissolved could no longer be corrected, only closed.
    /// </remarks>
    private static void Operator(Validation validation, Guid? operatorId, ActorStatus? status, Guid? currentOperator)
    {
        if (operatorId is not { } id || id == Guid.Empty)
        {
            validation.Check(false, "operatorId", "is required: the id of the registry actor that runs the place.");
            return;
        }

        validation.Check(status is not null, "operatorId", $"no actor has id {id}; register the operator in /api/actors first.");
        validation.Check(status is null or ActorStatus.Active || id == currentOperator, "operatorId", status == ActorStatus.Merged
            ? $"the actor {id} was merged into another; name the actor it was merged into."
            : $"the actor {id} is {(status is { } s ? Kebab.Name(s) : "unknown")}; a place is run by an active actor.");
    }

    /// <summary>
    /// The operator's status as the registry holds it now, read before the pure decision (null: no such actor).
    /// </summary>
    /// <remarks>
    /// The actors' profiles are an inline projection in the same database, so this read sees every committed change.
    /// An actor that ceases between this read and the place's commit still leaves a place it ran: the same as one
    /// that ceases a day later, which closing the place handles.
    /// </remarks>
    public static async Task<ActorStatus?> OperatorStatusAsync(IQuerySession session, Guid? operatorId, CancellationToken ct) =>
        operatorId is { } id && await session.LoadAsync<ActorDetails>(id, ct) is { } actor
            && Kebab.TryParse<ActorStatus>(actor.Status, out var status)
            ? status
            : null;
}
