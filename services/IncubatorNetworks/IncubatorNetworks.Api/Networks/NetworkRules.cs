using Marten;
using SocialTech.Actors.Directory;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Territories;

namespace SocialTech.IncubatorNetworks.Networks;

/// <summary>Rules shared by the networks' slices, so that every slice words a refusal the same way.</summary>
public static class NetworkRules
{
    /// <summary>An actor named in a write must be in the directory and active.</summary>
    /// <param name="status">The actor's status in the directory, null when the directory does not know it.</param>
    public static void ActiveActor(Validation validation, string field, Guid? actorId, string? status)
    {
        if (actorId is not { } id || id == Guid.Empty)
        {
            validation.Check(false, field, "is required: the id of a registry actor (/api/actors).");
            return;
        }

        validation.Check(status is not null, field,
            $"no actor has id {id}; register it in /api/actors first (it reaches this service within seconds).");
        validation.Check(status is null or DirectoryActor.Active, field, $"the actor {id} is {status}; name an active actor.");
    }

    /// <summary>A commune code, or a country code and a city abroad: exactly one of the two.</summary>
    public static HubLocation? Location(Validation validation, string? communeCode, string? countryCode, string? city)
    {
        if (communeCode is not null)
        {
            var given = communeCode.Trim().ToUpperInvariant();
            var commune = TerritoryKeys.CommuneCodeOf(given) ?? given;
            validation.Check(TerritoryKeys.CommuneCodeOf(given) is not null, "communeCode", TerritoryKeys.CommuneHelp);
            validation.Check(countryCode is null && city is null, "communeCode",
                "names a commune in France: leave countryCode and city out (they are for hubs abroad).");
            return new HubLocation(commune, "FR", null);
        }

        var country = countryCode?.Trim().ToUpperInvariant();
        validation.Check(country is not null, "countryCode", "is required for a hub abroad (ISO 3166-1 alpha-2, e.g. DE); in France give communeCode.");
        validation.Check(country is null || Countries.IsAssigned(country), "countryCode", $"'{countryCode}' is not an ISO 3166-1 alpha-2 country code.");
        validation.Check(country is null || !Countries.WithInseeCommunes.Contains(country), "countryCode",
            $"{country} has INSEE communes: give the hub's communeCode instead.");
        validation.Required(city, "city", TextBounds.Name);
        return country is null ? null : new HubLocation(null, country, city?.Trim());
    }

    public static Uri? Website(Validation validation, string? website)
    {
        Uri? site = null;
        validation.Check(website is null || (Uri.TryCreate(website, UriKind.Absolute, out site) && site.Scheme is "https" or "http"),
            "website", "must be an absolute http(s) address.").Bounded(website, "website", TextBounds.Url);
        return site;
    }

    public static IReadOnlyList<string> TerritoryKeysOf(HubLocation location) =>
        location.CommuneCode is { } commune ? TerritoryKeys.OfCommune(commune) : TerritoryKeys.OfCountry(location.CountryCode);

    /// <summary>The actor's status as the directory holds it now (null: unknown), read before the pure decision.</summary>
    public static async Task<string?> ActorStatusAsync(IQuerySession session, Guid? actorId, CancellationToken ct) =>
        actorId is { } id && await session.LoadAsync<DirectoryActor>(id, ct) is { } actor ? actor.Status : null;
}
