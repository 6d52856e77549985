/* The overview page: charts from the embedded JSON (#overview-data), the map from /overview/map/. */
(function () {
  "use strict";

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : {};
  }

  document.addEventListener("DOMContentLoaded", function () {
    var data = readJson("overview-data"), text = readJson("overview-text");
    var urls = readJson("overview-urls"), config = readJson("map-config");
    if (typeof echarts !== "undefined") {
      window.CwOverviewCharts.create({ text: text, fontSize: 12 }).update(data);
    }
    var node = document.getElementById("overview-map");
    if (!node || typeof L === "undefined") return;
    var summary = document.getElementById("map-summary");
    summary.textContent = text.loading;
    var map = window.CwOverviewMap.create(node, {
      config: config,
      text: text,
      onLoad: function (counts) {
        summary.textContent = window.CwOverviewMap.format(text.count, counts.none + counts.pass + counts.fail, counts.problems);
      },
      onError: function () { summary.textContent = text.failed_load; },
    });
    map.load(urls.map);
  });
})();
