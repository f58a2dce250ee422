// Evaluation charts (ECharts): data comes from <script type="application/json" id="chart-data">,
// never from inline script. Each chart element names its chart in data-chart.
(function () {
  "use strict";
  const font = '"Noto Sans CJK SC", "Noto Sans SC", sans-serif';

  function ranking(data) {
    const r = data.ranking;
    const names = r.cities.slice().reverse();
    const totals = r.totals.slice().reverse();
    const codes = r.codes.slice().reverse();
    return {
      textStyle: { fontFamily: font },
      grid: { left: 70, right: 40, top: 10, bottom: 24 },
      xAxis: { type: "value", max: 100 },
      yAxis: { type: "category", data: names },
      tooltip: { trigger: "axis" },
      series: [{
        type: "bar",
        data: totals.map((v, i) => ({
          value: v,
          itemStyle: { color: r.highlight && codes[i] === r.highlight ? "#c0392b" : "#0b5cad" },
        })),
        label: { show: true, position: "right", formatter: (p) => p.value.toFixed(1) },
      }],
    };
  }

  function radar(data) {
    const r = data.radar;
    // Many cities on one radar are unreadable: the four best are shown, the legend adds others.
    const selected = {};
    r.series.forEach((s, i) => { selected[s.name] = i < 4; });
    return {
      textStyle: { fontFamily: font },
      tooltip: {},
      legend: { type: "scroll", bottom: 0, selected },
      radar: { indicator: r.indicators, radius: "62%", center: ["50%", "48%"] },
      series: [{ type: "radar", data: r.series, areaStyle: r.series.length === 1 ? { opacity: 0.2 } : undefined }],
    };
  }

  function distribution(data) {
    // One series per city: the legend names every city and each point carries its city's
    // name (labels that would overlap are moved apart, the tooltip says the rest).
    const d = data.distribution;
    return {
      textStyle: { fontFamily: font },
      grid: { left: 50, right: 20, top: 20, bottom: 64 },
      legend: { type: "scroll", bottom: 0 },
      xAxis: { type: "category", data: d.categories },
      yAxis: { type: "value", min: 0, max: 100, name: "%" },
      tooltip: { formatter: (p) => p.seriesName + " · " + p.name + "：" + p.value + "%" },
      labelLayout: { moveOverlap: "shiftY" },
      series: d.cities.map((c) => ({
        name: c.name,
        type: "scatter",
        symbolSize: 10,
        data: c.values,
        itemStyle: { opacity: 0.8 },
        label: { show: true, position: "right", fontSize: 10, formatter: () => c.name },
      })),
    };
  }

  const builders = { ranking, radar, distribution };

  function init() {
    const source = document.getElementById("chart-data");
    if (!source || typeof echarts === "undefined") return;
    const data = JSON.parse(source.textContent);
    document.querySelectorAll("[data-chart]").forEach((el) => {
      const build = builders[el.dataset.chart];
      if (!build) return;
      const chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption(build(data));
      window.addEventListener("resize", () => chart.resize());
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
