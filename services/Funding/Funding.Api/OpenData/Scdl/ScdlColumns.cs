using System.Text;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Funding.OpenData.Scdl;

/// <summary>
/// The columns of SCDL Subventions 2.1.1 (OpenDataFrance's Table Schema, <c>../shared/reference/scdl/schema-subventions.json</c>),
/// in the schema's order, and the other names files in the wild give them: 1.x names, the schema's French titles,
/// spreadsheet-friendly variants. Header cells match case, accents, spaces and punctuation ignored.
/// </summary>
public static class ScdlColumns
{
    public const string NomAttribuant = "nomAttribuant";
    public const string IdAttribuant = "idAttribuant";
    public const string DateConvention = "dateConvention";
    public const string ReferenceDecision = "referenceDecision";
    public const string NomBeneficiaire = "nomBeneficiaire";
    public const string IdBeneficiaire = "idBeneficiaire";
    public const string RnaBeneficiaire = "rnaBeneficiaire";
    public const string Objet = "objet";
    public const string Montant = "montant";
    public const string Nature = "nature";
    public const string ConditionsVersement = "conditionsVersement";
    public const string DatesPeriodeVersement = "datesPeriodeVersement";
    public const string IdRae = "idRAE";
    public const string NotificationUe = "notificationUE";
    public const string PourcentageSubvention = "pourcentageSubvention";
    public const string DispositifAide = "dispositifAide";

    /// <summary>Every 2.1.1 column, in the schema's order: the export writes them so.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        NomAttribuant, IdAttribuant, DateConvention, ReferenceDecision, NomBeneficiaire, IdBeneficiaire, RnaBeneficiaire, Objet, Montant,
        Nature, ConditionsVersement, DatesPeriodeVersement, IdRae, NotificationUe, PourcentageSubvention, DispositifAide,
    ];

    /// <summary>Without these a row cannot become a grant; a file lacking one is refused whole. The recipient's
    /// identifier is required as <see cref="IdBeneficiaire"/> or <see cref="RnaBeneficiaire"/>, either will do.</summary>
    public static readonly IReadOnlyList<string> Required = [NomAttribuant, IdAttribuant, DateConvention, NomBeneficiaire, Objet, Montant];

    /// <summary>Other names, folded (see <see cref="Fold"/>): SCDL 1.x (2017–2018 files), the schema's French titles, variants seen on portals.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["nomdelattribuant"] = NomAttribuant,
        ["attribuant"] = NomAttribuant,
        ["nomattributaire"] = NomAttribuant,
        ["identificationdelattribuant"] = IdAttribuant,
        ["identifiantdelattribuant"] = IdAttribuant,
        ["siretattribuant"] = IdAttribuant,
        ["siretdelattribuant"] = IdAttribuant,
        ["idattributaire"] = IdAttribuant,
        ["datedelaconventiondesubvention"] = DateConvention,
        ["datedelaconvention"] = DateConvention,
        ["dateconventionsubvention"] = DateConvention,
        ["datedecision"] = DateConvention,
        ["datedeladecision"] = DateConvention,
        ["referencedeladecision"] = ReferenceDecision,
        ["refdecision"] = ReferenceDecision,
        ["referencedeliberation"] = ReferenceDecision,
        ["nomdubeneficiaire"] = NomBeneficiaire,
        ["beneficiaire"] = NomBeneficiaire,
        ["raisonsocialebeneficiaire"] = NomBeneficiaire,
        ["identificationsiretdubeneficiaire"] = IdBeneficiaire,
        ["identificationdubeneficiaire"] = IdBeneficiaire,
        ["identifiantdubeneficiaire"] = IdBeneficiaire,
        ["siretbeneficiaire"] = IdBeneficiaire,
        ["siretdubeneficiaire"] = IdBeneficiaire,
        ["identificationrnadubeneficiaire"] = RnaBeneficiaire,
        ["rnadubeneficiaire"] = RnaBeneficiaire,
        ["numerorna"] = RnaBeneficiaire,
        ["rna"] = RnaBeneficiaire,
        ["objetdelasubvention"] = Objet,
        ["objetsubvention"] = Objet,
        ["montanttotaldelasubvention"] = Montant,
        ["montantsubvention"] = Montant,
        ["montanttotal"] = Montant,
        ["montantattribue"] = Montant,
        ["naturedelasubvention"] = Nature,
        ["naturesubvention"] = Nature,
        ["conditionsdeversementdelasubvention"] = ConditionsVersement,
        ["conditionsdeversement"] = ConditionsVersement,
        ["dateouperiodedeversement"] = DatesPeriodeVersement,
        ["datesversement"] = DatesPeriodeVersement,
        ["periodeversement"] = DatesPeriodeVersement,
        ["datesouperiodedeversement"] = DatesPeriodeVersement,
        ["notificationue"] = NotificationUe,
        ["aidedetatnotifieealacommissioneuropeenne"] = NotificationUe,
        ["pourcentagedumontanttotaldelasubventionattribueeaubeneficiaire"] = PourcentageSubvention,
        ["pourcentage"] = PourcentageSubvention,
        ["dispositif"] = DispositifAide,
        ["dispositifdaide"] = DispositifAide,
    };

    private static readonly Dictionary<string, string> ByFoldedName = All.ToDictionary(Fold, c => c, StringComparer.Ordinal);

    /// <summary>The 2.1.1 column a header cell names, or null when it names none.</summary>
    public static string? Recognise(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var folded = Fold(header);
        return ByFoldedName.GetValueOrDefault(folded) ?? Aliases.GetValueOrDefault(folded);
    }

    /// <summary>Lower case, no accents, letters and digits only: <c>Nom de l'attribuant</c> → <c>nomdelattribuant</c>.</summary>
    public static string Fold(string header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var folded = new StringBuilder(header.Length);
        foreach (var c in SearchText.Fold(header))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                folded.Append(c);
            }
        }

        return folded.ToString();
    }
}
