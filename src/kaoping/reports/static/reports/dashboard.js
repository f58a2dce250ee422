// Dashboard charts: every [data-chart] box names a <script type="application/json"> holding
// {title, unit, categories, series: [{name, data}], marks}. No inline script (CSP friendly).
(function () {
  "use strict";
  var COLOURS = { met: "#1b6e2d", error: "#b3261e", warning: "#d08700", none: "#9aa5b1" };
  var PALETTE = ["#0b5cad", "#9aa5b1", "#3a8f5c", "#d08700"];

  function option(spec) {
    var horizontal = spec.categories.length > 8 || spec.key === "attainment" || spec.key === "june_dec";
    var series = spec.series.map(function (s, i) {
      var data = s.data.map(function (v, j) {
        var mark = spec.marks && spec.marks[j];
        return mark ? { value: v, itemStyle: { color: COLOURS[mark] } } : v;
      });
      return {
        name: s.name, type: "bar", data: data, barMaxWidth: 22,
        itemStyle: { color: PALETTE[i % PALETTE.length] },
        label: { show: spec.categories.length <= 16, position: horizontal ? "right" : "top", fontSize: 10 },
        markLine: spec.key === "attainment" && i === 0
          ? { symbol: "none", data: [{ xAxis: 100, name: "目标" }], lineStyle: { color: "#111", type: "dashed" }, label: { formatter: "目标 100", position: "start" } }
          : undefined
      };
    });
    var cats = { type: "category", data: spec.categories, axisLabel: { interval: 0, fontSize: 11 }, inverse: horizontal };
    var vals = { type: "value", name: spec.unit, nameTextStyle: { fontSize: 11 } };
    return {
      textStyle: { fontFamily: "Noto Sans CJK SC, Microsoft YaHei, sans-serif" },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: spec.series.length > 1 ? { top: 0 } : undefined,
      grid: { left: horizontal ? 200 : 50, right: 60, top: spec.series.length > 1 ? 40 : 32, bottom: 30, containLabel: false },
      xAxis: horizontal ? vals : cats,
      yAxis: horizontal ? cats : vals,
      series: series,
      animation: false
    };
  }

  function draw() {
    if (typeof window.echarts === "undefined") return;
    document.querySelectorAll("[data-chart]").forEach(function (box) {
      var source = document.getElementById(box.getAttribute("data-chart"));
      if (!source) return;
      var spec = JSON.parse(source.textContent);
      var rows = spec.categories.length;
      var horizontal = rows > 8 || spec.key === "attainment" || spec.key === "june_dec";
      box.style.height = (horizontal ? Math.max(220, rows * 26 * spec.series.length + 70) : 300) + "px";
      var chart = window.echarts.init(box, null, { renderer: "svg" });
      chart.setOption(option(spec));
      window.addEventListener("resize", function () { chart.resize(); });
      box.setAttribute("data-ready", "1");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
