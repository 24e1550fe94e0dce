using System.Net.Http.Json;

namespace SocialTech.Funding.Tests.Flows;

/// <summary>
/// A small, deliberately awkward set of grants loaded through the API once per test class: co-funding, several
/// locations with cents that do not divide, payments, a cancellation, a grant outside the département, two years.
/// The tests compute what the flow queries must answer from this description alone.
/// </summary>
public sealed class FlowsData : IAsyncLifetime
{
    public sealed record Part(Guid FunderId, string FunderType, decimal Amount);

    public sealed record Payment(Guid FunderId, decimal Amount, DateOnly PaidOn);

    public sealed record Recipient(Guid Id, string HeadOffice, string[] Kinds);

    public sealed record TestGrant(
        Guid Id, Part[] Funders, Recipient Recipient, Guid? ProgrammeId, DateOnly DecisionDate, string[] Locations, int[] FiscalYears,
        Payment[] Payments, bool Cancelled, DateOnly? SignedOn = null)
    {
        public string[] Where => Locations.Length > 0 ? Locations : [Recipient.HeadOffice];
    }

    public FundingService Funding { get; } = new();

    public List<TestGrant> Grants { get; } = [];

    public Guid Departement { get; private set; }

    public Guid Foundation { get; private set; }

    public Guid ProgrammeId { get; private set; }

    public async Task InitializeAsync()
    {
        await Funding.InitializeAsync();
        Departement = await Funding.SeedActorAsync("Département de la Dordogne", "24322", "local-authority");
        Foundation = await Funding.SeedActorAsync("Fondation du réemploi", "69123", "foundation");
        await Funding.DeclareFunderAsync(Departement, "departement", "departement:24");
        await Funding.DeclareFunderAsync(Foundation, "foundation");
        var riberac = new Recipient(await Funding.SeedActorAsync("Recyclerie de Ribérac", "24352", "association"), "24352", ["association"]);
        var perigueux = new Recipient(await Funding.SeedActorAsync("SCIC Périgueux Alimentation", "24322", "scic"), "24322", ["scic"]);
        var lyon = new Recipient(await Funding.SeedActorAsync("Incubateur lyonnais", "69123", "association", "incubator"), "69123", ["association", "incubator"]);
        (ProgrammeId, _, _) = await Funding.CreateAsync("/api/funding/programmes", new
        {
            name = "Alimentation durable", funders = new[] { Departement }, instructingBodies = new[] { Departement }, themes = new[] { "alimentation" },
            beneficiaryKinds = new[] { "scic" }, aidTypes = new[] { "grant" }, eligibleTerritories = new[] { "departement:24" }, opensOn = "2024-01-01",
        });

        await AddAsync([new(Departement, "departement", 1000.01m)], riberac, null, new(2024, 3, 1), ["24352", "24322", "24037"], [2024, 2025],
            [new(Departement, 300m, new(2024, 5, 1))]);
        await AddAsync([new(Departement, "departement", 6000m), new(Foundation, "foundation", 4000m)], perigueux, ProgrammeId, new(2025, 2, 1), [], [2025],
            [new(Departement, 1000m, new(2025, 3, 1)), new(Foundation, 999.99m, new(2025, 4, 1))]);
        await AddAsync([new(Foundation, "foundation", 2500m)], lyon, null, new(2025, 6, 1), ["24352"], [2025, 2026, 2027], []);
        await AddAsync([new(Departement, "departement", 700m)], riberac, null, new(2025, 1, 10), [], [2025], [], cancelled: true);
        await AddAsync([new(Departement, "departement", 1234.56m)], lyon, null, new(2023, 12, 15), [], [2023], []);
        await AddAsync([new(Foundation, "foundation", 90m)], perigueux, null, new(2024, 9, 9), ["24037", "24352"], [2024], []);
        // Signed in the year after its decision and not paid yet: committed, dated by the signing, differs from awarded.
        await AddAsync([new(Departement, "departement", 1500m)], lyon, null, new(2024, 11, 20), ["24322"], [2024], [], signedOn: new(2025, 1, 15));
    }

    private async Task AddAsync(Part[] funders, Recipient recipient, Guid? programme, DateOnly decision, string[] locations, int[] fiscalYears,
        Payment[] payments, bool cancelled = false, DateOnly? signedOn = null)
    {
        var (id, etag, _) = await Funding.CreateAsync("/api/funding/grants", new
        {
            funders = funders.Select(f => new { funderId = f.FunderId, amount = f.Amount, funderType = f.FunderType }),
            recipientId = recipient.Id, programmeId = programme, purpose = "Projet", amount = funders.Sum(f => f.Amount),
            plannedStart = $"{decision.Year}-01-01", plannedEnd = $"{decision.Year}-12-31", decisionDate = decision, fiscalYears,
            beneficiaryCommuneCodes = locations.Length == 0 ? null : locations,
        });
        if (payments.Length > 0 || signedOn is not null)
        {
            signedOn ??= decision;
            etag = await SendAsync($"/api/funding/grants/{id}/agreement", new { signedOn }, etag);
            foreach (var p in payments)
            {
                etag = await SendAsync($"/api/funding/grants/{id}/disbursements", new { funderId = p.FunderId, amount = p.Amount, paidOn = p.PaidOn }, etag);
            }
        }

        if (cancelled)
        {
            await SendAsync($"/api/funding/grants/{id}/cancellation", new { cancelledOn = decision, reason = "Abandon" }, etag);
        }

        Grants.Add(new TestGrant(id, funders, recipient, programme, decision, locations, fiscalYears, payments, cancelled, signedOn));
    }

    private async Task<string> SendAsync(string uri, object body, string etag)
    {
        using var request = FundingService.WithIfMatch(HttpMethod.Post, uri, body, etag);
        using var response = await Funding.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{uri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.ETag!.ToString();
    }

    public Task DisposeAsync() => Funding.DisposeAsync();
}
