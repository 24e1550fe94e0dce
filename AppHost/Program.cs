// Resource and connection names are the ConnectionStrings:<name> the services read (docs/architecture.md); every
// API used here is listed, with the Aspire public API file it comes from, in docs/aspire-apphost.md.
var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres").WithDataVolume();
var messaging = builder.AddRabbitMQ("messaging").WithManagementPlugin().WithDataVolume();

// Tokens: a development signing key (Parameters:auth-signing-key, user secrets; README: Access control), or set
// Auth__Authority on the services for an OpenID Connect provider instead.
var signingKey = builder.AddParameter("auth-signing-key", secret: true);

var actors = AddService<Projects.Actors_Api>("actors-api", postgres.AddDatabase("actorsdb"));
var funding = AddService<Projects.Funding_Api>("funding-api", postgres.AddDatabase("fundingdb"));
var labelling = AddService<Projects.Labelling_Api>("labelling-api", postgres.AddDatabase("labellingdb"));
var networks = AddService<Projects.IncubatorNetworks_Api>("networks-api", postgres.AddDatabase("networksdb"));

// The gateway is where users enter, so it alone gets external endpoints; it finds the services by their resource
// names (services:actors-api:http:0…, its clusters' addresses). The portal (issue 8) joins it here.
builder.AddProject<Projects.Gateway_Api>("gateway-api")
    .WithReference(actors).WaitFor(actors)
    .WithReference(funding).WaitFor(funding)
    .WithReference(labelling).WaitFor(labelling)
    .WithReference(networks).WaitFor(networks)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.Build().Run();

// Every service has its own database and shares the broker; it starts once both are up and is ready when its
// /health says so. With one replica per service, each one runs its projection daemon (EventStore:Daemon=Solo,
// the services' default).
IResourceBuilder<ProjectResource> AddService<TProject>(string name, IResourceBuilder<PostgresDatabaseResource> database)
    where TProject : IProjectMetadata, new() =>
    builder.AddProject<TProject>(name)
        .WithReference(database).WaitFor(database)
        .WithReference(messaging).WaitFor(messaging)
        .WithEnvironment("Auth__SigningKey", signingKey)
        .WithHttpHealthCheck("/health");
