using MassTransit;
using SocialTech.Actors.Directory;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.BuildingBlocks.Messaging.Replays;
using SocialTech.BuildingBlocks.Security;
using SocialTech.IncubatorNetworks;
using SocialTech.IncubatorNetworks.Activity.Receiving;
using SocialTech.IncubatorNetworks.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAccessControl();
builder.AddEventStore<IncubatorNetworksContractMapper>(IncubatorNetworksEventStore.ConnectionName, IncubatorNetworksEventStore.Schema, IncubatorNetworksEventStore.Configure);
builder.AddMessageBus("networks", bus => bus.AddActorDirectory().AddConsumers(typeof(IncubatorNetworksEventStore).Assembly));
builder.Services.AddDomainProblems();
builder.Services.AddKebabCaseEnums();
builder.Services.AddNetworkActivityListeners();

var app = builder.Build();

app.UseDomainProblems();
app.UseAccessControl();
app.MapDefaultEndpoints();
app.MapContractReplaysApi();
app.MapActorDirectoryApi();
app.MapNetworksApi();
app.MapNetworkActivityApi();
app.MapNetworkListsApi();
app.MapFeedsApi();
app.MapSchemasApi();

app.Run();
