using SocialTech.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFrontDoor();
builder.AddServiceRoutes();
builder.Services.AddCombinedOpenApi(builder.Configuration);

var app = builder.Build();

app.UseFrontDoor();
app.MapHealthEndpoints();
app.MapCombinedOpenApi();
app.MapReverseProxy();

app.Run();
