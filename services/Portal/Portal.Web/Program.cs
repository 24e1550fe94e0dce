using SocialTech.Actors.Territories;
using SocialTech.Portal;
using SocialTech.Portal.Components;
using SocialTech.Portal.Exports;
using SocialTech.Portal.Live;
using SocialTech.Portal.Platform;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddTerritoryReferential();
builder.Services.AddPlatformClients();
builder.AddLiveFeed();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();

app.UseFrenchCulture();
app.UseAntiforgery();
app.MapDefaultEndpoints();
app.MapStaticAssets();
app.MapExports();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Run();
