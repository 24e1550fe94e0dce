// Resource and connection names are the ConnectionStrings:<name> the services read (docs/architecture.md).
var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres").WithDataVolume();
var actorsDb = postgres.AddDatabase("actorsdb");
var fundingDb = postgres.AddDatabase("fundingdb");
var labellingDb = postgres.AddDatabase("labellingdb");
var networksDb = postgres.AddDatabase("networksdb");

var messaging = builder.AddRabbitMQ("messaging").WithManagementPlugin().WithDataVolume();

builder.AddProject<Projects.Actors_Api>("actors-api")
    .WithReference(actorsDb).WaitFor(actorsDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Funding_Api>("funding-api")
    .WithReference(fundingDb).WaitFor(fundingDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Labelling_Api>("labelling-api")
    .WithReference(labellingDb).WaitFor(labellingDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.IncubatorNetworks_Api>("networks-api")
    .WithReference(networksDb).WaitFor(networksDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
