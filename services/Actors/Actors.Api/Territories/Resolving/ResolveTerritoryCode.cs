using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Territories.Resolving;

/// <param name="Matches">Every territory the code names: a 2-digit code may be a région and a département.</param>
public sealed record ResolvedCode(string Code, int Vintage, IReadOnlyList<ResolvedTerritory> Matches);

/// <param name="ResolvedFrom">Set when the code is an arrondissement or a former commune: what it was.</param>
public sealed record ResolvedTerritory(string Level, string Code, string Name, FormerCodeSummary? ResolvedFrom);

/// <param name="Kind"><c>arrondissement</c>, <c>commune-deleguee</c> or <c>commune-associee</c>.</param>
public sealed record FormerCodeSummary(string Code, string Kind, string Name);

public static class ResolveTerritoryCode
{
    public static Ok<ResolvedCode> Handle(string code, int? vintage, TerritoryReferential referential)
    {
        var territories = TerritoryRequests.Vintage(referential, vintage);
        new Validation()
            .Check(TerritoryRequests.IsWellFormedAtAnyLevel(code), "code",
                "must be a région (84), département (69, 2A, 974), EPCI SIREN (200046977) or commune code (69123, 69385).")
            .ThrowIfInvalid();

        var matches = territories.Resolve(code);
        if (matches.Count == 0)
        {
            throw new ProblemException(StatusCodes.Status404NotFound, "Unknown territory",
                $"The code {code} names no territory of any level in the {territories.Year} referential.",
                new Dictionary<string, object?> { ["field"] = "code", ["vintage"] = territories.Year });
        }

        return TypedResults.Ok(new ResolvedCode(code, territories.Year, matches.Select(ToResponse).ToArray()));
    }

    public static ResolvedTerritory ToResponse(Resolution resolution) => new(
        Kebab.Name(resolution.Territory.Level),
        resolution.Territory.Code,
        resolution.Territory.Name,
        resolution.Via is { } via ? new FormerCodeSummary(via.Code, Kebab.Name(via.Kind), via.Name) : null);
}
