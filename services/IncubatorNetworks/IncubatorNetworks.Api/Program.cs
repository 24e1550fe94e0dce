using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.IncubatorNetworks;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEventStore<IncubatorNetworksContractMapper>(IncubatorNetworksEventStore.ConnectionName, IncubatorNetworksEventStore.Schema, IncubatorNetworksEventStore.Configure);
builder.AddMessageBus("networks");
builder.Services.AddDomainProblems();

var app = builder.Build();

app.UseDomainProblems();
app.MapDefaultEndpoints();

app.Run();
