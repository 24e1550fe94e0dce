// Charts of the portal, drawn with Apache ECharts (installed by the build from npm into wwwroot/lib).
// The page is rendered on the server and carries each chart's figures in a data-flows attribute (JSON, escaped as
// any attribute): this script draws every [data-sankey] element once the page is there, and again after Blazor's
// enhanced navigation swaps the page's content. No inline script: the Content-Security-Policy allows none.
// SVG rendering: the chart stays sharp on phones and its shapes can be inspected by the browser tests.
window.portalCharts = (function () {
  const columns = ["funder", "intermediary", "territory", "recipient-kind"];
  const euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });

  function sankey(element, data) {
    // A chart left by a previous page (enhanced navigation may keep the element) is drawn afresh.
    echarts.getInstanceByDom(element)?.dispose();
    const chart = echarts.init(element, null, { renderer: "svg" });
    // Depth by column, skipping columns without nodes so that the diagram has no empty band.
    const present = columns.filter(c => data.nodes.some(n => n.column === c));
    const labels = Object.fromEntries(data.nodes.map(n => [n.id, n.label]));
    // ECharts writes a tooltip formatter's string as HTML: every name in it is escaped, since names are what
    // others typed (an organisation called "<img onerror=…>" is text). Labels are SVG text, drawn as given.
    const html = echarts.format.encodeHTML;
    // "rendered" fires once the frame is drawn; the browser tests wait for the attribute it sets.
    chart.on("rendered", () => { element.dataset.rendered = "true"; });
    chart.setOption({
      // The container carries the French label and the page a table of the same links: ECharts' own (English)
      // aria description would replace them. No animation: the figures matter, not the motion.
      animation: false,
      tooltip: {
        trigger: "item",
        formatter: p => p.dataType === "edge"
          ? `${html(labels[p.data.source])} → ${html(labels[p.data.target])} : ${html(euros.format(p.data.value))}`
          : `${html(labels[p.name])} : ${html(euros.format(p.value))}`,
      },
      series: [{
        type: "sankey",
        left: 8, right: 120, top: 8, bottom: 8,
        nodeAlign: "justify",
        emphasis: { focus: "adjacency" },
        lineStyle: { color: "gradient", opacity: 0.45 },
        label: { color: "#1b1b1b", formatter: p => labels[p.name] },
        data: data.nodes.map(n => ({ name: n.id, depth: Math.max(0, present.indexOf(n.column)) })),
        links: data.links.map(l => ({ source: l.source, target: l.target, value: l.amount })),
      }],
    });
  }

  function drawAll() {
    for (const element of document.querySelectorAll("[data-sankey]")) {
      if (element.dataset.drawn === element.dataset.flows) {
        continue;
      }
      element.dataset.drawn = element.dataset.flows;
      delete element.dataset.rendered;
      sankey(element, JSON.parse(element.dataset.flows));
    }
  }

  // Draws the page's charts (drawAll) once the page is there and again after each enhanced navigation, and resizes
  // the charts of the elements that match selector with the window. Shared with maps.js, loaded after this script.
  function keepDrawn(selector, drawAll) {
    function start() {
      drawAll();
      // blazor.web.js comes after the portal's scripts: by the time the page is there it has defined Blazor.
      window.Blazor?.addEventListener?.("enhancedload", drawAll);
    }

    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
    window.addEventListener("resize", () => {
      for (const element of document.querySelectorAll(selector)) {
        echarts.getInstanceByDom(element)?.resize();
      }
    });
  }

  keepDrawn("[data-sankey]", drawAll);

  return { sankey, drawAll, keepDrawn };
})();
