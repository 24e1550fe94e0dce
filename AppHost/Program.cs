// Resource and connection names are the ConnectionStrings:<name> the services read (docs/architecture.md); every
// API used here is listed, with the Aspire public API file it comes from, in docs/aspire-apphost.md.
var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres").WithDataVolume();
var messaging = builder.AddRabbitMQ("messaging").WithManagementPlugin().WithDataVolume();

AddService<Projects.Actors_Api>("actors-api", postgres.AddDatabase("actorsdb"));
AddService<Projects.Funding_Api>("funding-api", postgres.AddDatabase("fundingdb"));
AddService<Projects.Labelling_Api>("labelling-api", postgres.AddDatabase("labellingdb"));
AddService<Projects.IncubatorNetworks_Api>("networks-api", postgres.AddDatabase("networksdb"));

// Gateway (issue 7) and portal (issue 8) go here once their projects exist: they are where users enter, so they
// alone get WithExternalHttpEndpoints(); the services above stay internal and are reached through the gateway.

builder.Build().Run();

// Every service has its own database and shares the broker; it starts once both are up and is ready when its
// /health says so. With one replica per service, each one runs its projection daemon (EventStore:Daemon=Solo,
// the services' default).
void AddService<TProject>(string name, IResourceBuilder<PostgresDatabaseResource> database)
    where TProject : IProjectMetadata, new() =>
    builder.AddProject<TProject>(name)
        .WithReference(database).WaitFor(database)
        .WithReference(messaging).WaitFor(messaging)
        .WithHttpHealthCheck("/health");
