using System.Globalization;

namespace SocialTech.BuildingBlocks.Text;

/// <summary>
/// The one place where the platform's codes get their French words: the APIs keep their stable kebab-case codes
/// (<c>social-enterprise</c>, <c>shared-workshop</c>), and whatever a person reads — the portal's pages, the sentences
/// the services write for people (feed summaries, eligibility explanations) — takes its words from here.
/// </summary>
/// <remarks>
/// Vocabularies are named after the enum whose values they word (<c>ActorKind</c>, <c>PlaceTypology</c>…), so that a
/// test can check that every value of every enum the services expose has its French word. Words are lower-case, as
/// they read inside a sentence; <see cref="Capitalised"/> gives the form that starts a line.
/// </remarks>
public static class FrenchWording
{
    /// <summary>French as spoken in France: dates, amounts and numbers.</summary>
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Vocabularies =
        new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal)
        {
            // Actors
            ["ActorKind"] = Words(
                ("association", "association"), ("scop", "SCOP"), ("scic", "SCIC"), ("social-enterprise", "entreprise sociale"),
                ("esus-company", "entreprise agréée ESUS"), ("csr-company", "entreprise engagée (RSE)"), ("local-authority", "collectivité territoriale"),
                ("state-service", "service de l'État"), ("foundation", "fondation"), ("incubator", "incubateur"), ("network-head", "tête de réseau"),
                ("tiers-lieu-operator", "opérateur de tiers-lieu"), ("research-body", "organisme de recherche")),
            ["ActorStatus"] = Words(("active", "actif"), ("ceased", "cessé"), ("merged", "fusionné")),
            ["IdentifierKind"] = Words(("siren", "SIREN"), ("siret", "SIRET"), ("rna", "RNA")),
            ["PlaceTypology"] = Words(
                ("coworking", "espace de coworking"), ("fablab", "fablab"), ("cultural", "lieu culturel"), ("food", "lieu nourricier"),
                ("shared-workshop", "atelier partagé"), ("social-innovation-lab", "laboratoire d'innovation sociale"),
                ("digital-inclusion", "lieu d'inclusion numérique"), ("other", "autre lieu")),
            ["PlaceStatus"] = Words(("open", "ouvert"), ("closed", "fermé")),
            ["SupportKind"] = Words(
                ("funding-advice", "conseil en financement"), ("project-support", "accompagnement de projet"), ("incubation", "incubation"),
                ("acceleration", "accélération"), ("label-preparation", "préparation d'une labellisation"), ("legal-advice", "conseil juridique et statutaire"),
                ("training", "formation"), ("networking", "mise en réseau"), ("premises", "mise à disposition de locaux"),
                ("equipment", "prêt de matériel et d'équipements"), ("mentoring", "parrainage et mentorat"), ("public-procurement", "accès à la commande publique")),
            ["RelayOfferStatus"] = Words(("active", "active"), ("withdrawn", "retirée")),
            ["TerritoryLevel"] = Words(("region", "région"), ("departement", "département"), ("epci", "EPCI"), ("commune", "commune")),
            ["FrrClassification"] = Words(
                ("not-classified", "non classée"), ("frr", "France ruralités revitalisation"), ("frr-plus", "France ruralités revitalisation plus"),
                ("frr-beneficiary", "bénéficiaire de France ruralités revitalisation"), ("frr-partial", "France ruralités revitalisation en partie"),
                ("frr-beneficiary-partial", "bénéficiaire en partie de France ruralités revitalisation")),
            ["FormerCodeKind"] = Words(("arrondissement", "arrondissement municipal"), ("commune-deleguee", "commune déléguée"), ("commune-associee", "commune associée")),

            // Funding
            ["GrantStatus"] = Words(
                ("applied", "demandée"), ("awarded", "attribuée"), ("agreement-signed", "convention signée"), ("cancelled", "annulée"), ("closed", "soldée")),
            ["FunderType"] = Words(
                ("state", "État"), ("region", "région"), ("departement", "département"), ("epci", "intercommunalité (EPCI)"), ("commune", "commune"),
                ("eu-fund", "fonds européen"), ("foundation", "fondation"), ("company", "entreprise"), ("other", "autre financeur")),
            ["AidType"] = Words(("grant", "subvention"), ("loan", "prêt"), ("recoverable-advance", "avance remboursable"), ("engineering-support", "appui en ingénierie")),
            ["ProgrammeStatus"] = Words(("published", "publié"), ("retired", "clos")),

            // Labelling
            ["LabelStatus"] = Words(("active", "actif"), ("suspended", "suspendu"), ("revoked", "retiré"), ("expired", "expiré")),
            ["ApplicationStatus"] = Words(
                ("drafted", "en préparation"), ("submitted", "déposée"), ("incomplete", "incomplète"), ("completed", "complétée"), ("admissible", "recevable"),
                ("inadmissible", "irrecevable"), ("under-instruction", "en instruction"), ("granted", "accordée"), ("rejected", "refusée"),
                ("deferred", "ajournée"), ("withdrawn", "retirée")),
            ["GrantRoute"] = Words(("charter", "charte signée"), ("jury", "décision du jury"), ("silence", "accord tacite")),
            ["JuryVerdict"] = Words(("granted", "accordé"), ("rejected", "refusé"), ("deferred", "ajourné")),
            ["LabelledKind"] = Words(
                ("territorial-collective", "collectif territorial"), ("ecosystem", "écosystème"), ("organisation", "organisation"), ("place", "lieu"), ("network", "réseau")),
            ["SchemeMode"] = Words(("open-brand", "marque ouverte"), ("obtention", "obtention sur dossier")),
            ["ValidityKind"] = Words(("fixed-period", "période fixe"), ("years-from-grant", "années à compter de l'attribution")),
            ["SchemeStatus"] = Words(("published", "publié"), ("retired", "retiré")),
            ["CriterionOutcome"] = Words(("met", "rempli"), ("not-met", "non rempli"), ("unknown", "indéterminé")),
            ["EligibilityFact"] = Words(
                ("active-ess-actors", "le nombre d'acteurs actifs de l'ESS"), ("incubators", "le nombre d'incubateurs"), ("tiers-lieux", "le nombre de tiers-lieux ouverts"),
                ("public-funding-last-year", "le montant des financements publics"), ("supported-ventures", "le nombre de projets accompagnés"),
                ("network-hubs", "le nombre d'antennes de réseaux d'incubateurs")),

            // IncubatorNetworks
            ["ProgrammeKind"] = Words(
                ("emergence", "émergence"), ("incubation", "incubation"), ("acceleration", "accélération"), ("implantation", "implantation"), ("rural", "ruralité")),
            ["VenturePhase"] = Words(("idea", "idée"), ("emergence", "émergence"), ("creation", "création"), ("launch", "lancement"), ("growth", "croissance")),
            ["VentureStatus"] = Words(("supported", "accompagné"), ("graduated", "sorti avec succès"), ("exited", "sorti avant terme"), ("abandoned", "abandonné")),
            ["FundingKind"] = Words(
                ("grant", "subvention"), ("honour-loan", "prêt d'honneur"), ("bank-loan", "prêt bancaire"), ("equity", "levée de fonds propres"),
                ("crowdfunding", "financement participatif"), ("other", "autre financement")),
            ["MemberRole"] = Words(("incubator", "incubateur"), ("tiers-lieu", "tiers-lieu")),
            ["PublicEventFormat"] = Words(("demo-day", "demo day"), ("workshop", "atelier"), ("jury", "jury"), ("open-day", "portes ouvertes"), ("other", "rendez-vous")),
            ["Audience"] = Words(("general-public", "grand public"), ("entrepreneurs", "entrepreneurs"), ("funders", "financeurs"), ("professionals", "professionnels")),
            ["PublicEventStatus"] = Words(("scheduled", "programmé"), ("cancelled", "annulé"), ("held", "tenu")),
        };

    /// <summary>The French word for a code of a vocabulary; the code itself when either is unknown (never an exception on a page).</summary>
    public static string Of(string vocabulary, string code) =>
        Vocabularies.TryGetValue(vocabulary, out var words) && words.TryGetValue(code, out var word) ? word : code;

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Of(typeof(TEnum).Name, System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString()));

    /// <summary>Several codes of one vocabulary, as a French list: « association, SCIC ».</summary>
    public static string List(string vocabulary, IEnumerable<string> codes) => string.Join(", ", codes.Select(c => Of(vocabulary, c)));

    public static string ActorKind(string code) => Of("ActorKind", code);

    public static string PlaceTypology(string code) => Of("PlaceTypology", code);

    public static string VenturePhase(string code) => Of("VenturePhase", code);

    public static string LabelStatus(string code) => Of("LabelStatus", code);

    /// <summary>« 20 janvier 2027 », « 1er mars 2026 »: the first of the month is an ordinal in French.</summary>
    public static string Date(DateOnly day) =>
        day.Day == 1 ? $"1er {day.ToString("MMMM yyyy", Culture)}" : day.ToString("d MMMM yyyy", Culture);

    /// <summary>« 1 250 € », « 12 500,50 € ».</summary>
    public static string Euros(decimal amount) =>
        amount.ToString(decimal.Truncate(amount) == amount ? "C0" : "C2", Culture);

    /// <summary>« 2 », « 2,5 »: a number inside a sentence.</summary>
    public static string Number(decimal value) => value.ToString("#,0.##", Culture);

    /// <summary>The word as it starts a line: « Entreprise sociale ».</summary>
    public static string Capitalised(string text) =>
        string.IsNullOrEmpty(text) ? text : char.ToUpper(text[0], Culture) + text[1..];

    /// <summary>« 1 projet », « 3 projets ».</summary>
    public static string Count(long count, string one, string many) => $"{count.ToString("#,0", Culture)} {(count is 0 or 1 ? one : many)}";

    private static Dictionary<string, string> Words(params (string Code, string Word)[] words) =>
        words.ToDictionary(w => w.Code, w => w.Word, StringComparer.Ordinal);
}
