using System.Net.Http.Json;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.Funding.Places;
using SocialTech.Funding.Relays;
using SocialTech.Testing;

namespace SocialTech.Funding.Tests.Maze;

/// <summary>
/// A small world worked out by hand from COG 2025 for the maze, on 7 December 2026 (the clock's day). Ribérac (24352) is
/// in the CC du Périgord Ribéracois (EPCI 200040400), the Dordogne (24) and Nouvelle-Aquitaine (75); Allemans (24007) in
/// the same EPCI; Périgueux (24322) in the CA Le Grand Périgueux (200040392); Lyon (69123) in the Rhône (69), région 84.
/// Programmes are published through the API; relays and places arrive as Actors' contracts over the bus, through the
/// real consumers.
/// </summary>
public sealed class MazeWorld : FundingService
{
    public static readonly DateOnly Today = new(2026, 12, 7);

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    public Dictionary<string, Guid> Ids { get; } = [];

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();

        // Funders and instructing bodies, with the contacts their profiles give.
        await ActorAsync("Département de la Dordogne", ["local-authority"], "24322", mailbox: "ess@dordogne.fr", website: "https://www.dordogne.fr/");
        await ActorAsync("Région Nouvelle-Aquitaine", ["local-authority"], "33063");
        await ActorAsync("Métropole de Lyon", ["local-authority"], "69123", mailbox: "ess@grandlyon.com");
        await ActorAsync("Fondation de France", ["foundation"], "75056", website: "https://www.fondationdefrance.org/");
        await ActorAsync("Maison de l'ESS de Dordogne", ["network-head"], "24322", mailbox: "contact@maison-ess24.fr");
        foreach (var funder in new[] { "Département de la Dordogne", "Région Nouvelle-Aquitaine", "Métropole de Lyon", "Fondation de France" })
        {
            await DeclareFunderAsync(Ids[funder]);
        }

        // The actor asked about: head office in Ribérac, places of action in Périgueux (24) and Lyon (69).
        await ActorAsync("Recyclerie du Ribéracois", ["association"], "24352",
            [new TerritoryReference("commune", "24322", 2025), new TerritoryReference("commune", "69123", 2025)]);

        await ProgrammeAsync("Fonds ESS Dordogne", "Département de la Dordogne", "Maison de l'ESS de Dordogne", ["association", "scic"], ["departement:24"],
            "2026-01-01", "2026-12-07", 150000m);
        await ProgrammeAsync("Ruralité 2026", "Région Nouvelle-Aquitaine", "Région Nouvelle-Aquitaine", ["association"], ["region:75"], "2026-03-01", "2026-12-06");
        await ProgrammeAsync("Coopératives en Nouvelle-Aquitaine", "Région Nouvelle-Aquitaine", "Maison de l'ESS de Dordogne", ["scop", "scic"], ["region:75"],
            "2026-01-01", null);
        await ProgrammeAsync("Lyon solidaire", "Métropole de Lyon", "Métropole de Lyon", ["association"], ["departement:69"], "2026-01-01", null);
        await ProgrammeAsync("Programme 2027", "Fondation de France", "Fondation de France", ["association"], ["departement:24"], "2027-01-01", null);
        var (retiring, etag) = await ProgrammeAsync("Ribéracois solidaire", "Département de la Dordogne", "Département de la Dordogne", ["association"],
            ["epci:200040400"], "2026-01-01", null);
        await SendAsync(HttpMethod.Post, $"/api/funding/programmes/{retiring}/retirement", new { retiredOn = "2026-06-30", reason = "Enveloppe épuisée" }, etag);
        await ProgrammeAsync("Quartiers de Périgueux", "Département de la Dordogne", "Département de la Dordogne", ["association"], ["commune:24322"],
            "2026-01-01", null);
        await ProgrammeAsync("Coopératives lyonnaises 2026", "Métropole de Lyon", "Métropole de Lyon", ["scop"], ["departement:69"], "2026-01-01", "2026-06-30");
        await ProgrammeAsync("Fonds national tiers-lieux", "Fondation de France", "Fondation de France", [], ["region:75", "region:84"], "2025-01-01", null);

