/* The dashboard's charts (ECharts, vendored) fed from the JSON the page embeds, sortable tables
   and tooltips showing each figure's formula. The charts draw only numbers the tables show. */
(function () {
  "use strict";
  var dataNode = document.getElementById("dash-data");
  var data = dataNode ? JSON.parse(dataNode.textContent) : null;
  var FONT = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",system-ui,sans-serif';
  var COLORS = ["#1d4f91", "#a4161a", "#d4a437", "#2e7d32", "#6b7280", "#7c3aed"];

  function chart(id, option) {
    var node = document.getElementById(id);
    if (!node || !window.echarts) return null;
    var c = window.echarts.init(node, null, { renderer: "svg" });
    option.textStyle = { fontFamily: FONT };
    option.color = option.color || COLORS;
    option.animation = false;
    c.setOption(option);
    window.addEventListener("resize", function () { c.resize(); });
    return c;
  }

  function draw() {
    if (!data) return;
    var f = data.funnel;
    chart("chart-funnel", {
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: f.labels, axisLabel: { fontSize: 11 } },
      series: [{ type: "bar", data: f.values, barMaxWidth: 16, label: { show: true, position: "right" } }]
    });
    var t = data.trends;
    chart("chart-trends", {
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: t.months, axisLabel: { fontSize: 11 } },
      yAxis: { type: "value", minInterval: 1 },
      series: t.series.map(function (s) { return { name: s.name, type: "line", data: s.values, symbolSize: 5 }; })
    });
    var u = data.units;
    chart("chart-units", {
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; } },
      xAxis: { type: "category", data: u.names, axisLabel: { interval: 0, rotate: u.names.length > 8 ? 35 : 0, fontSize: 11 } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: u.series.map(function (s) { return { name: s.name, type: "bar", data: s.values, barMaxWidth: 14 }; })
    });
    var colours = { overdue: "#dc3545", due_soon: "#ffc107", on_time: "#198754" };
    chart("chart-urgency", {
      tooltip: { trigger: "item" },
      legend: { bottom: 0 },
      series: [{ type: "pie", radius: ["40%", "68%"], top: -20, label: { formatter: "{c}" },
        data: data.urgency.map(function (d) { return { name: d.name, value: d.value, itemStyle: { color: colours[d.key] } }; }) }]
    });
  }

  function sortable(table) {
    table.querySelectorAll("th.sortable-th").forEach(function (th, col) {
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var asc = th.dataset.dir !== "asc";
        table.querySelectorAll("th.sortable-th").forEach(function (o) { delete o.dataset.dir; });
        th.dataset.dir = asc ? "asc" : "desc";
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col], y = b.cells[col];
          var r = th.dataset.sort === "num"
            ? parseFloat(x.dataset.value) - parseFloat(y.dataset.value)
            : x.textContent.trim().localeCompare(y.textContent.trim(), "zh-CN");
          return asc ? r : -r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw();
    document.querySelectorAll("table.sortable").forEach(sortable);
    if (window.bootstrap) {
      document.querySelectorAll('[data-bs-toggle="tooltip"]').forEach(function (el) {
        new window.bootstrap.Tooltip(el, { container: "body" });
      });
    }
  });
})();
