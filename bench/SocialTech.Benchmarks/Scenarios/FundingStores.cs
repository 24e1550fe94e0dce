using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.Funding;
using SocialTech.Funding.Territories;

namespace SocialTech.Benchmarks.Scenarios;

/// <summary>A Marten store with Funding's own configuration, for loaders that write what the service would have written.</summary>
public static class FundingStores
{
    /// <param name="connectionString">A database whose Funding schema the service already created (it applies it on start-up).</param>
    /// <param name="referential">The referential the loader already holds (loading the embedded one takes a while).</param>
    public static DocumentStore For(string connectionString, TerritoryReferential? referential = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(referential ?? TerritoryReferential.LoadEmbedded())
            .AddSingleton<IFundingTerritories, ReferentialTerritories>()
            .BuildServiceProvider();
        return DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.DatabaseSchemaName = FundingEventStore.Schema;
            options.AutoCreateSchemaObjects = AutoCreate.None;
            // The service's metadata columns (EventStoreExtensions), so that rows look the same as the API's.
            options.Events.MetadataConfig.HeadersEnabled = true;
            options.Events.MetadataConfig.CorrelationIdEnabled = true;
            options.Events.MetadataConfig.CausationIdEnabled = true;
            options.Events.MetadataConfig.UserNameEnabled = true;
            options.Schema.For<ProcessedMessage>();
            FundingEventStore.Configure(options, services);
        });
    }
}
