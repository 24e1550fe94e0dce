using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Portal.Platform;

// Funding's maze (GET /api/funding/maze, README "The maze"), as the page « Que puis-je solliciter ? » reads it. Websites
// are strings here, not Uri: a value that is no URL must not fail the whole answer; the page decides what becomes a link.

/// <param name="FormerCode">Set when the question named a former commune (commune déléguée or associée): what the answer stands for, in French.</param>
public sealed record MazeTerritory(string Key, string? Name, string Role, MazeFormerCode? FormerCode = null);

public sealed record MazeFormerCode(string Code, string Name, string Kind, string Note);

public sealed record MazeQuestion(Guid? ActorId, string? ActorName, IReadOnlyList<string> Kinds, IReadOnlyList<MazeTerritory> Territories);

public sealed record MazeIndex(int Programmes, int Funders, int InstructingBodies, int Relays);

public sealed record MazeContact(Guid ActorId, string Name, string? Mailbox, string? Website);

public sealed record MazeProgramme(
    Guid Id, string Name, IReadOnlyList<MazeContact> Funders, IReadOnlyList<MazeContact> InstructingBodies, IReadOnlyList<string> BeneficiaryKinds,
    IReadOnlyList<string> AidTypes, IReadOnlyList<string> EligibleThrough, DateOnly OpensOn, DateOnly? ClosesOn, bool CallForProjects,
    decimal? BudgetEnvelope, string Link);

public sealed record MazeReach(string Level, string Code, string? Name, string Through, Guid? PlaceId, string? PlaceName);

public sealed record MazeRelay(
    Guid ActorId, string Name, IReadOnlyList<string> ActorKinds, IReadOnlyList<string> Supports, IReadOnlyList<string> ForKinds, string? Mailbox,
    string? Website, MazeReach CoveredAt);

public sealed record MazeExclusion(string Code, string Reason);

public sealed record ExcludedProgramme(Guid Id, string Name, string Link, IReadOnlyList<MazeExclusion> Reasons);

public sealed record MazeAnswer(
    MazeQuestion Question, DateOnly On, MazeIndex Index, IReadOnlyList<MazeProgramme> Programmes, IReadOnlyList<MazeRelay> Relays,
    IReadOnlyList<ExcludedProgramme>? Excluded, IReadOnlyList<string> Truncated);

/// <summary>
/// The question of the page « Que puis-je solliciter ? » as its URL carries it (a GET form: a question is a link to
/// bookmark or send): <c>categorie</c> (repeated) and <c>commune</c> (an INSEE code or a name), or <c>acteur</c> (an id);
/// <c>date</c> (AAAA-MM-JJ) in both cases.
/// </summary>
/// <remarks>
/// The values go to Funding as typed (kinds, date, actor id): what Funding refuses, it says in a 400 naming the field,
/// which the page words in French beside that field (<see cref="Refusals"/>). Only a commune given by name is the
/// portal's to resolve, with Actors' territory search, before Funding is asked.
/// </remarks>
public sealed partial record MazeAsk(IReadOnlyList<string> Kinds, string? Commune, string? Actor, string? Date)
{
    /// <summary>Nothing asked yet: the page shows its forms only.</summary>
    public bool Empty => Kinds.Count == 0 && Commune is null && Actor is null && Date is null;

    public bool ByActor => Actor is not null;

    public bool ByProfile => Kinds.Count > 0 || Commune is not null;