        // Relays.
        string[] associations = ["association"];
        await RelayAsync("Tiers-lieu de Ribérac", ["tiers-lieu-operator"], ["commune:24352"], ["premises"], associations);
        await RelayAsync("Service ESS du Périgord Ribéracois", ["local-authority"], ["epci:200040400"], ["funding-advice", "project-support"], ["association", "scic"]);
        await RelayAsync("Incubateur départemental", ["incubator"], ["departement:24"], ["incubation"], associations, withdrawn: true);
        await RelayAsync("Pôle ESS Dordogne", ["network-head"], ["departement:24"], ["funding-advice"], associations);
        await RelayAsync("France Active Nouvelle-Aquitaine", ["foundation"], ["region:75"], ["funding-advice"], ["scic", "scop"]);
        await RelayAsync("Réseau rhodanien", ["network-head"], ["departement:69"], ["funding-advice"], associations);
        await RelayAsync("Cap ESS Nouvelle-Aquitaine", ["network-head"], ["region:75"], ["networking"], associations);
        await RelayAsync("Atelier partagé d'Allemans", ["tiers-lieu-operator"], ["commune:24322"], ["equipment"], associations, includesPlaces: true);
        await RelayAsync("Fablab discret", ["tiers-lieu-operator"], ["commune:24322"], ["equipment"], associations);
        await PlaceAsync("La Grange d'Allemans", "Atelier partagé d'Allemans", "24007");
        await PlaceAsync("Fablab d'Allemans", "Fablab discret", "24007");

        await Eventually.TrueAsync(async () =>
        {
            await using var session = Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
            return await session.Query<KnownRelay>().CountAsync() == 9
                && await session.Query<KnownRelay>().CountAsync(r => r.Status == KnownRelay.Withdrawn) == 1
                && await session.Query<KnownPlace>().CountAsync() == 2;
        }, "the relays and places in Funding's copies");
    }

    public async Task PublishAsync<T>(T message, Guid? messageId = null) where T : class =>
        await Host.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId ?? Guid.NewGuid());

    public async Task ActorAsync(string name, string[] kinds, string headOffice, TerritoryReference[]? placesOfAction = null, string? mailbox = null,
        string? website = null)
    {
        var id = Guid.CreateVersion7();
        Ids[name] = id;
        await using var session = Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Store(new DirectoryActor(id, name, kinds, new ActorIdentifiers(null, null, null), true, new CommuneReference(headOffice, 2025),
            placesOfAction ?? [], DirectoryActor.Active, null, 1, DateTimeOffset.UtcNow, website is null ? null : new Uri(website), mailbox));
        await session.SaveChangesAsync();
    }

    private async Task<(Guid Id, string ETag)> ProgrammeAsync(string name, string funder, string instructing, string[] kinds, string[] territories,
        string opensOn, string? closesOn, decimal? budgetEnvelope = null)
    {
        var (id, etag, _) = await CreateAsync("/api/funding/programmes", new
        {
            name, funders = new[] { Ids[funder] }, instructingBodies = new[] { Ids[instructing] }, themes = new[] { "ess" }, beneficiaryKinds = kinds,
            aidTypes = new[] { "grant" }, eligibleTerritories = territories, opensOn, closesOn, budgetEnvelope,
        });
        Ids[name] = id;
        return (id, etag);
    }

    private async Task RelayAsync(string name, string[] kinds, string[] territories, string[] supports, string[] forKinds, bool includesPlaces = false,
        bool withdrawn = false)
    {
        await ActorAsync(name, kinds, "24352", website: $"https://{Guid.NewGuid():N}.example.org/");
        var offer = Guid.CreateVersion7();
        var mailbox = $"contact@{name.ToLowerInvariant().Replace(' ', '-').Replace('\'', '-')}.example.org";
        await PublishAsync(new RelayOfferDeclared(Ids[name], offer, 1, supports, forKinds,
            territories.Select(t => new TerritoryReference(t.Split(':')[0], t.Split(':')[1], 2025)).ToArray(), mailbox, includesPlaces, DateTimeOffset.UtcNow));
        if (withdrawn)
        {
            await PublishAsync(new RelayOfferWithdrawn(Ids[name], offer, 2, "Fin du dispositif", DateTimeOffset.UtcNow));
        }
    }

    private async Task PlaceAsync(string name, string runner, string commune)
    {
        var id = Guid.CreateVersion7();
        Ids[name] = id;
        await PublishAsync(new PlaceOpened(id, 1, name, ["shared-workshop"], new CommuneReference(commune, 2025), Ids[runner], null, new DateOnly(2022, 5, 1)));
    }

    public Task<HttpResponseMessage> AskAsync(string query) => Client.GetAsync($"/api/funding/maze?{query}");
}
