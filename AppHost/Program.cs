// Resource and connection names are the ConnectionStrings:<name> the services read (docs/architecture.md); every
// API used here is listed, with the Aspire public API file it comes from, in docs/aspire-apphost.md.
var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres").WithDataVolume();
var messaging = builder.AddRabbitMQ("messaging").WithManagementPlugin().WithDataVolume();

// Tokens: a development signing key (Parameters:auth-signing-key, user secrets; README: Access control), or set
// Auth__Authority on the services for an OpenID Connect provider instead.
var signingKey = builder.AddParameter("auth-signing-key", secret: true);

var actors = AddService<Projects.Actors_Api>("actors-api", postgres.AddDatabase("actorsdb"));
// Funding's SCDL import registers unknown organisations through Actors' API, at http://actors (docs/open-data.md).
var funding = AddService<Projects.Funding_Api>("funding-api", postgres.AddDatabase("fundingdb"))
    .WithReference(actors, "actors");
var labelling = AddService<Projects.Labelling_Api>("labelling-api", postgres.AddDatabase("labellingdb"));
var networks = AddService<Projects.IncubatorNetworks_Api>("networks-api", postgres.AddDatabase("networksdb"));

// The portal (issue 8) reads the services by the service-discovery names it asks for (http://actors…), hence the
// named references (services__actors__http__0…), and the bus for its live feed; it has no database.
var portal = builder.AddProject<Projects.Portal_Web>("portal")
    .WithReference(actors, "actors").WithReference(funding, "funding")
    .WithReference(labelling, "labelling").WithReference(networks, "networks")
    .WithReference(messaging).WaitFor(messaging)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

// The gateway and the portal are where users enter, so they alone get external endpoints. The gateway finds the
// services by their resource names (services:actors-api:http:0…, its clusters' addresses) and serves the portal at /.
builder.AddProject<Projects.Gateway_Api>("gateway-api")
    .WithReference(actors).WaitFor(actors)
    .WithReference(funding).WaitFor(funding)
    .WithReference(labelling).WaitFor(labelling)
    .WithReference(networks).WaitFor(networks)
    .WithReference(portal).WaitFor(portal)
    // The gateway validates tokens too, only to count a caller's requests by its subject (README: Access control).
    .WithEnvironment("Auth__SigningKey", signingKey)
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
