using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Territories.GettingDetails;

/// <param name="Parents">Nearest first: a commune's EPCI, département and région; the départements and régions an EPCI spans.</param>
/// <param name="Children">How many territories of each level lie under this one.</param>
/// <param name="Qpvs">The quartiers prioritaires located in the territory's communes.</param>
/// <param name="Density">Communes only: INSEE density level 1–7 with its label; null where the 2024 grid has no row.</param>
/// <param name="Rural">Communes only: density level 5, 6 or 7.</param>
/// <param name="Frr">Communes only: France Ruralités Revitalisation classification, e.g. <c>frr-plus</c>.</param>
/// <param name="Nature">EPCI only: CC, CA, CU, METRO or MET69.</param>
/// <param name="Siren">Communes: their SIREN, from the published correspondence (Etalab's decoupage-administratif), which
/// no digit of the INSEE code gives; EPCIs: their SIREN, which is also their code. Null for départements and régions.</param>
/// <param name="Attribution">The credit the Licence Ouverte asks of anyone who shows these data.</param>
public sealed record TerritoryDetails(
    string Level,
    string Code,
    string Name,
    int Vintage,
    IReadOnlyList<TerritorySummary> Parents,
    Population Population,
    ChildCounts Children,
    IReadOnlyList<Qpv> Qpvs,
    Density? Density,
    bool? Rural,
    string? Frr,
    string? Nature,
    string? ChefLieu,
    string? Siren,
    string Attribution);

public sealed record ChildCounts(int Departements, int Epcis, int Communes);

public sealed record Density(int Level, string Label);

public static class GetTerritoryDetails
{
    public static Ok<TerritoryDetails> Handle(string level, string code, int? vintage, TerritoryReferential referential)
    {
        var territories = TerritoryRequests.Vintage(referential, vintage);
        var territory = TerritoryRequests.Existing(territories, TerritoryRequests.Level(level), code);
        return TypedResults.Ok(Describe(territories, territory));
    }

    public static TerritoryDetails Describe(TerritoryVintage territories, Territory territory)
    {
        var (lvl, code) = (territory.Level, territory.Code);
        var communeCodes = territories.CommuneCodesUnder(lvl, code);
        var children = new ChildCounts(
            lvl == TerritoryLevel.Region ? territories.ChildrenOf(lvl, code).Count : 0,
            lvl is TerritoryLevel.Region or TerritoryLevel.Departement
                ? communeCodes.Select(c => territories.TryGetCommune(c, out var m) ? m.EpciSiren : null).OfType<string>().Distinct().Count()
                : 0,
            lvl == TerritoryLevel.Commune ? 0 : communeCodes.Count);

        territories.TryGetCommune(code, out var commune);
        var isCommune = lvl == TerritoryLevel.Commune;
        return new TerritoryDetails(
            Kebab.Name(lvl),
            code,
            territory.Name,
            territories.Year,
            territories.ParentsOf(lvl, code).Select(TerritorySummary.From).ToArray(),
            territories.PopulationOf(lvl, code),
            children,
            territories.QpvsUnder(lvl, code),
            isCommune && commune.Density is { } d ? new Density(d, territories.DensityLabels[d]) : null,
            isCommune ? commune.Rural : null,
            isCommune ? Kebab.Name(commune.Frr) : null,
            lvl == TerritoryLevel.Epci && territories.TryGetEpci(code, out var epci) ? epci.Nature : null,
            lvl switch
            {
                TerritoryLevel.Region when territories.TryGetRegion(code, out var r) => r.ChefLieu,
                TerritoryLevel.Departement when territories.TryGetDepartement(code, out var dep) => dep.ChefLieu,
                _ => null,
            },
            lvl switch
            {
                TerritoryLevel.Commune => commune.Siren,
                TerritoryLevel.Epci => code,
                _ => null,
            },
            territories.Attribution);
    }
}
