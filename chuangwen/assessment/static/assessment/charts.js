/* Assessment charts: horizontal score bars per peer group and a unit's trend line (ECharts).
   Each chart is a [data-chart] element naming the json_script that holds its data. */
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  var textEl = document.getElementById("chart-text");
  var text = textEl ? JSON.parse(textEl.textContent) : {};
  var COLORS = { red: "#b5271f", black: "#343a40", "": "#7d9cc4" };

  /* ECharts puts a formatter's string into the page as HTML: round titles are typed by the office,
     so every value goes through the one escape helper (static/js/escape.js). */
  var escapeHtml = window.cw.escapeHtml;

  function bars(data) {
    return {
      grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", min: 0, max: 100, interval: 25 },
      yAxis: {
        type: "category", inverse: true, data: data.names,
        axisLabel: { width: 96, overflow: "truncate" }, axisTick: { show: false }
      },
      series: [{
        type: "bar", name: text.score || "", barMaxWidth: 18,
        data: data.scores.map(function (value, i) {
          return { value: value, itemStyle: { color: COLORS[data.boards[i]] || COLORS[""] } };
        }),
        label: { show: true, position: "right", formatter: function (p) { return p.value.toFixed(2); } }
      }]
    };
  }

  function trend(data) {
    return {
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        formatter: function (items) {
          var p = items[0], i = p.dataIndex;
          var rank = data.ranks[i] ? " · " + (text.rank || "") + " " + data.ranks[i] + "/" + data.of[i] : "";
          return escapeHtml(data.titles[i]) + "<br>" + escapeHtml((text.score || "") + " " + p.value.toFixed(2) + rank);
        }
      },
      xAxis: { type: "category", data: data.labels, axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", scale: true, max: 100 },
      series: [{
        type: "line", name: text.score || "", data: data.scores, symbolSize: 8,
        itemStyle: { color: "#b5271f" },
        label: { show: data.scores.length <= 12, position: "top", formatter: function (p) { return p.value.toFixed(1); } }
      }]
    };
  }

  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var source = document.getElementById(el.dataset.chart);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var chart = echarts.init(el, null, { renderer: "canvas" });
    chart.setOption(el.dataset.kind === "trend" ? trend(data) : bars(data));
    charts.push(chart);
  });
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () { charts.forEach(function (c) { c.resize(); }); }, 100);
  });
})();
