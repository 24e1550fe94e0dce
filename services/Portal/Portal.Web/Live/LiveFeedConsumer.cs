using MassTransit;
using SocialTech.Actors.Territories;
using SocialTech.Funding.Contracts;
using SocialTech.IncubatorNetworks.Contracts;
using SocialTech.Labelling.Contracts;
using SocialTech.Portal.Platform;

namespace SocialTech.Portal.Live;

/// <summary>
/// Turns the platform's contracts into live activity, placed in the territories it concerns. Read-only: a message
/// it cannot place is still shown in the unfiltered feed, never refused.
/// </summary>
public sealed class LiveFeedConsumer(LiveFeed feed, TerritoryReferential referential, ActorsClient actors, NetworksClient networks, LabellingClient labelling) :
    IConsumer<GrantAwarded>, IConsumer<LabelGranted>, IConsumer<CohortAnnounced>, IConsumer<PublicEventScheduled>, IConsumer<VentureAdmitted>
{
    public Task Consume(ConsumeContext<GrantAwarded> context)
    {
        var m = context.Message;
        // Money is used in the beneficiary communes; with none recorded, where the recipient's head office is.
        var communes = m.BeneficiaryCommunes.Count > 0 ? m.BeneficiaryCommunes.Select(c => c.Code) : [m.RecipientHeadOffice.Code];
        feed.Publish(new LiveActivity(
            $"grant:{m.GrantId}:{m.Version}", "grant-awarded", m.Purpose, $"{FrenchCulture.Euros(m.Amount)} attribués le {FrenchCulture.Date(m.DecisionDate)}",
            Around(communes), m.RecordedAt));
        return Task.CompletedTask;
    }

    public async Task Consume(ConsumeContext<LabelGranted> context)
    {
        var m = context.Message;
        IReadOnlySet<string> keys = new HashSet<string>();
        string? holderName = null;
        if (m.Holder.Territory is { } territory && TerritoryKey.TryParse(territory, out var level, out var code))
        {
            keys = TerritoryKey.WithParents(referential.Current, level, code).ToHashSet();
            holderName = referential.Current.Find(level, code.ToUpperInvariant())?.Name;
        }
        else if (m.Holder.Id is { } holder)
        {
            if (await actors.ActorAsync(holder, context.CancellationToken) is { Value: { } actor })
            {
                keys = Around([actor.HeadOffice.Code]);
                holderName = actor.Name;
            }
            else if (await actors.PlaceAsync(holder, context.CancellationToken) is { Value: { } place })
            {
                keys = Around([place.Commune.Code]);
                holderName = place.Name;
            }
        }

        // The badge already says « Label attribué »: the line names the label and its holder.
        var scheme = await labelling.SchemeAsync(m.SchemeId, context.CancellationToken);
        feed.Publish(new LiveActivity(
            $"label:{m.LabelId}:{m.Version}", "label-granted", scheme.Value?.Terms.Name ?? "Label",
            $"{(holderName is null ? "" : $"à {holderName}, ")}valable du {FrenchCulture.Date(m.ValidFrom)} au {FrenchCulture.Date(m.ValidUntil)}", keys, m.GrantedAt));
    }

    public async Task Consume(ConsumeContext<CohortAnnounced> context)
    {
        var m = context.Message;
        // A cohort has no commune of its own: it belongs where its network has open hubs.
        var network = await networks.NetworkAsync(m.NetworkId, context.CancellationToken);
        var communes = network.Value?.Hubs.Where(h => h.ClosedOn is null).Select(h => h.Location.CommuneCode).OfType<string>() ?? [];
        feed.Publish(new LiveActivity(
            $"cohort:{m.CohortId}:{m.Version}", "cohort-announced", m.Name,
            $"{m.Ventures.Count} projet(s), début le {FrenchCulture.Date(m.StartsOn)}", Around(communes), DateTimeOffset.UtcNow, Link(m.NetworkId, network)));
    }

    public async Task Consume(ConsumeContext<PublicEventScheduled> context)
    {
        var m = context.Message;
        var network = await networks.NetworkAsync(m.NetworkId, context.CancellationToken);
        feed.Publish(new LiveActivity(
            $"event:{m.PublicEventId}:{m.Version}", "public-event-scheduled", m.Title,
            $"Le {m.StartsAt.ToString("dddd d MMMM yyyy 'à' HH'h'mm", FrenchCulture.Culture)}{(m.Online ? ", en ligne" : "")}",
            Around(m.CommuneCode is { } c ? [c] : []), DateTimeOffset.UtcNow, Link(m.NetworkId, network)));
    }

    public async Task Consume(ConsumeContext<VentureAdmitted> context)
    {
        var m = context.Message;
        var network = await networks.NetworkAsync(m.NetworkId, context.CancellationToken);
        feed.Publish(new LiveActivity(
            $"venture:{m.VentureId}:{m.Version}", "venture-admitted", m.Name,
            $"Accueilli le {FrenchCulture.Date(m.AdmittedOn)} (programme {m.ProgrammeRef})",
            Around(m.CommuneCode is { } c ? [c] : []), DateTimeOffset.UtcNow, Link(m.NetworkId, network)));
    }

    // The network's name from its record; a network the service cannot answer for is still linked, by a plain word.
    private static NetworkLink Link(Guid id, Answer<NetworkSummary> network) => new(id, network.Value?.Name ?? "le réseau");

    private HashSet<string> Around(IEnumerable<string> communeCodes) =>
        communeCodes.SelectMany(code => TerritoryKey.WithParents(referential.Current, TerritoryLevel.Commune, code)).ToHashSet();
}
