using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;

namespace SocialTech.Funding.Tests.OpenData;

/// <summary>
/// Two Funding services on databases of their own: <see cref="Source"/> holds a few grants made through the API
/// (co-funded, used in two communes, paid, cancelled, one recipient known only by its RNA); <see cref="Target"/>
/// holds no grant. Both directories hold the same organisations (same identifiers, other ids), as two services of
/// one platform would, so that importing into the target needs no call to Actors.
/// </summary>
public sealed class OpenDataData : IAsyncLifetime
{
    public sealed record Organisation(string Name, string? Siret, string? Rna, string HeadOffice, string Kind);

    public static readonly Organisation Departement = new("Département de Maine-et-Loire", "22490001900015", null, "49007", "local-authority");
    public static readonly Organisation Roques = new("Commune de Roques", "21310458100011", null, "31458", "local-authority");
    public static readonly Organisation Tennis = new("Tennis Roques Olympic Club", "44137080600016", null, "31458", "association");
    public static readonly Organisation Couture = new("Club de couture de Roques", "81956028500010", null, "31458", "association");
    public static readonly Organisation Anglophone = new("Bibliothèque anglophone d'Angers", null, "W491012345", "49007", "association");

    public FundingService Source { get; } = new();

    public FundingService Target { get; } = new();

    public Dictionary<Organisation, Guid> SourceIds { get; } = [];

    public async Task InitializeAsync()
    {
        await Source.InitializeAsync();
        await Target.InitializeAsync();
        foreach (var organisation in new[] { Departement, Roques, Tennis, Couture, Anglophone })
        {
            SourceIds[organisation] = await SeedAsync(Source, organisation);
            await SeedAsync(Target, organisation);
        }

        // The Source's funders are declared before they award, as every funder must be; the Target learns its own from the SCDL import.
        await Source.DeclareFunderAsync(SourceIds[Departement], "departement", "departement:49");
        await Source.DeclareFunderAsync(SourceIds[Roques], "commune", "commune:31458");

        var (programme, _, _) = await Source.CreateAsync("/api/funding/programmes", new
        {
            name = "Vie associative", funders = new[] { SourceIds[Departement] }, instructingBodies = new[] { SourceIds[Departement] },
            themes = new[] { "associations" }, beneficiaryKinds = new[] { "association" }, aidTypes = new[] { "grant" },
            // The Haute-Garonne too: the club of Roques (31) is awarded under it, and a programme's perimeter is enforced.
            eligibleTerritories = new[] { "departement:49", "departement:31" }, opensOn = "2024-01-01",
        });

        var first = await AwardAsync([(Departement, "departement", 24000m)], Tennis, new(2024, 3, 1), null, []);
        await SendAsync($"/api/funding/grants/{first.Id}/agreement", new { signedOn = "2024-03-15" }, first.ETag);
        await AwardAsync([(Departement, "departement", 6000m), (Roques, "commune", 4000m)], Couture, new(2025, 2, 1), programme, []);
        await AwardAsync([(Roques, "commune", 1500.51m)], Anglophone, new(2024, 9, 9), null, ["31458", "49007"]);
        var cancelled = await AwardAsync([(Departement, "departement", 700m)], Tennis, new(2025, 1, 10), null, []);
        await SendAsync($"/api/funding/grants/{cancelled.Id}/cancellation", new { cancelledOn = "2025-01-20", reason = "Abandon" }, cancelled.ETag);
    }

    private static async Task<Guid> SeedAsync(FundingService service, Organisation organisation)
    {
        var id = Guid.CreateVersion7();
        await using var session = service.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Store(new DirectoryActor(id, organisation.Name, [organisation.Kind],
            new ActorIdentifiers(organisation.Siret?[..9], organisation.Siret, organisation.Rna), true,
            new CommuneReference(organisation.HeadOffice, 2025), [], DirectoryActor.Active, null, 1, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
        return id;
    }

    private async Task<(Guid Id, string ETag)> AwardAsync(
        (Organisation Funder, string Type, decimal Amount)[] funders, Organisation recipient, DateOnly decision, Guid? programme, string[] locations)
    {
        var (id, etag, _) = await Source.CreateAsync("/api/funding/grants", new
        {
            funders = funders.Select(f => new { funderId = SourceIds[f.Funder], amount = f.Amount, funderType = f.Type }),
            recipientId = SourceIds[recipient], programmeId = programme, purpose = $"Projet de {recipient.Name}, saison {decision.Year}",
            amount = funders.Sum(f => f.Amount), plannedStart = $"{decision.Year}-01-01", plannedEnd = $"{decision.Year}-12-31", decisionDate = decision,
            paymentTerms = "2 versements 50%-50%", beneficiaryCommuneCodes = locations.Length == 0 ? null : locations,
        });
        return (id, etag);
    }

    private async Task SendAsync(string uri, object body, string etag)
    {
        using var request = FundingService.WithIfMatch(HttpMethod.Post, uri, body, etag);
        using var response = await Source.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{uri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task DisposeAsync()
    {
        await Source.DisposeAsync();
        await Target.DisposeAsync();
    }
}
