using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace SocialTech.Portal.Platform;

/// <summary>
/// The filters of a funding view, as the page's URL carries them (a GET form: bookmarkable, and working without
/// JavaScript) and as Funding's flow routes take them (FlowFilters): the same filters reach every table, the Sankey and
/// both downloads, so that a download exports exactly what the page shows.
/// </summary>
/// <remarks>
/// <para>The URL's names are French (<c>du</c>, <c>au</c>, <c>annee</c>, <c>mesure</c>, <c>financeur</c>, <c>programme</c>,
/// <c>categorie</c>, <c>connu-au</c>, <c>connu-a</c>, <c>annees</c>, <c>niveau</c>); the values of the measure and the
/// kind are the API's stable codes.</para>
/// <para>Civil or fiscal: a French public body's budget year (exercice) is the civil year, 1 January to 31 December,
/// so a year's dates are the same either way. What differs is the year a grant counts in: its decision's (or payment's)
/// year, or the budget years it is charged to (a multi-year grant split evenly across them). Funding offers the
/// latter only as the grouping of its by-period table (<c>granularity=fiscal-year</c>) and has no filter selecting
/// grants by budget year: <c>annees=budgetaires</c> groups the years table by budget year, and the period filter
/// stays on the measure's date, which the page says.</para>
/// </remarks>
public sealed record FlowFilter(
    string Territory,
    string? Measure = null,
    DateOnly? From = null,
    DateOnly? To = null,
    int? Year = null,
    Guid? Funder = null,
    Guid? Programme = null,
    string? RecipientKind = null,
    string? KnownOnDay = null,
    string? KnownOnTime = null,
    bool FiscalYears = false,
    string? ChildLevel = null)
{
    public static readonly IReadOnlyList<string> Measures = ["awarded", "committed", "disbursed"];

    /// <summary>The kinds Funding's <c>recipientKind</c> takes (its FlowScope.RecipientKinds), then <c>unknown</c>.</summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        "association", "scop", "scic", "social-enterprise", "esus-company", "csr-company", "local-authority", "state-service", "foundation",
        "incubator", "network-head", "tiers-lieu-operator", "research-body", "unknown",
    ];

    /// <summary>Officers' time: an "as known on" hour typed in the page is a time in France.</summary>
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>The first and last day counted: the year's, when a year is chosen, else the dates given.</summary>
    public (DateOnly? From, DateOnly? To) Period => Year is { } y ? (new DateOnly(y, 1, 1), new DateOnly(y, 12, 31)) : (From, To);

    /// <summary>
    /// "As known on" as Funding takes it: a day as given (the end of that day, UTC), or a day and an hour typed in
    /// France, sent as an instant with Paris's offset of that moment.
    /// </summary>
    public string? AsKnownOn
    {
        get
        {
            if (KnownOnDay is null)
            {
                return null;
            }

            if (KnownOnTime is null || !DateOnly.TryParseExact(KnownOnDay, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                || !TimeOnly.TryParseExact(KnownOnTime, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return KnownOnDay;
            }

            var local = day.ToDateTime(time, DateTimeKind.Unspecified);
            return new DateTimeOffset(local, Paris.GetUtcOffset(local)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Whether anything narrows the view beyond its territory.</summary>
    public bool Narrowed => Measure is not null || Period != (null, null) || Funder is not null || Programme is not null
        || RecipientKind is not null || KnownOnDay is not null;

    /// <summary>Funding's query string for these filters (its parameter names), without paging.</summary>
    public string ApiQuery()
    {
        var (from, to) = Period;
        var pairs = new List<(string, string?)>
        {
            ("territory", Territory), ("measure", Measure), ("from", Day(from)), ("to", Day(to)), ("funder", Funder?.ToString()),
            ("programme", Programme?.ToString()), ("recipientKind", RecipientKind), ("asKnownOn", AsKnownOn),
        };
        return string.Join("&", pairs.Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
    }

    /// <summary>The page's own query string for these filters (its French names), as the form writes it.</summary>
    public string PageQuery(bool withLevel = true)
    {
        var pairs = new List<(string, string?)>
        {
            ("mesure", Measure), ("annee", Year?.ToString(CultureInfo.InvariantCulture)), ("du", Year is null ? Day(From) : null), ("au", Year is null ? Day(To) : null),
            ("annees", FiscalYears ? "budgetaires" : null), ("financeur", Funder?.ToString()), ("programme", Programme?.ToString()),
            ("categorie", RecipientKind), ("connu-au", KnownOnDay), ("connu-a", KnownOnDay is null ? null : KnownOnTime), ("niveau", withLevel ? ChildLevel : null),
        };
        return string.Join("&", pairs.Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
    }

    /// <summary>
    /// Reads the page's query string. What the portal cannot even send (a date that is no date, an unknown measure) is
    /// a French sentence in <paramref name="problems"/> and left out; what Funding refuses (a future "as known on", an
    /// end before the start) it says itself, in a 400 the page words in French.
    /// </summary>
    public static FlowFilter Parse(string territory, string query, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var values = QueryHelpers.ParseQuery(query);
        string? Text(string name) => values.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

        DateOnly? Date(string name, string label)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }

            problems.Add($"« {label} » : « {text} » n'est pas une date (écrivez-la AAAA-MM-JJ, par exemple 2025-03-31).");
            return null;
        }

        Guid? Id(string name, string label)
        {
            if (Text(name) is not { } text)
            {
                return null;
            }

            if (Guid.TryParse(text, out var id))
            {
                return id;
            }

            problems.Add($"« {label} » : « {text} » n'est pas un identifiant de la plateforme.");
            return null;
        }

        int? year = null;
        if (Text("annee") is { } yearText)
        {
            if (int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1900 and <= 2999)
            {
                year = y;
            }
            else
            {
                problems.Add($"« Année » : « {yearText} » n'est pas une année (par exemple 2025).");
            }
        }

        var measure = Text("mesure");
        if (measure is not null && !Measures.Contains(measure))
        {
            problems.Add($"« Mesure » : « {measure} » n'est pas une mesure ; choisissez attribué, engagé ou versé.");
            measure = null;
        }

        var kind = Text("categorie");
        if (kind is not null && !Kinds.Contains(kind))
        {
            problems.Add($"« Catégorie de bénéficiaire » : « {kind} » n'est pas une catégorie connue.");
            kind = null;
        }

        var level = Text("niveau");
        if (level is not null and not ("region" or "departement" or "epci" or "commune"))
        {
            problems.Add($"« Découpage » : « {level} » n'est pas un niveau de territoire.");
            level = null;
        }

        return new FlowFilter(
            territory, measure, Date("du", "Du"), Date("au", "Au"), year, Id("financeur", "Financeur"), Id("programme", "Programme"), kind,
            Text("connu-au"), Text("connu-a"), Text("annees") == "budgetaires", level);
    }

    /// <summary>
    /// Funding's 400 in French: one sentence per filter it refused, by the field its problem details name (the reason
    /// itself is English, for developers; the page says what to change).
    /// </summary>
    public static string Refusal(string field) => field switch
    {
        "asKnownOn" or "asOf" =>
            "« Connu au » : le moment choisi est dans le futur ou illisible. Rien n'est encore connu d'un moment à venir : choisissez aujourd'hui ou une date passée.",
        "to" => "« Au » : la fin de la période ne peut pas précéder son début (« Du »).",
        "from" => "« Du » : date illisible.",
        "measure" => "« Mesure » : choisissez attribué, engagé ou versé.",
        "funder" => "« Financeur » : identifiant refusé.",
        "programme" => "« Programme » : identifiant refusé.",
        "recipientKind" => "« Catégorie de bénéficiaire » : catégorie inconnue du service.",
        "territory" => "Le territoire de la page est inconnu du service Financement.",
        "level" => "« Découpage » : choisissez un niveau plus fin que celui du territoire.",
        _ => $"Un filtre de la page a été refusé par le service Financement ({field}).",
    };

    private static string? Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
