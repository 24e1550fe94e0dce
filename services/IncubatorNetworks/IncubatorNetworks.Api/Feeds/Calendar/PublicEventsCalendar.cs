using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.IncubatorNetworks.Networks;
using SocialTech.IncubatorNetworks.PublicEvents;
using SocialTech.IncubatorNetworks.Territories;

namespace SocialTech.IncubatorNetworks.Feeds.Calendar;

/// <summary>The networks' public events as an iCalendar feed (RFC 5545) that calendar applications subscribe to.</summary>
public static class PublicEventsCalendar
{
    public const int MaxEvents = 2000;

    /// <summary>Events that ended more than this long ago leave the feed: subscribers keep their own copies.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(180);

    /// <param name="territory"><c>commune:…</c>, <c>departement:…</c> or <c>country:FR</c>; online-only events have no territory.</param>
    /// <param name="network">A network's id: its events only.</param>
    public static async Task<FileContentHttpResult> Handle(
        IQuerySession session, TimeProvider clock, CancellationToken ct, string? territory = null, string? network = null)
    {
        var key = TerritoryKeys.Parse(territory);
        Guid networkId = default;
        new Validation()
            .Check(territory is null || key is not null, "territory", $"'{territory}' is not a territory key; {TerritoryKeys.FilterHelp}")
            .Check(network is null || Guid.TryParse(network, out networkId), "network", "must be a network id (a GUID).")
            .ThrowIfInvalid();

        var since = clock.GetUtcNow() - History;
        var query = session.Query<PublicEvent>().Where(e => e.Description.EndsAt >= since);
        if (network is not null)
        {
            query = query.Where(e => e.NetworkId == networkId);
        }

        var events = (await query.OrderBy(e => e.Description.StartsAt).Take(MaxEvents).ToListAsync(ct))
            .Where(e => key is null || (e.Description.CommuneCode is { } commune && TerritoryKeys.OfCommune(commune).Contains(key)))
            .ToArray();
        var networkIds = events.Select(e => e.NetworkId).Distinct().ToArray();
        var names = (await session.LoadManyAsync<Network>(ct, networkIds)).ToDictionary(n => n.Id, n => n.Name);

        var calendar = Write(events, names, clock.GetUtcNow());
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(calendar), "text/calendar; charset=utf-8", "networks-events.ics");
    }

    public static string Write(IReadOnlyList<PublicEvent> events, IReadOnlyDictionary<Guid, string> networkNames, DateTimeOffset now)
    {
        var calendar = new ICalendar()
            .Line("BEGIN", "VCALENDAR")
            .Line("VERSION", "2.0")
            .Line("PRODID", "-//SocialTech//IncubatorNetworks//FR")
            .Line("CALSCALE", "GREGORIAN")
            .Line("METHOD", "PUBLISH")
            .Text("X-WR-CALNAME", "Réseaux d'incubateurs : événements publics");
        foreach (var e in events)
        {
            var d = e.Description;
            var organiser = networkNames.GetValueOrDefault(e.NetworkId, "?");
            calendar
                .Line("BEGIN", "VEVENT")
                .Line("UID", $"{e.Id}@networks.socialtech")
                .Time("DTSTAMP", now)
                .Time("LAST-MODIFIED", e.UpdatedAt)
                .Time("DTSTART", d.StartsAt)
                .Time("DTEND", d.EndsAt)
                .Text("SUMMARY", d.Title)
                .Text("DESCRIPTION", $"{organiser} — {Kebab.Name(d.Format)}, pour : {string.Join(", ", d.Audiences.Select(Kebab.Name))}.")
                .Text("LOCATION", Location(d))
                .Text("CATEGORIES", Kebab.Name(d.Format))
                .Line("STATUS", e.Status == PublicEventStatus.Cancelled ? "CANCELLED" : "CONFIRMED")
                .Line("SEQUENCE", e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (d.RegistrationUrl is { } url)
            {
                calendar.Line("URL", url.AbsoluteUri);
            }

            calendar.Line("END", "VEVENT");
        }

        return calendar.Line("END", "VCALENDAR").ToString();
    }

    private static string Location(PublicEventDescription d) => (d.CommuneCode, d.Online) switch
    {
        ({ } commune, true) => $"{CommuneName(commune)} et en ligne",
        ({ } commune, false) => CommuneName(commune),
        _ => "En ligne",
    };

    private static string CommuneName(string code) =>
        TerritoryKeys.Vintage.Resolve(code).FirstOrDefault(r => r.Territory.Level == SocialTech.Actors.Territories.TerritoryLevel.Commune) is { } found
            ? $"{found.Territory.Name} ({code})"
            : $"Commune INSEE {code}";
}
