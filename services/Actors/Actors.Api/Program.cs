using SocialTech.Actors;
using SocialTech.Actors.Apis;
using SocialTech.Actors.Organisations;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.BuildingBlocks.Messaging.Replays;
using SocialTech.BuildingBlocks.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAccessControl();
builder.AddEventStore<ActorsContractMapper>(ActorsEventStore.ConnectionName, ActorsEventStore.Schema, ActorsEventStore.Configure);
builder.AddMessageBus("actors", bus => bus.AddConsumer<SocialTech.Actors.Organisations.LinkingVentures.VentureIncorporatedConsumer>());
builder.Services.AddDomainProblems();
builder.Services.AddTerritoryReferential();
builder.Services.AddSingleton<IKnownTerritories, ReferentialTerritories>();

var app = builder.Build();

app.UseDomainProblems();
app.UseAccessControl();
app.MapDefaultEndpoints();
app.MapContractReplaysApi();
app.MapActorsApi();
app.MapPlacesApi();
app.MapTerritoriesApi();
app.MapRelaysApi();

app.Run();