    public static MazeAsk Parse(string query)
    {
        var values = QueryHelpers.ParseQuery(query);
        string? Text(string name) => values.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        var kinds = values.TryGetValue("categorie", out var k)
            ? k.SelectMany(v => (v ?? "").Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToArray()
            : [];
        return new MazeAsk(kinds, Text("commune"), Text("acteur"), Text("date"));
    }

    /// <summary>Whether the text is an INSEE commune code as typed (Corsica's 2A/2B included), rather than a name to look up.</summary>
    public static bool LooksLikeCode(string text) => InseeCode().IsMatch(text);

    /// <summary>
    /// Funding's query for this question, the commune as its code. Both ways at once (a hand-written URL) go as given:
    /// Funding's 400 names them and the page says to choose one. <c>explain=true</c> always: the page's « Pourquoi pas
    /// ce programme ? » lists every programme left out.
    /// </summary>
    public string ApiQuery(string? communeCode)
    {
        var pairs = new List<(string, string)>();
        pairs.AddRange(Kinds.Select(kind => ("kinds", kind)));
        if (Commune is not null)
        {
            pairs.Add(("commune", communeCode ?? Commune));
        }

        if (Actor is not null)
        {
            pairs.Add(("actor", Actor));
        }

        if (Date is not null)
        {
            pairs.Add(("on", Date));
        }

        pairs.Add(("explain", "true"));
        return string.Join("&", pairs.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
    }

    /// <summary>
    /// Funding's 400 in French, by the page's field (<c>categorie</c>, <c>commune</c>, <c>acteur</c>, <c>date</c>, or
    /// <c>""</c> for the rest): the problem's reasons are English, for developers; the page says what to change, from
    /// the fields it names and what was typed.
    /// </summary>
    public IReadOnlyDictionary<string, string> Refusals(IEnumerable<string> fields)
    {
        var said = new Dictionary<string, string>(StringComparer.Ordinal);
        var named = fields.ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (ByActor && ByProfile)
        {
            // One question at a time: the profile's fields and the actor's are named together.
            said["acteur"] = "Choisissez soit un acteur, soit des catégories et une commune : pas les deux à la fois.";
            named.ExceptWith(["actor", "kinds", "commune"]);
        }

        foreach (var field in named)
        {
            switch (field.ToLowerInvariant())
            {
                case "kinds":
                    var unknown = Kinds.Where(k => !FrenchWording.Vocabularies["ActorKind"].ContainsKey(k)).ToArray();
                    said["categorie"] = Kinds.Count == 0
                        ? "« Catégories d'acteur » : cochez au moins une catégorie."
                        : unknown.Length > 0
                            ? $"« Catégories d'acteur » : {string.Join(", ", unknown.Select(u => $"« {u} »"))} n'{(unknown.Length == 1 ? "est pas une catégorie" : "sont pas des catégories")} d'acteur connue{(unknown.Length == 1 ? "" : "s")} du service Financement."
                            : "« Catégories d'acteur » : le service Financement ne connaît pas l'une de ces catégories.";
                    break;
                case "commune":
                    said["commune"] = Commune is null
                        ? "« Commune » : indiquez une commune, par son nom ou son code INSEE."
                        : $"« Commune » : « {Commune} » n'est pas le code d'une commune actuelle. Une commune déléguée, associée ou fusionnée se cherche sous la commune nouvelle : donnez son nom ou son code INSEE.";
                    break;
                case "actor":
                    said["acteur"] = Actor is null
                        ? "Choisissez un acteur, ou des catégories et une commune."
                        : $"« Acteur » : « {Actor} » n'est pas un identifiant d'acteur de la plateforme.";
                    break;
                case "on":
                    said["date"] = $"« À la date du » : « {Date} » n'est pas une date ; écrivez-la AAAA-MM-JJ, par exemple 2026-12-07.";
                    break;
                default:
                    said[""] = "Le service Financement a refusé la question ; reprenez-la depuis le formulaire.";
                    break;
            }
        }

        return said;
    }

    [GeneratedRegex("^(?:[0-9]{5}|2[AaBb][0-9]{3})$", RegexOptions.CultureInvariant)]
    private static partial Regex InseeCode();
}

public static partial class MazeClient
{
    /// <summary>Funding's maze for the question, <paramref name="communeCode"/> standing for a commune given by name.</summary>
    public static Task<Answer<MazeAnswer>> MazeAsync(this FundingClient funding, MazeAsk ask, string? communeCode, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(funding);
        ArgumentNullException.ThrowIfNull(ask);
        return funding.Http.GetAsync<MazeAnswer>($"/api/funding/maze?{ask.ApiQuery(communeCode)}", ct);
    }

    /// <summary>A link the page may write: an absolute http(s) URL, never <c>javascript:</c>, <c>data:</c> or a relative path.</summary>
    public static Uri? SafeWebsite(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0 ? uri : null;

    /// <summary>A <c>mailto:</c> link for a plain mailbox (one address, no header, no second recipient), else null: the page shows the text alone.</summary>
    public static string? MailtoLink(string? mailbox) =>
        mailbox is not null && Mailbox().IsMatch(mailbox) ? $"mailto:{mailbox}" : null;

    [GeneratedRegex(@"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Mailbox();
}
