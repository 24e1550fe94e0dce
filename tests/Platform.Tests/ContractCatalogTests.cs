using System.Reflection;
using SocialTech.Actors;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.Funding;
using SocialTech.IncubatorNetworks;
using SocialTech.Labelling;

namespace SocialTech.Platform.Tests;

/// <summary>
/// Every contract a service's contracts project defines is declared in its mapper's <see cref="ContractCatalog"/>:
/// the replay command reads only declared event types, so an undeclared contract (NetworkHubClosed was, when hubs got
/// their closing contract) would silently be missing from every rebuilt copy.
/// </summary>
public sealed class ContractCatalogTests
{
    public static TheoryData<string> Services => ["Actors", "Funding", "IncubatorNetworks", "Labelling"];

    private static (IContractMapper Mapper, Assembly Contracts) Of(string service) => service switch
    {
        "Actors" => (new ActorsContractMapper(), typeof(Actors.Contracts.ActorRegistered).Assembly),
        "Funding" => (new FundingContractMapper(null!), typeof(Funding.Contracts.GrantAwarded).Assembly),
        "IncubatorNetworks" => (new IncubatorNetworksContractMapper(), typeof(IncubatorNetworks.Contracts.NetworkHubOpened).Assembly),
        "Labelling" => (new LabellingContractMapper(), typeof(Labelling.Contracts.LabelGranted).Assembly),
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };

    [Theory]
    [MemberData(nameof(Services))]
    public void EveryVersionedContract_IsDeclaredInTheMappersCatalog(string service)
    {
        var (mapper, contracts) = Of(service);
        // A contract carries the source stream's version (consumers ignore older ones); value types inside contracts
        // (CommuneReference, GrantFunder…) carry none.
        var published = contracts.GetExportedTypes()
            .Where(t => t.IsClass && t.GetProperties().Any(p => p.PropertyType == typeof(long) && p.Name.EndsWith("Version", StringComparison.Ordinal)))
            .Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.NotEmpty(published);
        Assert.Empty(published.Except(mapper.Contracts.Names));
    }
}
