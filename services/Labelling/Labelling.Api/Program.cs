using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.Labelling;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEventStore<LabellingContractMapper>(LabellingEventStore.ConnectionName, LabellingEventStore.Schema, LabellingEventStore.Configure);
builder.AddMessageBus("labelling");
builder.Services.AddDomainProblems();

var app = builder.Build();

app.UseDomainProblems();
app.MapDefaultEndpoints();

app.Run();
