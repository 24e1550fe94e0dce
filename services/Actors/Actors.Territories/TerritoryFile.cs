using System.Runtime.CompilerServices;
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
    IReadOnlyList<string> CommuneColumns,
    IReadOnlyList<TerritoryFile.CommuneRow> Communes,
    IReadOnlyList<TerritoryFile.FormerCodeRow> FormerCodes,
    IReadOnlyList<TerritoryFile.QpvRow> Qpvs)
{
    internal sealed record SourceRow(string File, string Publisher, string Title, string AsOf, string Sha256, string? Licence = null);

    internal sealed record DensityLevelRow(int Level, string Label);

    internal sealed record RegionRow(string Code, string Name, string ChefLieu);

    internal sealed record DepartementRow(string Code, string Name, string Region, string ChefLieu);

    internal sealed record EpciRow(string Siren, string Name, string Nature);

    /// <summary>The columns of a commune row, in file order; the build tool writes <c>communeColumns</c> with the same names.</summary>
    internal static readonly string[] ExpectedCommuneColumns =
        ["code", "name", "departement", "epci", "populationMunicipal", "populationTotal", "populationYear", "density", "frr", "siren"];

    [JsonConverter(typeof(CommuneRowConverter))]
    internal sealed record CommuneRow(
        string Code, string Name, string Departement, string? Epci,
        long PopulationMunicipal, long PopulationTotal, int PopulationYear, int? Density, string Frr, string Siren);

    /// <summary>
    /// Communes are rows of values, not objects (see <c>COMMUNE_COLUMNS</c> in the build tool): reading them
    /// positionally is most of what keeps loading the referential short.
    /// </summary>
    internal sealed class CommuneRowConverter : JsonConverter<CommuneRow>
    {
        // Called 35 000 times in a row at start-up, before tiered compilation would promote it: compile it optimized at once.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override CommuneRow Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            Expect(ref reader, JsonTokenType.StartArray);
            var row = new CommuneRow(
                NextString(ref reader)!, NextString(ref reader)!, NextString(ref reader)!, NextString(ref reader),
                NextNumber(ref reader)!.Value, NextNumber(ref reader)!.Value, (int)NextNumber(ref reader)!.Value,
                (int?)NextNumber(ref reader), NextString(ref reader)!, NextString(ref reader)!);
            reader.Read();
            Expect(ref reader, JsonTokenType.EndArray);
            return row;
        }

        public override void Write(Utf8JsonWriter writer, CommuneRow value, JsonSerializerOptions options) =>
            throw new NotSupportedException("The referential is written by tools/territory/build_referential.py only.");

        private static string? NextString(ref Utf8JsonReader reader)
        {
            reader.Read();
            return reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
        }

        private static long? NextNumber(ref Utf8JsonReader reader)
        {
            reader.Read();
            return reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
        }

        private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
        {
            if (reader.TokenType != token)
            {
                throw new JsonException($"A commune row must be an array of {ExpectedCommuneColumns.Length} values; found {reader.TokenType}.");
            }
        }
    }

    internal sealed record FormerCodeRow(string Code, string Kind, string Name, string Commune);

    internal sealed record QpvRow(string Code, string Name, IReadOnlyList<string> Communes);
}

// Source-generated: reflection-based deserialization of 35 000 rows would be most of the start-up cost.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TerritoryFile))]
internal sealed partial class TerritoryFileJson : JsonSerializerContext;
