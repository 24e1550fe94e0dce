using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SocialTech.Testing;

namespace SocialTech.Portal.BrowserTests;

/// <summary>
/// Names are data, never markup: an organisation's name goes through the registry unchanged and reaches the portal's
/// chart, its tooltips and its labels, where ECharts writes tooltips as HTML. And the portal's pages forbid inline
/// script, so that a name that slipped through anyway would not run.
/// </summary>
[Collection(PortalTestsDefinition.Name)]
public sealed class PortalSecurityTests(PortalPlatform platform)
{
    // Gironde, away from the demo's Dordogne: the other tests' totals stay what they were.
    private const string Territory = "departement:33";
    private const string ImageName = "<img src=x onerror=\"document.title='pwned'\">";
    private const string AttributeName = "\"><svg onload=\"document.title='pwned-svg'\"></svg>";

    [Fact]
    public async Task Sankey_ShowsAFundersMarkupAsText_InItsTooltipsAndLabels_AndRunsNothing()
    {
        var (image, attribute) = await SeedAsync();
        var page = await platform.NewPageAsync();
        // Violations of the page's Content-Security-Policy, collected from the first script on.
        await page.AddInitScriptAsync("""
            window.cspViolations = [];
            document.addEventListener("securitypolicyviolation", e => window.cspViolations.push(e.violatedDirective + " " + e.blockedURI));
            """);
        await page.GotoAsync("/territoire/departement/33");
        var chart = page.Locator("#sankey");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-rendered", "true");
        var title = await page.TitleAsync();

        foreach (var (funder, name) in new[] { (image, ImageName), (attribute, AttributeName) })
        {
            await HoverAsync(page, "node", $"funder:{funder}");
            await Assertions.Expect(Tooltip(page)).ToContainTextAsync($"{name} : ");
            await HoverAsync(page, "edge", $"funder:{funder}");
            await Assertions.Expect(Tooltip(page)).ToContainTextAsync($"{name} → Bordeaux Métropole : ");
            await Assertions.Expect(chart.Locator("svg text", new() { HasText = name })).ToHaveCountAsync(1);
        }

        // Territories' and recipient kinds' names go through the same formatter. Gironde's flows go to its EPCIs.
        await HoverAsync(page, "node", "territory:epci:243300316");
        await Assertions.Expect(Tooltip(page)).ToContainTextAsync("Bordeaux Métropole : 2 000 €");
        Assert.Equal(0, await chart.Locator("img, foreignObject, svg svg").CountAsync());
        // An error event of an injected image fires once its load fails: give it the time to.
        await page.WaitForTimeoutAsync(500);
        Assert.Equal(title, await page.TitleAsync());
        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.cspViolations"));
    }

