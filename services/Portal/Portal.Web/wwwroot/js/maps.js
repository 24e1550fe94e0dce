// The « Zones blanches » map of France by département (issue 18.4), drawn with Apache ECharts from the figures the
// page carries in a data-map attribute (JSON, escaped as any attribute) and the contours of wwwroot/geo (IGN Admin
// Express COG 2018 simplified, Licence Ouverte; README there). No inline script: the Content-Security-Policy allows
// none; the contours come from the portal itself (connect-src 'self').
window.portalMaps = (function () {
  const loaded = {};
  const numbers = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });
  const grey = "#d9d9d9";

  // One fetch per contour file for the page's life, then registered with ECharts under its URL.
  function contours(url) {
    loaded[url] ??= fetch(url)
      .then(response => { if (!response.ok) { throw new Error(String(response.status)); } return response.json(); })
      .then(geo => { echarts.registerMap(url, geo); return url; });
    return loaded[url];
  }

  function draw(element, data, mapName) {
    echarts.getInstanceByDom(element)?.dispose();
    const chart = echarts.init(element, null, { renderer: "svg" });
    // Names are the referential's, still escaped: ECharts writes a tooltip's string as HTML.
    const html = echarts.format.encodeHTML;
    const values = data.areas.filter(a => a.inScope && a.value !== null).map(a => a.value);
    const max = values.length > 0 ? Math.max(...values) : 0;
    chart.on("rendered", () => { element.dataset.rendered = "true"; });
    chart.setOption({
      // The container carries a French label and the page tables of the same figures: ECharts' own (English) aria
      // description would replace them. No animation: the figures matter, not the motion.
      animation: false,
      tooltip: {
        trigger: "item",
        formatter: p => p.data ? `${html(p.data.label)} : ${html(p.data.text)}` : html(p.name),
      },
      visualMap: {
        type: "continuous",
        min: 0,
        max: max > 0 ? max : 1,
        left: 8,
        bottom: 8,
        text: [numbers.format(max > 0 ? max : 1), "0"],
        textStyle: { color: "#1b1b1b" },
        inRange: { color: ["#f7fbff", "#6baed6", "#08306b"] },
        calculable: false,
        seriesIndex: 0,
      },
      series: [{
        type: "map",
        map: mapName,
        nameProperty: "code",
        roam: false,
        selectedMode: false,
        label: { show: false },
        itemStyle: { areaColor: grey, borderColor: "#8a939e", borderWidth: 0.5 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: "#f2a900" } },
        data: data.areas.map(a => ({
          name: a.code,
          label: a.name,
          text: a.text,
          // Outside the territory asked, or without a figure: grey, left out of the colour scale.
          value: a.inScope && a.value !== null ? a.value : "-",
          itemStyle: a.code === data.highlight
            ? { borderColor: "#a10f0f", borderWidth: 3 }
            : (a.inScope ? undefined : { areaColor: grey }),
        })),
      }],
    });
  }

  function drawAll() {
    for (const element of document.querySelectorAll("[data-map]")) {
      if (element.dataset.drawn === element.dataset.map) {
        continue;
      }
      element.dataset.drawn = element.dataset.map;
      delete element.dataset.rendered;
      const data = JSON.parse(element.dataset.map);
      contours(element.dataset.geo)
        .then(name => draw(element, data, name))
        .catch(() => {
          element.dataset.failed = "true";
          element.textContent = "Le fond de carte n'a pas pu être chargé ; les chiffres sont dans les tableaux ci-dessous.";
        });
    }
  }

  // charts.js, loaded just before this script (App.razor), starts and resizes the charts of both pages alike.
  window.portalCharts.keepDrawn("[data-map]", drawAll);

  return { drawAll };
})();
