using MassTransit;
using SocialTech.Actors.Directory;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.BuildingBlocks.Messaging.Replays;
using SocialTech.BuildingBlocks.Security;
using SocialTech.Labelling;
using SocialTech.Labelling.Apis;
using SocialTech.Labelling.Deadlines;
using SocialTech.Labelling.Territories;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAccessControl();
builder.AddEventStore<LabellingContractMapper>(LabellingEventStore.ConnectionName, LabellingEventStore.Schema, LabellingEventStore.Configure);
builder.AddMessageBus("labelling", bus => bus.AddActorDirectory().AddConsumers(typeof(LabellingEventStore).Assembly));
builder.Services.AddDomainProblems();
builder.Services.AddLabellingJson();
builder.Services.AddTerritoryReferential().AddSingleton<LabellingTerritories>();
builder.AddDeadlines();

var app = builder.Build();

app.UseDomainProblems();
app.UseAccessControl();
app.MapDefaultEndpoints();
app.MapContractReplaysApi();
app.MapEcosystemApi();
app.MapSchemesApi();
app.MapCampaignsApi();
app.MapApplicationsApi();
app.MapLabelsApi();

app.Run();
