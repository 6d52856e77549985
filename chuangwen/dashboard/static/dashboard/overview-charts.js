/* The overview's charts (ECharts): weekly problems, scores across rounds, sources, ranking bars.
 * CwOverviewCharts.create({dark, fontSize, text}) gives an object whose update(data) draws every
 * chart whose element is on the page (#chart-trend, #chart-scores, #chart-sources, #chart-ranking,
 * #chart-departments) from the JSON of /overview/data/, and redraws in place on the next update.
 */
(function () {
  "use strict";

  var BOARD_COLORS = { red: "#d9412f", black: "#3d4650", "": "#6f93c0" };
  var BOARD_COLORS_DARK = { red: "#ff6b5a", black: "#8a96a3", "": "#4fa3ff" };
  var SOURCE_COLORS = ["#d9412f", "#4f81bd", "#f0a030", "#3fa56b", "#8064a2", "#2fa8c6", "#c0504d", "#9bbb59"];

  /* ECharts puts a formatter's string into the page as HTML: every value goes through the one
     escape helper (static/js/escape.js). */
  var escapeHtml = window.cw.escapeHtml;

  function create(options) {
    var dark = !!options.dark;
    var size = options.fontSize || 12;
    var text = options.text || {};
    var charts = {};
    var axisColor = dark ? "#9fb3c8" : "#6c757d";
    var splitColor = dark ? "rgba(159,179,200,0.15)" : "#e9ecef";
    var labelColor = dark ? "#e6f0ff" : "#333";
    var boards = dark ? BOARD_COLORS_DARK : BOARD_COLORS;

    function chart(id) {
      var el = document.getElementById(id);
      if (!el) return null;
      if (!charts[id]) {
        charts[id] = echarts.init(el, dark ? "dark" : null, { renderer: "canvas" });
      }
      return charts[id];
    }

    function axis(extra) {
      var base = {
        axisLabel: { color: axisColor, fontSize: size },
        axisLine: { lineStyle: { color: axisColor } },
        splitLine: { lineStyle: { color: splitColor } },
      };
      return Object.assign(base, extra || {});
    }

    function trend(data) {
      var c = chart("chart-trend");
      if (!c) return;
      c.setOption({
        backgroundColor: "transparent",
        color: [dark ? "#4fa3ff" : "#6f93c0", dark ? "#3ddc97" : "#2e8b57"],
        grid: { left: 8, right: 12, top: 32, bottom: 4, containLabel: true },
        legend: { top: 0, textStyle: { color: labelColor, fontSize: size } },
        tooltip: { trigger: "axis" },
        xAxis: axis({ type: "category", data: data.labels, axisLabel: { color: axisColor, fontSize: size, hideOverlap: true } }),
        yAxis: axis({ type: "value", minInterval: 1 }),
        series: [
          { type: "bar", name: text.opened, data: data.opened, barMaxWidth: 18 },
          { type: "line", name: text.closed, data: data.closed, smooth: true, symbolSize: 6, areaStyle: { opacity: 0.15 } },
        ],
      });
    }

    function scores(data) {
      var c = chart("chart-scores");
      if (!c) return;
      c.setOption({
        backgroundColor: "transparent",
        grid: { left: 8, right: 16, top: 24, bottom: 4, containLabel: true },
        tooltip: {
          trigger: "axis",
          formatter: function (items) {
            var p = items[0];
            return escapeHtml(data.titles[p.dataIndex]) + "<br>" + escapeHtml(text.score) + " " + p.value.toFixed(2);
          },
        },
        xAxis: axis({ type: "category", data: data.labels, axisLabel: { color: axisColor, fontSize: size, hideOverlap: true } }),
        yAxis: axis({ type: "value", scale: true, max: 100 }),
        series: [{
          type: "line", name: text.score, data: data.scores, symbolSize: 7,
          itemStyle: { color: dark ? "#ffb547" : "#b3261e" },
          label: { show: data.scores.length <= 8, position: "top", color: labelColor, fontSize: size - 1,
                   formatter: function (p) { return p.value.toFixed(1); } },
        }],
      });
    }

    function sources(rows) {
      var c = chart("chart-sources");
      if (!c) return;
      c.setOption({
        backgroundColor: "transparent",
        grid: { left: 8, right: 44, top: 4, bottom: 4, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        xAxis: axis({ type: "value", minInterval: 1, splitNumber: 3 }),
        yAxis: axis({
          type: "category", inverse: true, data: rows.map(function (r) { return r.name; }),
          axisLabel: { color: labelColor, fontSize: size }, axisTick: { show: false },
        }),
        series: [{
          type: "bar", name: text.problemCount, barMaxWidth: 14,
          data: rows.map(function (r, i) {
            return { value: r.value, itemStyle: { color: SOURCE_COLORS[i % SOURCE_COLORS.length], borderRadius: [0, 3, 3, 0] } };
          }),
          label: { show: true, position: "right", color: labelColor, fontSize: size - 1 },
        }],
      }, true);
    }

    function bars(id, group) {
      var c = chart(id);
      if (!c || !group) return;
      c.setOption({
        backgroundColor: "transparent",
        grid: { left: 8, right: 52, top: 4, bottom: 4, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        xAxis: axis({ type: "value", min: 0, max: 100, interval: 25, splitNumber: 4 }),
        yAxis: axis({
          type: "category", inverse: true, data: group.names,
          axisLabel: { color: labelColor, fontSize: size, width: options.labelWidth || 96, overflow: "truncate" },
          axisTick: { show: false },
        }),
        series: [{
          type: "bar", name: text.score, barMaxWidth: 16, cursor: "pointer",
          data: group.scores.map(function (value, i) {
            return { value: value, itemStyle: { color: boards[group.boards[i]] || boards[""], borderRadius: [0, 3, 3, 0] } };
          }),
          label: { show: true, position: "right", color: labelColor, fontSize: size - 1,
                   formatter: function (p) { return p.value.toFixed(2); } },
        }],
      }, true);
      c.off("click");
      c.on("click", function (p) {
        var url = group.urls[p.dataIndex];
        if (url) window.location.href = url;
      });
    }

    function update(data) {
      trend(data.trend);
      if (data.scores.scores.length) scores(data.scores);
      if (data.sources.length) sources(data.sources);
      bars("chart-ranking", data.ranking.main);
      bars("chart-departments", data.ranking.departments);
    }

    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        Object.keys(charts).forEach(function (id) { charts[id].resize(); });
      }, 100);
    });

    return { update: update, charts: charts };
  }

  window.CwOverviewCharts = { create: create };
})();
