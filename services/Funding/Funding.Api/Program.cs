using MassTransit;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.Funding;
using SocialTech.Funding.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEventStore<FundingContractMapper>(FundingEventStore.ConnectionName, FundingEventStore.Schema, FundingEventStore.Configure);
builder.AddMessageBus("funding", bus => bus.AddConsumers(typeof(FundingEventStore).Assembly));
builder.Services.AddDomainProblems();

var app = builder.Build();

app.UseDomainProblems();
app.MapDefaultEndpoints();
app.MapActorDirectoryApi();

app.Run();
