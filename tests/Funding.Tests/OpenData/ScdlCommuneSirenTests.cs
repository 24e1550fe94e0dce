using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.Funding.OpenData.Importing;
using SocialTech.Funding.OpenData.Scdl;
using static SocialTech.Testing.ScdlReports;

namespace SocialTech.Funding.Tests.OpenData;

/// <summary>
/// Where the SCDL import registers the communes of a file: at the commune whose SIREN it is, read in the published
/// correspondence table, never at a code worked out from the SIREN's digits (which put Amiens, 218000198, at 80019
/// Allery). The Actors service is stood in for by a handler that records what it is asked and fills Funding's
/// directory as the <c>ActorRegistered</c> contract would.
/// </summary>
public sealed class ScdlCommuneSirenTests(ScdlCommuneSirenTests.Service service) : IClassFixture<ScdlCommuneSirenTests.Service>
{
    private const string Header = "nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;idBeneficiaire;rnaBeneficiaire;objet;montant\r\n";

    [Fact]
    public async Task ScdlImport_OfSommeCommunes_RegistersEachAtTheCommuneOfItsSiren_AndRefusesASirenOfNoCommune()
    {
        // SIREN → COG as the npm package @etalab/decoupage-administratif 6.0.0 lists them (grep '"siren":"<SIREN>"'
        // package/data/communes.json); the digits would have said 80019, 80001, 80014, 80585, 80204, 80531.
        var file = Header +
            "Commune d'Amiens;218000198;2025-03-01;SOMME-1;Commune d'Abbeville;218000016;;Fonds de concours voirie;12000\r\n" +
            "Commune d'Amiens;218000198;2025-03-01;SOMME-2;Commune d'Albert;218000149;;Fonds de concours école;8500.50\r\n" +
            "Commune d'Amiens;218000198;2025-03-01;SOMME-3;Commune de Péronne;218005858;;Fonds de concours médiathèque;30000\r\n" +
            "Commune d'Amiens;218000198;2025-03-01;SOMME-4;Commune de Corbie;218002046;;Fonds de concours gymnase;4200\r\n" +
            "Commune d'Amiens;218000198;2025-03-01;SOMME-5;Commune de Montdidier;218005312;;Fonds de concours piscine;15000\r\n" +
            // Luhn-valid and shaped like a Somme commune's, but no commune's: grep finds it nowhere in communes.json.
            "Commune fantôme;218000008;2025-03-01;SOMME-6;Commune fantôme;218000008;;Fonds de concours;100\r\n" +
            "Commune d'Amiens;218000198;2025-03-01;SOMME-7;Amicale laïque d'Amiens;;W801000001;Fête de quartier;900\r\n";

        // The parameter is a deliberately wrong guess (Allery): only the association, whom no SIREN places, takes it.
        var report = await ImportAsync(file, "?headOfficeCommune=80019");

        Assert.Equal((7, 6, 0, 1, 0), Totals(report));
        var refused = report.GetProperty("rows")[5];
        Assert.Equal(("invalid", 7), (refused.GetProperty("status").GetString(), refused.GetProperty("row").GetInt32()));
        var errors = refused.GetProperty("errors");
        Assert.Contains("218000008", errors.GetProperty("idAttribuant")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("218000008", errors.GetProperty("idBeneficiaire")[0].GetString(), StringComparison.Ordinal);

        // What Actors was asked to register, by identifier: the head office each got.
        var expected = new Dictionary<string, string>
        {
            ["218000198"] = "80021", // Amiens
            ["218000016"] = "80001", // Abbeville
            ["218000149"] = "80016", // Albert
            ["218005858"] = "80620", // Péronne
            ["218002046"] = "80212", // Corbie
            ["218005312"] = "80561", // Montdidier
            ["W801000001"] = "80019", // the association: the request's headOfficeCommune
        };
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal),
            service.Registrations.Select(r => KeyValuePair.Create(r.Siren ?? r.Rna!, r.HeadOfficeCommuneCode)).OrderBy(e => e.Key, StringComparer.Ordinal));
        var sources = report.GetProperty("registeredActors").EnumerateArray()
            .ToDictionary(a => a.GetProperty("identifier").GetString()!, a => (a.GetProperty("headOfficeCommune").GetString(), a.GetProperty("headOfficeSource").GetString()));
        Assert.Equal(("80021", "siren"), sources["siren:218000198"]);
        Assert.Equal(("80620", "siren"), sources["siren:218005858"]);
        Assert.Equal(("80019", "parameter"), sources["rna:W801000001"]);

        // Amiens is found as a commune in the table, so its grants carry the commune funder type.
        var grant = await service.Client.GetFromJsonAsync<JsonElement>(new Uri($"/api/funding/grants/{report.GetProperty("rows")[0].GetProperty("grantId").GetGuid()}", UriKind.Relative));
        Assert.Equal((int)SocialTech.Funding.Grants.FunderType.Commune, grant.GetProperty("terms").GetProperty("funders")[0].GetProperty("funderType").GetInt32());
    }

    [Fact]
    public void FunderType_OfAMayotteCommune_IsCommune_ThoughItsSirenIsNot21()
    {
        // Dzaoudzi (97608): SIREN 200008795 in communes.json of @etalab/decoupage-administratif 6.0.0.
        Assert.Equal("commune", PartyResolver.FunderTypeOf(new OrganisationId(null, "200008795", null), service.Referential));
        Assert.Equal("97608", PartyResolver.CommuneOf("200008795", service.Referential));
    }

    private async Task<JsonElement> ImportAsync(string csv, string query)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var response = await service.Client.PostAsync(new Uri("/api/funding/imports/scdl" + query, UriKind.Relative), content);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, report.ToString());
        return report;
    }

    /// <summary>Funding whose Actors is a recording stand-in that answers 201 and puts the actor into Funding's directory.</summary>
    public sealed class Service : FundingService
    {
        public ConcurrentBag<ActorRegistrationRequest> Registrations { get; } = [];

        public Actors.Territories.TerritoryReferential Referential => Host.Services.GetRequiredService<Actors.Territories.TerritoryReferential>();

        protected override void ConfigureServices(IServiceCollection services)
        {
            base.ConfigureServices(services);
            services.AddHttpClient<ActorsClient>()
                .ConfigurePrimaryHttpMessageHandler(provider => new StandInActors(Registrations, provider.GetRequiredService<IDocumentStore>()))
                // No service discovery or retries in front of the stand-in: it is in process.
                .ConfigureAdditionalHttpMessageHandlers((handlers, _) => handlers.Clear());
        }
    }

    private sealed class StandInActors(ConcurrentBag<ActorRegistrationRequest> registrations, IDocumentStore store) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal((HttpMethod.Post, "/api/actors"), (request.Method, request.RequestUri!.AbsolutePath));
            var registration = (await request.Content!.ReadFromJsonAsync<ActorRegistrationRequest>(cancellationToken))!;
            registrations.Add(registration);
            var id = Guid.CreateVersion7();
            await using (var session = store.LightweightSession())
            {
                session.Store(new DirectoryActor(id, registration.Name, registration.Kinds,
                    new ActorIdentifiers(registration.Siren ?? registration.Siret?[..9], registration.Siret, registration.Rna), false,
                    new CommuneReference(registration.HeadOfficeCommuneCode, 2025), [], DirectoryActor.Active, null, 1, DateTimeOffset.UtcNow));
                await session.SaveChangesAsync(cancellationToken);
            }

            return new HttpResponseMessage(HttpStatusCode.Created) { Content = JsonContent.Create(new { id }) };
        }
    }
}