    [Fact]
    public async Task Pages_SendOneFrameOptions_AndAPolicyWithoutInlineScript()
    {
        using var http = new HttpClient { BaseAddress = platform.Portal.BaseAddress };
        foreach (var path in new[] { "/", "/territoire/departement/24", "/zones-blanches/departement/24" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            response.EnsureSuccessStatusCode();

            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            var policy = Directives(Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
            Assert.Equal(["'self'"], policy["script-src"]);
            Assert.Equal(["'none'"], policy["object-src"]);
            Assert.Equal(["'self'"], policy["base-uri"]);
            Assert.Equal(["'none'"], policy["frame-ancestors"]);
            // No inline script in the page either: what the policy forbids, the page must not need.
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotMatch(@"<script(?![^>]*\ssrc=)[^>]*>", html);
        }
    }

    /// <summary>Each directive's sources, by directive name.</summary>
    internal static Dictionary<string, string[]> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(d => d[0], d => d[1..], StringComparer.Ordinal);

    private static ILocator Tooltip(IPage page) =>
        // ECharts' HTML tooltip: the chart container's last child, beside the SVG's own wrapper.
        page.Locator("#sankey > div").Last;

    /// <summary>Moves the mouse over a node or the first link leaving it, where ECharts laid it out.</summary>
    private static async Task HoverAsync(IPage page, string what, string nodeId)
    {
        // In the viewport (the filters come above the chart), then away, so that the tooltip is rebuilt for the next item.
        await page.Locator("#sankey").ScrollIntoViewIfNeededAsync();
        await page.Mouse.MoveAsync(0, 0);
        var point = await page.EvaluateAsync<JsonElement>("""
            ([what, id]) => {
              const element = document.getElementById("sankey");
              const series = echarts.getInstanceByDom(element).getModel().getSeriesByIndex(0);
              const nodes = series.getData();
              const index = nodes.indexOfName(id);
              if (index < 0) throw new Error("no node " + id);
              const box = element.getBoundingClientRect();
              const origin = { x: box.left + series.layoutInfo.x, y: box.top + series.layoutInfo.y };
              if (what === "node") {
                const n = nodes.getItemLayout(index);
                return { x: origin.x + n.x + n.dx / 2, y: origin.y + n.y + n.dy / 2 };
              }
              // A point of the band as ECharts' SankeyView draws it: a cubic from the source node's right side at sy
              // to the target's left side at ty, both control points halfway across (curveness 0.5). At t = 0.8, past
              // the source node's label, which would show the node's tooltip.
              const edge = series.getGraph().getNodeByIndex(index).outEdges[0];
              const from = edge.node1.getLayout(), to = edge.node2.getLayout(), band = edge.getLayout();
              const x1 = from.x + from.dx, y1 = from.y + band.sy, x2 = to.x, y2 = to.y + band.ty, mid = (x1 + x2) / 2;
              const t = 0.8, b = [(1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3];
              return {
                x: origin.x + x1 * b[0] + mid * (b[1] + b[2]) + x2 * b[3],
                y: origin.y + y1 * (b[0] + b[1]) + y2 * (b[2] + b[3]) + band.dy / 2,
              };
            }
            """, new[] { what, nodeId });
        await page.Mouse.MoveAsync(point.GetProperty("x").GetSingle(), point.GetProperty("y").GetSingle());
    }

    /// <summary>Two funders whose names are markup, each granting money to an association of Bordeaux.</summary>
    private async Task<(Guid Image, Guid Attribute)> SeedAsync()
    {
        var actors = platform.Actors.Http;
        var image = await CreateAsync(actors, new { name = ImageName, kinds = new[] { "foundation" }, headOfficeCommuneCode = "33063" });
        var attribute = await CreateAsync(actors, new { name = AttributeName, kinds = new[] { "foundation" }, headOfficeCommuneCode = "33063" });
        var recipient = await CreateAsync(actors, new { name = "Association bordelaise", kinds = new[] { "association" }, headOfficeCommuneCode = "33063" });
        foreach (var id in new[] { image, attribute, recipient })
        {
            await Eventually.TrueAsync(async () =>
            {
                using var response = await platform.Funding.Http.GetAsync(new Uri($"/api/funding/actors/{id}", UriKind.Relative));
                return response.IsSuccessStatusCode;
            }, "the actors to reach Funding's directory");
        }

        // Not the demo's AwardAsync: its grants are the other tests' oracle for Dordogne.
        foreach (var (funder, amount) in new[] { (image, 1200m), (attribute, 800m) })
        {
            using (var declared = await platform.Funding.Http.PostAsJsonAsync("/api/funding/funders", new { actorId = funder, funderType = "foundation" }))
            {
                Assert.True(declared.IsSuccessStatusCode, await declared.Content.ReadAsStringAsync());
            }

            using var awarded = await platform.Funding.Http.PostAsJsonAsync("/api/funding/grants", new
            {
                funders = new[] { new { funderId = funder, amount, funderType = "foundation" } },
                recipientId = recipient, purpose = "Projet de territoire", amount, decisionDate = "2025-05-01",
                plannedStart = "2025-01-01", plannedEnd = "2025-12-31", fiscalYears = new[] { 2025 },
            });
            Assert.True(awarded.IsSuccessStatusCode, $"{(int)awarded.StatusCode} {await awarded.Content.ReadAsStringAsync()}");
        }

        await Eventually.TrueAsync(async () =>
        {
            var flows = await platform.Funding.Http.GetFromJsonAsync<JsonElement>($"/api/funding/flows/sankey?territory={Territory}");
            return flows.GetProperty("total").GetDecimal() >= 2000m;
        }, "the grants to reach the flows");
        return (image, attribute);
    }

    private static async Task<Guid> CreateAsync(HttpClient http, object body)
    {
        using var response = await http.PostAsJsonAsync("/api/actors", body);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
