using System.ComponentModel.DataAnnotations;
using System.Net.Mail;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Organisations;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Actors.Relays;

/// <summary>The body of a declaration and of a change (a PUT of the whole offer).</summary>
/// <param name="Supports">Kinds of support, kebab-case: <c>funding-advice</c>, <c>incubation</c>, <c>label-preparation</c>, <c>premises</c>…</param>
/// <param name="ForKinds">The kinds of actor it supports, kebab-case (<c>association</c>, <c>scic</c>…).</param>
/// <param name="Territories">Where it acts, as <c>level:code</c> keys: <c>commune:24352</c>, <c>epci:200040806</c>, <c>departement:24</c>, <c>region:75</c>.</param>
/// <param name="Mailbox">A role mailbox (<c>contact@…</c>, <c>accompagnement@…</c>), never a person's address.</param>
/// <param name="IncludesPlaces">When true, every open place (tiers-lieu) the actor runs is a relay point of its commune and EPCI.</param>
/// <param name="IncludesHubs">When true, the open hubs in France of the networks the actor heads (IncubatorNetworks) are relay points of their commune and EPCI.</param>
public sealed record RelayOfferRequest(
    [property: EachMaxLength(TextBounds.Code)] IReadOnlyList<string>? Supports,
    [property: EachMaxLength(TextBounds.Code)] IReadOnlyList<string>? ForKinds,
    [property: EachMaxLength(TextBounds.Code)] IReadOnlyList<string>? Territories,
    [property: MaxLength(TextBounds.Mailbox)] string? Mailbox,
    bool? IncludesPlaces = null,
    bool? IncludesHubs = null);

/// <summary>The rules an offer obeys, shared by declaring and changing so that both say the same.</summary>
public static class RelayRules
{
    public static RelayTerms Terms(Validation validation, IKnownTerritories territories, RelayOfferRequest request)
    {
        var supports = Codes<SupportKind>(validation, request.Supports, "supports", "kind of support");
        var forKinds = Codes<ActorKind>(validation, request.ForKinds, "forKinds", "kind of actor");
        var places = Territories(validation, territories, request.Territories);

        validation.Required(request.Mailbox, "mailbox", TextBounds.Mailbox);
        var mailbox = request.Mailbox is null ? null : VisibleText.Trim(request.Mailbox);
        ProfileRules.Mailbox(validation, mailbox, "mailbox");
        // Stricter than a profile's (older data holds looser addresses): the address a person will write to must be one
        // a mail client takes as it stands, without display name, spaces or comments.
        validation.Check(mailbox is null || (MailAddress.TryCreate(mailbox, out var address) && address.Address == mailbox && !mailbox.Any(char.IsWhiteSpace)),
            "mailbox", "must be a plain e-mail address, e.g. accompagnement@exemple.fr.");

        return new RelayTerms(supports, forKinds, places, (mailbox ?? "").ToLowerInvariant(), request.IncludesPlaces ?? false, request.IncludesHubs ?? false);
    }

    /// <summary>The same terms, whatever order the lists came in: a PUT that repeats the offer changes nothing.</summary>
    public static bool Same(RelayTerms a, RelayTerms b) =>
        a.Mailbox == b.Mailbox && a.IncludesPlaces == b.IncludesPlaces && a.IncludesHubs == b.IncludesHubs
        && a.Supports.ToHashSet().SetEquals(b.Supports) && a.ForKinds.ToHashSet().SetEquals(b.ForKinds)
        && a.Territories.ToHashSet().SetEquals(b.Territories);

    private static T[] Codes<T>(Validation validation, IReadOnlyList<string>? codes, string field, string what)
        where T : struct, Enum
    {
        validation.Check(codes is { Count: > 0 }, field, $"must name at least one {what}.");
        var parsed = new List<T>();
        var index = 0;
        foreach (var code in codes ?? [])
        {
            if (code is not null && Kebab.TryParse<T>(code, out var value))
            {
                parsed.Add(value);
            }
            else
            {
                validation.Check(false, $"{field}[{index}]", $"'{code}' is not a {what}; use one of {string.Join(", ", Kebab.Names<T>())}.");
            }

            index++;
        }

        return parsed.Distinct().ToArray();
    }

    private static TerritoryReference[] Territories(Validation validation, IKnownTerritories territories, IReadOnlyList<string>? keys)
    {
        validation.Check(keys is { Count: > 0 }, "territories", "must name at least one territory (level:code, e.g. epci:200040806).");
        var result = new List<TerritoryReference>();
        var index = 0;
        foreach (var key in keys ?? [])
        {
            var parts = key?.Split(':', 2);
            var level = parts is { Length: 2 } ? parts[0].ToLowerInvariant() : null;
            // A commune is recorded under its current code, an arrondissement's too (the rule of head offices and places of action).
            var code = level == "commune" ? territories.CommuneCodeOf(parts![1]) : parts is { Length: 2 } ? parts[1] : null;
            var known = level is "commune" or "epci" or "departement" or "region" && code is not null && territories.Exists(level, code);
            validation.Check(known, $"territories[{index}]",
                $"'{key}' is not a territory of the {territories.Vintage} COG; write level:code with level commune, epci, departement or region, e.g. departement:24.");
            if (known)
            {
                result.Add(new TerritoryReference(level!, code!, territories.Vintage));
            }

            index++;
        }

        return result.Distinct().ToArray();
    }
}
