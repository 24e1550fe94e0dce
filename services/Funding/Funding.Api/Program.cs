using MassTransit;
using SocialTech.Actors.Directory;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.BuildingBlocks.Messaging.Replays;
using SocialTech.BuildingBlocks.Security;
using SocialTech.Funding;
using SocialTech.Funding.Apis;
using SocialTech.Funding.Flows.Caching;
using SocialTech.Funding.OpenData.Importing;
using SocialTech.Funding.Territories;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAccessControl();
builder.AddEventStore<FundingContractMapper>(FundingEventStore.ConnectionName, FundingEventStore.Schema, FundingEventStore.Configure);
builder.AddMessageBus("funding", bus => bus.AddActorDirectory().AddConsumers(typeof(FundingEventStore).Assembly));
builder.Services.AddDomainProblems();
builder.Services.AddTerritoryReferential();
builder.Services.AddSingleton<IFundingTerritories, ReferentialTerritories>();
builder.AddFlowAnswers();
builder.Services.ConfigureAll<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(options =>
    options.AddSchemaTransformer(SocialTech.Funding.OpenData.Exporting.Export360Giving.OmittedNullsAreOptional));
builder.Services.AddHttpClient<ActorsClient>(http => http.BaseAddress = new Uri(ActorsClient.BaseAddress));

var app = builder.Build();

app.UseDomainProblems();
app.UseAccessControl();
app.MapDefaultEndpoints();
app.MapContractReplaysApi();
app.MapActorDirectoryApi();
app.MapFundersApi();
app.MapProgrammesApi();
app.MapGrantsApi();
app.MapFlowsApi();
app.MapOpenDataApi();
app.MapMazeApi();
app.MapWhiteZonesApi();

app.Run();
