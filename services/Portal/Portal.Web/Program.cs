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
builder.AddPageSecurity();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();

app.UsePageSecurity();
app.UseFrenchCulture();
app.UseNetworkPageStatus();
app.UseAntiforgery();
app.UseActorPageStatus();
app.UseWhiteZonesPageStatus();
app.MapDefaultEndpoints();
app.MapStaticAssets();
app.MapExports();
app.MapWhiteZoneExports();
// The page's policy is PageSecurity's, frame-ancestors included: Blazor's own second header would only repeat it.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);

app.Run();
