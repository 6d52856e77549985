/* Sites on a Leaflet map: circle markers on a canvas, coloured by site type, with a legend.
 * Works without a tile server (settings.MAP_TILE_URL empty): the sites are drawn on a plain
 * background with a graticule and the districts' bounding boxes.
 * Reads its settings from the JSON scripts #map-config and #map-text. Needs static/js/escape.js.
 */
(function () {
  "use strict";


  function readJson(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : {};
  }

  /* Every user-typed value reaches the map as text (static/js/escape.js). */
  var el = window.cw.el;

  function format(template, value) {
    return template.replace("%s", value);
  }

  /* The base layer: tiles when configured, otherwise a graticule that follows the view. */
  function addBackground(map, config, renderer) {
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || "", maxZoom: 19 }).addTo(map);
      return;
    }
    window.cwGraticule(map, renderer, "#c9d1d9");
  }

  function statusControl(map, text) {
    var control = L.control({ position: "topright" });
    var box = el("div", "map-status", text.loading);
    control.onAdd = function () { return box; };
    control.addTo(map);
    return box;
  }

  function popupContent(feature, type, detailUrl, text) {
    var p = feature.properties;
    var box = el("div", "site-popup");
    box.appendChild(el("div", "popup-title", p.n));
    box.appendChild(el("div", "popup-line", (type ? type.name : "") + " · " + p.c + (p.off ? " · " + text.inactive : "")));
    if (p.a) box.appendChild(el("div", "popup-line", p.a));
    var link = el("a", "", text.detail);
    link.href = detailUrl.replace(/0\/$/, feature.id + "/");
    box.appendChild(link);
    return box;
  }

  function addLegend(map, types, counts, text) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = el("div", "map-legend" + (window.innerWidth < 576 ? " collapsed" : ""));
      var title = el("div", "legend-title", text.legend + " ▾");
      title.setAttribute("role", "button");
      title.tabIndex = 0;
      var items = el("div", "legend-items");
      types.forEach(function (t) {
        if (!counts[t.id]) return;
        var row = el("div", "legend-item");
        var dot = el("span", "type-dot");
        dot.style.background = t.color;
        row.appendChild(dot);
        row.appendChild(document.createTextNode(t.name + " " + counts[t.id]));
        items.appendChild(row);
      });
      function toggle() { box.classList.toggle("collapsed"); }
      title.addEventListener("click", toggle);
      title.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(); } });
      box.appendChild(title);
      box.appendChild(items);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    control.addTo(map);
  }

  function addDistrictBoxes(map, data, boxes, renderer) {
    var names = {};
    data.districts.forEach(function (d) { names[d.id] = d.name; });
    Object.keys(boxes).forEach(function (id) {
      if (!names[id]) return;
      var box = boxes[id].pad(0.03);
      L.rectangle(box, {
        renderer: renderer, color: "#8c99a6", weight: 1, dashArray: "4 4", fillColor: "#ffffff", fillOpacity: 0.35, interactive: false,
      }).addTo(map);
      L.tooltip({ permanent: true, direction: "right", offset: [0, 10], className: "district-label", opacity: 1, interactive: false })
        .setLatLng(box.getNorthWest())
        .setContent(el("span", "", names[id]))
        .addTo(map);
    });
  }

  function drawSites(map, data, config, text, renderer) {
    var types = {};
    data.types.forEach(function (t) { types[t.id] = t; });
    var counts = {}, boxes = {}, bounds = L.latLngBounds([]);
    var layer = L.layerGroup();
    data.features.forEach(function (f) {
      var c = f.geometry.coordinates, latlng = L.latLng(c[1], c[0]), p = f.properties, type = types[p.t];
      counts[p.t] = (counts[p.t] || 0) + 1;
      bounds.extend(latlng);
      if (p.d) { (boxes[p.d] = boxes[p.d] || L.latLngBounds([])).extend(latlng); }
      var marker = L.circleMarker(latlng, {
        renderer: renderer, radius: 5, color: "#ffffff", weight: 1,
        fillColor: type ? type.color : "#555555", fillOpacity: p.off ? 0.35 : 0.9,
      });
      marker.bindPopup(function () { return popupContent(f, type, config.detailUrl, text); });
      layer.addLayer(marker);
    });
    if (!config.tileUrl) addDistrictBoxes(map, data, boxes, renderer);
    layer.addTo(map);
    addLegend(map, data.types, counts, text);
    return bounds;
  }

  function fullMap(node) {
    var config = readJson("map-config"), text = readJson("map-text");
    var renderer = L.canvas({ padding: 0.5 });
    var map = L.map(node, { preferCanvas: true, renderer: renderer, attributionControl: !!config.tileUrl, zoomSnap: 0.25 });
    node.leafletMap = map;
    map.setView(config.center, 11);
    addBackground(map, config, renderer);
    var status = statusControl(map, text);
    fetch(config.geojsonUrl, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        var bounds = drawSites(map, data, config, text, renderer);
        if (data.features.length) {
          map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
          status.textContent = format(text.count, data.features.length);
        } else {
          status.textContent = text.empty;
        }
        node.setAttribute("data-loaded", data.features.length);
      })
      .catch(function () {
        status.textContent = text.failed;
        node.setAttribute("data-loaded", "error");
      });
  }

  function miniMap(node) {
    var config = readJson("map-config"), site = config.site;
    var renderer = L.canvas();
    var map = L.map(node, { preferCanvas: true, renderer: renderer, attributionControl: !!config.tileUrl, scrollWheelZoom: false });
    node.leafletMap = map;
    map.setView([site.lat, site.lng], 16);
    addBackground(map, config, renderer);
    L.circleMarker([site.lat, site.lng], { renderer: renderer, radius: 8, color: "#ffffff", weight: 2, fillColor: "#b3261e", fillOpacity: 0.95 })
      .bindTooltip(el("span", "", site.name), { permanent: true, direction: "top", offset: [0, -8] })
      .addTo(map);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") return;
    var full = document.getElementById("site-map"), mini = document.getElementById("site-mini-map");
    if (full) fullMap(full);
    if (mini) miniMap(mini);
  });
})();
