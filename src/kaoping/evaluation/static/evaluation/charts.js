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
    // name (labels that would overlap are moved apart, the tooltip says the rest). Within a
    // category each city has its own place across the band, so equal shares never hide
    // each other: the points stand on a hidden value axis under the category axis.
    const d = data.distribution;
    const n = d.cities.length;
    const band = Math.min(0.7, 0.07 * n);
    const across = (i) => (n > 1 ? -band / 2 + (band * i) / (n - 1) : 0);
    const last = d.categories.length - 0.5;
    return {
      textStyle: { fontFamily: font },
      grid: { left: 50, right: 20, top: 20, bottom: 64 },
      legend: { type: "scroll", bottom: 0 },
      xAxis: [
        { type: "category", data: d.categories },
        { type: "value", min: -0.5, max: last, show: false },
      ],
      // the y axis stands at the left edge, not at the hidden axis' 0 (the first category)
      yAxis: { type: "value", min: 0, max: 100, name: "%", axisLine: { onZero: false } },
      tooltip: {
        formatter: (p) => p.seriesName + " · " + d.categories[Math.round(p.value[0])] + "：" + p.value[1] + "%",
      },
      labelLayout: { moveOverlap: "shiftY" },
      series: d.cities.map((c, i) => ({
        name: c.name,
        type: "scatter",
        xAxisIndex: 1,
        symbolSize: 9,
        data: c.values.map((v, k) => [k + across(i), v]),
        itemStyle: { opacity: 0.85 },
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
