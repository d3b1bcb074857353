/* Charts of the talent gap page (人才供需分析): supply against demand, and the gap, per group.
   Reads the data the page wrote with json_script; ECharts is vendored (no CDN). */
(function () {
  "use strict";
  var source = document.getElementById("gap-data");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  if (!data.labels || !data.labels.length) return;
  // Largest gap at the top: ECharts draws category axes bottom-up.
  var labels = data.labels.slice().reverse();
  var supply = data.supply.slice().reverse();
  var demand = data.demand.slice().reverse();
  var gap = data.gap.slice().reverse();
  var axisLabel = { width: 160, overflow: "truncate" };
  var charts = [];

  var compareEl = document.getElementById("gap-chart-compare");
  if (compareEl) {
    var compare = echarts.init(compareEl);
    compare.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { data: [data.names.supply, data.names.demand] },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: labels, axisLabel: axisLabel },
      series: [
        { name: data.names.supply, type: "bar", data: supply, itemStyle: { color: "#1570ef" } },
        { name: data.names.demand, type: "bar", data: demand, itemStyle: { color: "#12a37f" } }
      ]
    });
    charts.push(compare);
  }

  var gapEl = document.getElementById("gap-chart-gap");
  if (gapEl) {
    var gapChart = echarts.init(gapEl);
    gapChart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: labels, axisLabel: { show: false } },
      series: [{
        name: data.names.gap,
        type: "bar",
        data: gap.map(function (v) {
          return { value: v, itemStyle: { color: v > 0 ? "#d92d20" : "#1570ef" } };
        }),
        label: { show: true, position: "right" }
      }]
    });
    charts.push(gapChart);
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
