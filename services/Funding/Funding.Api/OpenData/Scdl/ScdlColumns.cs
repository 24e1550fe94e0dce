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

    /// <summary>
    /// The official titles of the 2.1.1 fields, as the schema's <c>title</c>s write them: portals (and the schema's own
    /// CSV template generators) use them as header cells.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [NomAttribuant] = "Nom de l'attribuant",
        [IdAttribuant] = "Identification de l'attribuant",
        [DateConvention] = "Date de la convention de subvention",
        [ReferenceDecision] = "Référence de la décision",
        [NomBeneficiaire] = "Nom du bénéficiaire",
        [IdBeneficiaire] = "Identification SIRET du bénéficiaire",
        [RnaBeneficiaire] = "Identification RNA du bénéficiaire",
        [Objet] = "Objet de la subvention",
        [Montant] = "Montant total de la subvention",
        [Nature] = "Nature de la subvention",
        [ConditionsVersement] = "Conditions de versement de la subvention",
        [DatesPeriodeVersement] = "Date ou période de versement",
        [IdRae] = "Identifiant RAE de l’aide au titre de laquelle la subvention est attribuée",
        [NotificationUe] = "Aide d'Etat notifiée à la Commission Européenne",
        [PourcentageSubvention] = "Pourcentage du montant total de la subvention attribuée au bénéficiaire",
        [DispositifAide] = "Identifiant référençant le dispositif d'aide à l'origine de la subvention",
    };

    /// <summary>Other names, folded (see <see cref="Fold"/>): SCDL 1.x (2017–2018 files), shortened titles, variants seen on portals.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["attribuant"] = NomAttribuant,
        ["nomattributaire"] = NomAttribuant,
        ["identifiantdelattribuant"] = IdAttribuant,
        ["siretattribuant"] = IdAttribuant,
        ["siretdelattribuant"] = IdAttribuant,
        ["idattributaire"] = IdAttribuant,
        ["datedelaconvention"] = DateConvention,
        ["dateconventionsubvention"] = DateConvention,
        ["datedecision"] = DateConvention,
        ["datedeladecision"] = DateConvention,
        ["refdecision"] = ReferenceDecision,
        ["referencedeliberation"] = ReferenceDecision,
        ["beneficiaire"] = NomBeneficiaire,
        ["raisonsocialebeneficiaire"] = NomBeneficiaire,
        ["identificationdubeneficiaire"] = IdBeneficiaire,
        ["identifiantdubeneficiaire"] = IdBeneficiaire,
        ["siretbeneficiaire"] = IdBeneficiaire,
        ["siretdubeneficiaire"] = IdBeneficiaire,
        ["rnadubeneficiaire"] = RnaBeneficiaire,
        ["numerorna"] = RnaBeneficiaire,
        ["rna"] = RnaBeneficiaire,
        ["objetsubvention"] = Objet,
        ["montantsubvention"] = Montant,
        ["montanttotal"] = Montant,
        ["montantattribue"] = Montant,
        ["naturesubvention"] = Nature,
        ["conditionsdeversement"] = ConditionsVersement,
        ["datesversement"] = DatesPeriodeVersement,
        ["periodeversement"] = DatesPeriodeVersement,
        ["datesouperiodedeversement"] = DatesPeriodeVersement,
        ["notificationue"] = NotificationUe,
        ["pourcentage"] = PourcentageSubvention,
        ["dispositif"] = DispositifAide,
        ["dispositifdaide"] = DispositifAide,
        ["identifiantdudispositifdaide"] = DispositifAide,
        ["identifiantrae"] = IdRae,
        ["identifiantraedelaide"] = IdRae,
        ["numerorae"] = IdRae,
        ["rae"] = IdRae,
    };

    private static readonly Dictionary<string, string> ByFoldedName =
        All.Select(c => (Name: Fold(c), Column: c)).Concat(Titles.Select(t => (Name: Fold(t.Value), Column: t.Key)))
            .ToDictionary(n => n.Name, n => n.Column, StringComparer.Ordinal);

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
