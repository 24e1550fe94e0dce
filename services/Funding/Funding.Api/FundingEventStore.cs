using JasperFx.Events.Projections;
using Marten;
using SocialTech.Actors.Directory;
using SocialTech.Funding.ActorDirectory;
using SocialTech.Funding.Flows;
using SocialTech.Funding.Funders.GettingDetails;
using SocialTech.Funding.Grants.GettingDetails;
using SocialTech.Funding.LabelFacts;
using SocialTech.Funding.Programmes;
using SocialTech.Funding.Programmes.GettingDetails;
using SocialTech.Funding.Relays;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding;

public static class FundingEventStore
{
    public const string ConnectionName = "fundingdb";
    public const string Schema = "funding";

    public static void Configure(StoreOptions options, IServiceProvider services)
    {
        options.AddActorDirectory();
        options.AddLabelFacts();
        // The flow answer cache reads the directory's latest change on every request (FlowDataVersion): an index, not a scan.
        options.Schema.For<DirectoryActor>().IndexLastModified();
        // The funding white zones' eligibility step groups every active actor's (head-office commune, vintage, kinds):
        // read from the JSON that was 0.7–1.0 s over a quarter of a million actors (docs/performance.md,
        // maze-whitezones). As columns, filled by Marten on every store and, for the copies stored before, by the
        // schema migration that adds them (update … set column = data's value; WhiteZonesTests checks a copy stored before).
        // Marten's index on each is used: the step reads only the unfunded children's head offices, looked up by code,
        // and those recorded in another vintage, by vintage (FundingWhiteZones.HeadOfficeKindsAsync).
        options.Schema.For<DirectoryActor>()
            .Duplicate(a => a.Status)
            .Duplicate(a => a.HeadOffice.Code)
            // Its index covers the white zones' read of the active head offices (vintage, then code and kinds included):
            // an index-only scan instead of the documents' heap, 0.18 s of 0.57 s for a quarter of a million actors
            // (EXPLAIN ANALYZE). Marten keys a duplicate's index on its own column, so the code goes in the INCLUDE list.
            .Duplicate(a => a.HeadOffice.Vintage, configure: index =>
            {
                index.IncludeColumns = ["head_office_code", "kinds"];
                index.Predicate = "status = 'active'";
            })
            .Duplicate(a => a.Kinds, pgType: "text[]");
        // Relay offers and places copied from Actors, for the maze (docs/adr/0013).
        options.AddRelayCopies();
        options.Projections.Add(new FunderProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new ProgrammeProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new ProgrammeDetailsProjection(), ProjectionLifecycle.Inline);
        options.Schema.For<ProgrammeDetails>().Index(p => p.Name).GinIndexJsonData();
        options.Projections.Add(new GrantProjection(), ProjectionLifecycle.Inline);
        // After GrantProjection, in the same transaction: a grant and its flow rows never disagree.
        options.Projections.Add(new GrantFlowProjection(services.GetRequiredService<IFundingTerritories>()), ProjectionLifecycle.Inline, GrantFlowProjection.Name);
        // Every query for now filters on KnownUntil is null (docs/adr/0006-flows-as-known-on.md): a column and its index,
        // rather than a scan of every version's JSON.
        options.Schema.For<GrantFlowRow>().Index(r => r.GrantId).Index(r => r.RecipientId).Duplicate(r => r.KnownUntil).GinIndexJsonData();
        // The same rows as plain columns, written by GrantFlowProjection, which the flow queries sum in SQL (ADR 0008).
        options.Storage.ExtendedSchemaObjects.Add(FlowAmounts.Definition(options.DatabaseSchemaName));
        // Counts rebuilds of the rows above, which write no event: part of the flow answers' data version (ADR 0009).
        options.Storage.ExtendedSchemaObjects.Add(FlowRewrites.Definition(options.DatabaseSchemaName));
        // Whether the start-up fill of the table above has run on this database: it runs once, not at every start.
        options.Storage.ExtendedSchemaObjects.Add(FlowAmountsBackfill.MarkerDefinition(options.DatabaseSchemaName));
    }
}
