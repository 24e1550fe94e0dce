using System.ComponentModel.DataAnnotations;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Activity;

namespace SocialTech.IncubatorNetworks.PublicEvents;

/// <summary>The description's rules, shared by scheduling and changing so that both say the same.</summary>
public static class PublicEventRules
{
    public static PublicEventDescription Description(Validation validation, PublicEventFields fields)
    {
        validation.Required(fields.Title, "title", TextBounds.Name);
        var format = validation.Kind<PublicEventFormat>(fields.Format, "format");
        validation
            .Check(fields.StartsAt is not null, "startsAt", "is required, with its offset (2026-05-12T18:00:00+02:00).")
            .Check(fields.EndsAt is not null, "endsAt", "is required, with its offset.")
            .Check(fields.StartsAt is null || fields.EndsAt is null || fields.EndsAt > fields.StartsAt, "endsAt", "must come after startsAt.")
            .Check(fields.StartsAt is null || fields.EndsAt is null || fields.EndsAt - fields.StartsAt <= TimeSpan.FromDays(31), "endsAt",
                "an event lasts at most 31 days.")
            .Check(fields.CommuneCode is not null || fields.Online == true, "communeCode", "give the commune it takes place in, or online: true.")
            .Check(fields.Audiences is { Count: > 0 }, "audiences", $"name at least one of {string.Join(", ", Kebab.Names<Audience>())}.");
        var commune = validation.Commune(fields.CommuneCode, "communeCode");
        var audiences = (fields.Audiences ?? []).Select(a => validation.Kind<Audience>(a, "audiences")).Distinct().ToArray();
        var link = validation.Link(fields.RegistrationUrl, "registrationUrl");
        return new PublicEventDescription(fields.Title?.Trim() ?? "", format, fields.StartsAt ?? default, fields.EndsAt ?? default,
            commune, fields.Online ?? false, audiences, link);
    }
}

/// <summary>The description as a network sends it.</summary>
/// <param name="Format"><c>demo-day</c>, <c>workshop</c>, <c>jury</c>, <c>open-day</c> or <c>other</c>.</param>
/// <param name="Audiences"><c>general-public</c>, <c>entrepreneurs</c>, <c>funders</c>, <c>professionals</c>.</param>
public sealed record PublicEventFields(
    [property: StringLength(TextBounds.Name, MinimumLength = 1)] string? Title, [property: MaxLength(TextBounds.Code)] string? Format, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, [property: MaxLength(TextBounds.Code)] string? CommuneCode, bool? Online,
    [property: EachMaxLength(TextBounds.Code)] IReadOnlyList<string>? Audiences, [property: MaxLength(TextBounds.Url)] string? RegistrationUrl);
