// The map of the running platform (docs/aspire-apphost.md). Resource and connection names are the
// ConnectionStrings:<name> the services read (docs/architecture.md).
using Microsoft.Extensions.DependencyInjection;

var builder = DistributedApplication.CreateBuilder(args);
builder.Services.AddHostedService<ResourceStateLog>();

// Infrastructure: PostgreSQL and RabbitMQ as containers where a container engine answers, else this machine's own
// Debian servers (installed and started by the `servers` resource), shown with their health and logs.
var servers = PlatformServers.Add(builder);

// Tokens: the development signing key the local runtime shares with deploy/local/mint-token.sh (README: Access
// control); each service gets it as its own secret, never through the AppHost's environment.
var signingKey = servers.SigningKey;

var actors = AddService<Projects.Actors_Api>("actors-api", "actorsdb");
// Funding's SCDL import registers unknown organisations through Actors' API, at http://actors (docs/open-data.md).
// Two replicas: the projection daemon runs HotCold, so one holds the leadership and the other takes over when it
// dies (docs/adr/0010); the API is served by both, behind the AppHost's proxy.
var funding = AddService<Projects.Funding_Api>("funding-api", "fundingdb")
    .WithReplicas(servers.FundingReplicas)
    .WithReference(actors, "actors");
var labelling = AddService<Projects.Labelling_Api>("labelling-api", "labellingdb");
var networks = AddService<Projects.IncubatorNetworks_Api>("networks-api", "networksdb");

// The portal reads the services by the service-discovery names it asks for (http://actors…), hence the named
// references (services__actors__http__0…), and the bus for its live feed; it has no database.
var portal = builder.AddProject<Projects.Portal_Web>("portal", launchProfileName: null)
    .WithHttpEndpoint()
    .WithReference(actors, "actors").WithReference(funding, "funding")
    .WithReference(labelling, "labelling").WithReference(networks, "networks")
    .WithReference(servers.Messaging).WaitFor(servers.MessagingReady)
    .WithEnvironment("Auth__SigningKey", signingKey)
    .WithHttpHealthCheck("/health");

// The edge: the gateway is where users enter (its port is the local runtime's, deploy/local/services.tsv), finds
// the services by their resource names (services:actors-api:http:0…, its clusters' addresses) and serves the portal.
var gateway = builder.AddProject<Projects.Gateway_Api>("gateway-api", launchProfileName: null)
    .WithHttpEndpoint(port: servers.GatewayPort)
    .WithReference(actors).WaitFor(actors)
    .WithReference(funding).WaitFor(funding)
    .WithReference(labelling).WaitFor(labelling)
    .WithReference(networks).WaitFor(networks)
    .WithReference(portal).WaitFor(portal)
    // The gateway validates tokens too, only to count a caller's requests by its subject (README: Access control).
    .WithEnvironment("Auth__SigningKey", signingKey)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

// The demo data, loaded through the gateway as a user would, once it is healthy (deploy/local/demo/load.sh).
servers.AddDemoData(gateway);

builder.Build().Run();

// Every service has its own database and shares the broker; it starts once both are up and is ready when its
// /health says so. Projects have no launch profile here: the endpoint is declared, its port picked by the AppHost.
IResourceBuilder<ProjectResource> AddService<TProject>(string name, string database)
    where TProject : IProjectMetadata, new() =>
    builder.AddProject<TProject>(name, launchProfileName: null)
        .WithHttpEndpoint()
        .WithReference(servers.Database(database)).WaitFor(servers.DatabaseReady(database))
        .WithReference(servers.Messaging).WaitFor(servers.MessagingReady)
        .WithEnvironment("Auth__SigningKey", signingKey)
        .WithHttpHealthCheck("/health");
