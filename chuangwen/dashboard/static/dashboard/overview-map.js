/* The map of the city (一张图): sites coloured by their latest inspection result, open problems in
 * clusters (leaflet.markercluster), the districts (or a district's streets) boxed and clickable, and
 * a layer switch. Works without a tile server (settings.MAP_TILE_URL empty): a graticule on a plain
 * background, as static/sites/map.js does. Circle markers on one canvas keep thousands of sites fluid.
 *
 * CwOverviewMap.create(node, {config, text, dark, layersControl, zoomControl, legendPosition, onLoad,
 * onError}) → {load(url)}; load()
 * again redraws in place (the big screen refreshes it). The JSON is /overview/map/:
 *   sites:    [id, lat, lng, state (0 not inspected, 1 passed, 2 failed), name, group id, date]
 *   problems: [id, lat, lng, severity (0 urgent … 3 minor), overdue (0/1), code, text, group id]
 *   groups:   [{id, name, url}]
 * Needs static/js/escape.js.
 */
(function () {
  "use strict";

  var LIGHT = { none: "#a3adb8", pass: "#2e9d57", fail: "#d9412f", problem: "#f08c00", overdue: "#b3261e",
                grid: "#d5dbe1", box: "#8c99a6", boxFill: "#ffffff", stroke: "#ffffff" };
  var DARK = { none: "#4d5d70", pass: "#35d58f", fail: "#ff5a4f", problem: "#ffb547", overdue: "#ff3b30",
               grid: "rgba(120,160,200,0.16)", box: "#3f6f9f", boxFill: "#10243d", stroke: "#0b1a2e" };

  /* Every user-typed value reaches the map as text (static/js/escape.js). */
  var el = window.cw.el;

  function fmt(template) {
    var args = Array.prototype.slice.call(arguments, 1), i = 0;
    return template.replace(/%s/g, function () { return args[i++]; });
  }

  function addBackground(map, config, renderer, colors) {
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || "", maxZoom: 19 }).addTo(map);
      return;
    }
    window.cwGraticule(map, renderer, colors.grid);
  }

  function create(node, options) {
    var config = options.config || {}, text = options.text || {};
    var colors = options.dark ? DARK : LIGHT;
    var renderer = L.canvas({ padding: 0.5 });
    var map = L.map(node, {
      preferCanvas: true, renderer: renderer, attributionControl: !!config.tileUrl, zoomSnap: 0.25, maxZoom: 19,
      zoomControl: options.zoomControl !== false,
    });
    node.leafletMap = map;
    map.setView(config.center || [30.6, 114.3], 11);
    addBackground(map, config, renderer, colors);

    var layers = {
      groups: L.layerGroup().addTo(map),
      none: L.layerGroup().addTo(map),
      pass: L.layerGroup().addTo(map),
      fail: L.layerGroup().addTo(map),
      problems: L.markerClusterGroup({
        showCoverageOnHover: false, maxClusterRadius: 48, spiderfyOnMaxZoom: true, chunkedLoading: true,
        iconCreateFunction: clusterIcon,
      }).addTo(map),
    };
    var legend = legendControl();
    if (options.layersControl !== false) {
      var overlays = {};
      /* Leaflet's layer switch takes its labels as HTML. */
      overlays[swatch(colors.pass) + window.cw.escapeHtml(text.passed)] = layers.pass;
      overlays[swatch(colors.fail) + window.cw.escapeHtml(text.failed)] = layers.fail;
      overlays[swatch(colors.none) + window.cw.escapeHtml(text.notInspected)] = layers.none;
      overlays[swatch(colors.problem, true) + window.cw.escapeHtml(text.openProblems)] = layers.problems;
      overlays[window.cw.escapeHtml(text.groups)] = layers.groups;
      L.control.layers(null, overlays, { collapsed: window.innerWidth < 768, position: "topright" }).addTo(map);
    }
    var fitted = false;

    function swatch(color, square) {
      return '<span class="map-swatch' + (square ? " square" : "") + '" style="background:' + color + '"></span>';
    }

    function clusterIcon(cluster) {
      var markers = cluster.getAllChildMarkers(), overdue = 0;
      for (var i = 0; i < markers.length; i++) if (markers[i].options.overdue) overdue++;
      var n = cluster.getChildCount();
      var size = n < 10 ? 30 : n < 100 ? 38 : 46;
      var box = el("div");
      box.appendChild(el("span", "", String(n)));
      return L.divIcon({
        html: box, iconSize: L.point(size, size),
        className: "problem-cluster" + (overdue * 2 >= n ? " mostly-overdue" : "") + (options.dark ? " dark" : ""),
      });
    }

    function legendControl() {
      var control = L.control({ position: options.legendPosition || "bottomleft" });
      var box = el("div", "map-legend overview-legend" + (options.dark ? " dark" : ""));
      control.onAdd = function () {
        L.DomEvent.disableClickPropagation(box);
        return box;
      };
      control.addTo(map);
      return box;
    }

    function drawLegend(counts) {
      legend.textContent = "";
      [["pass", text.passed], ["fail", text.failed], ["none", text.notInspected]].forEach(function (row) {
        var line = el("div", "legend-item");
        var dot = el("span", "map-swatch");
        dot.style.background = colors[row[0]];
        line.appendChild(dot);
        line.appendChild(document.createTextNode(row[1] + " " + counts[row[0]]));
        legend.appendChild(line);
      });
      var line = el("div", "legend-item");
      var dot = el("span", "map-swatch square");
      dot.style.background = colors.problem;
      line.appendChild(dot);
      line.appendChild(document.createTextNode(text.openProblems + " " + counts.problems + "（" + text.overdue + " " + counts.overdue + "）"));
      legend.appendChild(line);
    }

    function sitePopup(row, url) {
      var box = el("div", "site-popup");
      box.appendChild(el("div", "popup-title", row[4]));
      var state = [text.notInspected, text.passed, text.failed][row[3]];
      box.appendChild(el("div", "popup-line", state + (row[6] ? " · " + text.lastInspected + " " + row[6] : "")));
      var link = el("a", "", text.detail);
      link.href = url.replace(/0\/$/, row[0] + "/");
      box.appendChild(link);
      return box;
    }

    function problemPopup(row, url) {
      var box = el("div", "site-popup");
      box.appendChild(el("div", "popup-title", row[5] + (row[4] ? " · " + text.overdue : "")));
      box.appendChild(el("div", "popup-line", row[6]));
      var link = el("a", "", text.detail);
      link.href = url.replace(/0\/$/, row[0] + "/");
      box.appendChild(link);
      return box;
    }

    function drawGroups(data, boxes) {
      data.groups.forEach(function (g) {
        var bounds = boxes[g.id];
        if (!bounds || !bounds.isValid()) return;
        var box = bounds.pad(0.03);
        var rect = L.rectangle(box, {
          renderer: renderer, color: colors.box, weight: 1, dashArray: "4 4", fillColor: colors.boxFill,
          fillOpacity: options.dark ? 0.35 : 0.3, interactive: !!g.url,
        });
        if (g.url) {
          rect.bindTooltip(el("span", "", text.drill + " · " + g.name), { sticky: true });
          rect.on("click", function () { window.location.href = g.url; });
        }
        layers.groups.addLayer(rect);
        var label = L.marker(box.getNorthWest(), {
          icon: L.divIcon({ className: "group-label" + (options.dark ? " dark" : ""), html: "", iconSize: null }),
          interactive: !!g.url, keyboard: !!g.url,
        });
        label.on("add", function () {
          var icon = label.getElement();
          if (!icon) return;
          icon.textContent = "";
          var a = el(g.url ? "a" : "span", "", g.name);
          if (g.url) { a.href = g.url; a.className = "group-link"; a.setAttribute("data-group", g.id); }
          icon.appendChild(a);
        });
        layers.groups.addLayer(label);
      });
    }

    function draw(data) {
      Object.keys(layers).forEach(function (k) { layers[k].clearLayers(); });
      var counts = { none: 0, pass: 0, fail: 0, problems: data.problems.length, overdue: 0 };
      var bounds = L.latLngBounds([]), boxes = {};
      var keys = ["none", "pass", "fail"];
      data.sites.forEach(function (row) {
        var latlng = L.latLng(row[1], row[2]), key = keys[row[3]];
        counts[key]++;
        bounds.extend(latlng);
        if (row[5]) (boxes[row[5]] = boxes[row[5]] || L.latLngBounds([])).extend(latlng);
        var marker = L.circleMarker(latlng, {
          renderer: renderer, radius: row[3] === 2 ? 5 : 4, color: colors.stroke, weight: 1,
          fillColor: colors[key], fillOpacity: row[3] === 0 ? 0.75 : 0.95,
        });
        marker.bindPopup(function () { return sitePopup(row, data.site_url); });
        layers[key].addLayer(marker);
      });
      var problemMarkers = [];
      data.problems.forEach(function (row) {
        var latlng = L.latLng(row[1], row[2]);
        if (row[4]) counts.overdue++;
        bounds.extend(latlng);
        var marker = L.circleMarker(latlng, {
          renderer: renderer, radius: 6, color: colors.stroke, weight: 1.5, overdue: !!row[4],
          fillColor: row[4] ? colors.overdue : colors.problem, fillOpacity: 0.95,
        });
        marker.bindPopup(function () { return problemPopup(row, data.problem_url); });
        problemMarkers.push(marker);
      });
      layers.problems.addLayers(problemMarkers);
      drawGroups(data, boxes);
      drawLegend(counts);
      if (!fitted && bounds.isValid()) {
        map.fitBounds(bounds, { padding: [16, 16], maxZoom: 15 });
        fitted = true;
      }
      node.setAttribute("data-sites", data.sites.length);
      node.setAttribute("data-problems", data.problems.length);
      node.setAttribute("data-loaded", "1");
      if (options.onLoad) options.onLoad(counts);
    }

    function load(url) {
      return fetch(url, { credentials: "same-origin", redirect: "manual", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status || "redirect");
          return response.json();
        })
        .then(draw)
        .catch(function (error) {
          if (!node.hasAttribute("data-loaded")) node.setAttribute("data-loaded", "error");
          if (options.onError) options.onError(error);
        });
    }

    return { map: map, load: load, format: fmt };
  }

  window.CwOverviewMap = { create: create, format: fmt };
})();
