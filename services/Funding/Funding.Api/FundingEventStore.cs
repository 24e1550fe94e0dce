using JasperFx.Events.Projections;
using Marten;
using SocialTech.Actors.Directory;
using SocialTech.Funding.ActorDirectory;
using SocialTech.Funding.Flows;
using SocialTech.Funding.Funders.GettingDetails;
using SocialTech.Funding.Grants.GettingDetails;
using SocialTech.Funding.Programmes;
using SocialTech.Funding.Programmes.GettingDetails;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding;

public static class FundingEventStore
{
    public const string ConnectionName = "fundingdb";
    public const string Schema = "funding";

    public static void Configure(StoreOptions options, IServiceProvider services)
    {
        options.AddActorDirectory();
        options.Projections.Add(new FunderProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new ProgrammeProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new ProgrammeDetailsProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<ProgrammeDetails>().Index(p => p.Name).GinIndexJsonData();
        // The flow rows are GrantProjection's side effects, which Marten runs inline only when asked to.
        options.Events.EnableSideEffectsOnInlineProjections = true;
        options.Projections.Add(new GrantProjection(services.GetRequiredService<IFundingTerritories>()), ProjectionLifecycle.Inline);
        options.Schema.For<GrantFlowRow>().Index(r => r.GrantId).GinIndexJsonData();
    }
}
