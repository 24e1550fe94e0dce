using Marten;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.IncubatorNetworks.Contracts;
using SocialTech.Labelling.NetworkFacts;
using SocialTech.Testing;

namespace SocialTech.Labelling.Tests.Eligibility;

/// <summary>
/// Labelling's copies of incubator networks' ventures and hubs follow IncubatorNetworks' contracts over real RabbitMQ,
/// once per message and never backwards.
/// </summary>
public sealed class NetworkFactsTests(LabellingService labelling) : IClassFixture<LabellingService>
{
    [Fact]
    public async Task VentureContracts_MoveTheCopyForward_AndARedeliveryOrAnOlderVersionChangesNothing()
    {
        var network = Guid.CreateVersion7();
        var venture = Guid.CreateVersion7();
        var admissionId = Guid.NewGuid();
        var admitted = new VentureAdmitted(network, venture, 1, "V-7", "Cantine nomade", "incubation", "C-2026", "emergence", "24322", new DateOnly(2026, 1, 5));
        await labelling.PublishAsync(admitted, admissionId);
        var first = await SeenAsync(venture, 1);
        await labelling.PublishAsync(new VentureIncorporated(network, venture, 2, "V-7", "Cantine nomade SAS", "732829320", null, new DateOnly(2026, 4, 1)));
        var incorporated = await SeenAsync(venture, 2);

        // A redelivery (the admission's id again) whose body would win on version, then a late, older copy; a hub
        // behind them on the same ordered queue tells when both have been consumed.
        await labelling.PublishAsync(admitted with { Version = 3, Name = "Changed by a redelivery" }, admissionId);
        await labelling.PublishAsync(admitted with { Name = "Changed by a late copy" });
        var hub = Guid.CreateVersion7();
        await labelling.PublishAsync(new NetworkHubOpened(network, 5, "Réseau d'incubateurs", hub, "Antenne Périgord", "24322", "FR", null, new DateOnly(2026, 2, 1)));
        var opened = await Eventually.GetAsync(() => LoadAsync<NetworkHub>(hub), $"hub {hub} in Labelling");
        var afterDuplicates = await LoadAsync<SupportedVenture>(venture);

        await labelling.PublishAsync(new VentureGraduated(network, venture, 4, "V-7", "Cantine nomade SAS", "incubation", null, new DateOnly(2026, 12, 1)));
        var graduated = await SeenAsync(venture, 4);

        Assert.Equal(("Cantine nomade", SupportedVenture.Admitted, "24322"), (first.Name, first.Status, first.CommuneCode));
        // The incorporation said nothing of the commune: the admission's stays.
        Assert.Equal(("Cantine nomade SAS", SupportedVenture.Incorporated, "732829320", "24322"),
            (incorporated.Name, incorporated.Status, incorporated.Siren, incorporated.CommuneCode));
        Assert.Equal(("Cantine nomade SAS", 2L, incorporated.UpdatedAt), (afterDuplicates!.Name, afterDuplicates.SourceVersion, afterDuplicates.UpdatedAt));
        Assert.Equal(("Réseau d'incubateurs", "Antenne Périgord", "24322"), (opened.NetworkName, opened.Name, opened.CommuneCode));
        Assert.Equal((SupportedVenture.Graduated, "732829320", 4L), (graduated.Status, graduated.Siren, graduated.SourceVersion));
    }

    private Task<SupportedVenture> SeenAsync(Guid id, long version) =>
        Eventually.GetAsync(async () => await LoadAsync<SupportedVenture>(id) is { } v && v.SourceVersion >= version ? v : null,
            $"version {version} of venture {id} in Labelling");

    private async Task<T?> LoadAsync<T>(Guid id) where T : class
    {
        await using var session = labelling.Host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<T>(id);
    }
}
