using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialTech.Actors.Territories;

/// <summary>
/// The shape of <c>Data/cog-&lt;vintage&gt;.json.gz</c>, as <c>tools/territory/build_referential.py</c> writes it.
/// Kept apart from the model: the file stays flat and small, the model carries the indexes built from it.
/// </summary>
internal sealed record TerritoryFile(
    int Vintage,
    string Licence,
    string Attribution,
    IReadOnlyList<TerritoryFile.SourceRow> Sources,
    IReadOnlyList<TerritoryFile.DensityLevelRow> DensityLevels,
    IReadOnlyList<TerritoryFile.RegionRow> Regions,
    IReadOnlyList<TerritoryFile.DepartementRow> Departements,
    IReadOnlyList<TerritoryFile.EpciRow> Epcis,
    IReadOnlyList<TerritoryFile.CommuneRow> Communes,
    IReadOnlyList<TerritoryFile.FormerCodeRow> FormerCodes,
    IReadOnlyList<TerritoryFile.QpvRow> Qpvs)
{
    internal sealed record SourceRow(string File, string Publisher, string Title, string AsOf, string Sha256);

    internal sealed record DensityLevelRow(int Level, string Label);

    internal sealed record RegionRow(string Code, string Name, string ChefLieu);

    internal sealed record DepartementRow(string Code, string Name, string Region, string ChefLieu);

    internal sealed record EpciRow(string Siren, string Name, string Nature);

    internal sealed record CommuneRow(
        string Code, string Name, string Departement, string? Epci,
        long PopulationMunicipal, long PopulationTotal, int PopulationYear, int? Density, string Frr);

    internal sealed record FormerCodeRow(string Code, string Kind, string Name, string Commune);

    internal sealed record QpvRow(string Code, string Name, IReadOnlyList<string> Communes);
}

// Source-generated: reflection-based deserialization of 35 000 rows would be most of the start-up cost.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TerritoryFile))]
internal sealed partial class TerritoryFileJson : JsonSerializerContext;
