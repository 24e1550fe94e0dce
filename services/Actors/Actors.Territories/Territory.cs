namespace SocialTech.Actors.Territories;

/// <summary>The levels of the referential, from the widest. Travel kebab-case: <c>region</c>, <c>departement</c>, <c>epci</c>, <c>commune</c>.</summary>
public enum TerritoryLevel
{
    Region,
    Departement,
    Epci,
    Commune,
}

/// <summary>France Ruralités Revitalisation classification (ANCT), as the file of 10 July 2025 labels it.</summary>
public enum FrrClassification
{
    NotClassified,
    Frr,
    FrrPlus,
    FrrBeneficiary,
    FrrPartial,
    FrrBeneficiaryPartial,
}

/// <summary>Why a code names no commune any more but still leads to one.</summary>
public enum FormerCodeKind
{
    Arrondissement,
    CommuneDeleguee,
    CommuneAssociee,
}

/// <summary>Any territory, named the same way at every level.</summary>
public sealed record Territory(TerritoryLevel Level, string Code, string Name);

/// <summary>Legal populations. Aggregates may mix census years (Mayotte is on 2017, the rest on 2023).</summary>
public sealed record Population(long Municipal, long Total, IReadOnlyList<int> CensusYears);

public sealed record Region(string Code, string Name, string ChefLieu, Population Population)
{
    public Territory AsTerritory() => new(TerritoryLevel.Region, Code, Name);
}

public sealed record Departement(string Code, string Name, string RegionCode, string ChefLieu, Population Population)
{
    public Territory AsTerritory() => new(TerritoryLevel.Departement, Code, Name);
}

/// <param name="Nature">DGCL legal nature: CC, CA, CU, METRO or MET69.</param>
public sealed record Epci(string Siren, string Name, string Nature, IReadOnlyList<string> MemberCodes, Population Population)
{
    public Territory AsTerritory() => new(TerritoryLevel.Epci, Siren, Name);
}

/// <param name="Density">INSEE density level 1 (grands centres urbains) to 7 (rural à habitat très dispersé); null where the grid has no row.</param>
/// <param name="Rural">Density level 5 to 7, INSEE's definition of a rural commune; null when the density is unknown.</param>
/// <param name="Siren">The commune's SIREN, from the published correspondence (Etalab's decoupage-administratif):
/// nothing in a SIREN encodes the COG code (Amiens is 218000198 and 80021).</param>
public sealed record Commune(
    string Code,
    string Name,
    string Siren,
    string DepartementCode,
    string RegionCode,
    string? EpciSiren,
    Population Population,
    int? Density,
    FrrClassification Frr,
    IReadOnlyList<Qpv> Qpvs)
{
    public bool? Rural => Density is { } level ? level >= 5 : null;

    public Territory AsTerritory() => new(TerritoryLevel.Commune, Code, Name);
}

/// <summary>A code that was a commune or an arrondissement, and the commune of this vintage it now belongs to.</summary>
public sealed record FormerCode(string Code, FormerCodeKind Kind, string Name, string CommuneCode);

/// <summary>A quartier prioritaire de la politique de la ville and the communes it spans.</summary>
public sealed record Qpv(string Code, string Name, IReadOnlyList<string> CommuneCodes);

/// <summary>One answer to "what does this code name": a territory, and the former code it was reached through, if any.</summary>
public sealed record Resolution(Territory Territory, FormerCode? Via);
