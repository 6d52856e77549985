/* Maps of the round pages, on a Leaflet canvas:
 * - teams page: each team's route, a polyline through its sites in visiting order;
 * - progress page: sampled sites coloured by state and the positions the visits recorded,
 *   refreshed from the progress JSON every config.refreshSeconds (the tables too).
 * Reads #map-config, #map-text and the JSON scripts named by each map. Needs static/js/escape.js. */
(function () {
  "use strict";

  var STATE_COLORS = { todo: "#adb5bd", in_progress: "#f0ad00", passed: "#2da44e", failed: "#cf222e" };

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  /* Every user-typed value reaches the map as text (static/js/escape.js). */
  var el = window.cw.el;

  function format(template, value) { return template.replace("%s", value); }

  function baseMap(node, config, options) {
    var renderer = L.canvas({ padding: 0.5 });
    var map = L.map(node, Object.assign({ preferCanvas: true, renderer: renderer, attributionControl: !!config.tileUrl }, options || {}));
    map.setView(config.center, 12);
    if (config.tileUrl) L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || "", maxZoom: 19 }).addTo(map);
    else if (window.cwGraticule) window.cwGraticule(map, renderer, "#c9d1d9");
    node.leafletMap = map;
    return { map: map, renderer: renderer };
  }

  /* Teams page ------------------------------------------------------------------------------ */

  function routeMap(node, config) {
    var data = readJson(node.getAttribute("data-route"));
    if (!data || !data.stops.length) return;
    var base = baseMap(node, config, { scrollWheelZoom: false });
    var points = data.stops.map(function (s) { return [s.lat, s.lng]; });
    L.polyline(points, { renderer: base.renderer, color: data.color, weight: 3, opacity: 0.8 }).addTo(base.map);
    data.stops.forEach(function (s, i) {
      var marker = L.circleMarker([s.lat, s.lng], {
        renderer: base.renderer, radius: i === 0 ? 9 : 7, color: "#ffffff", weight: 2, fillColor: data.color, fillOpacity: 1,
      }).addTo(base.map);
      marker.bindTooltip(el("span", "", (s.seq || i + 1) + ". " + s.name + " · " + s.code));
    });
    base.map.fitBounds(L.latLngBounds(points), { padding: [20, 20], maxZoom: 16 });
    node.setAttribute("data-loaded", data.stops.length);
  }

  /* Progress page --------------------------------------------------------------------------- */

  function legend(map, text) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = el("div", "map-legend" + (window.innerWidth < 576 ? " collapsed" : ""));
      var title = el("div", "legend-title", text.legend + " ▾");
      title.addEventListener("click", function () { box.classList.toggle("collapsed"); });
      var items = el("div", "legend-items");
      Object.keys(STATE_COLORS).forEach(function (state) {
        var row = el("div"), swatch = el("span", "legend-swatch");
        swatch.style.background = STATE_COLORS[state];
        row.appendChild(swatch);
        row.appendChild(document.createTextNode(text[state]));
        items.appendChild(row);
      });
      var pos = el("div"), ring = el("span", "legend-swatch");
      ring.style.background = "#ffffff";
      ring.style.borderColor = "#1f2328";
      pos.appendChild(ring);
      pos.appendChild(document.createTextNode(text.position));
      items.appendChild(pos);
      box.appendChild(title);
      box.appendChild(items);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    control.addTo(map);
  }

  function popup(site, text) {
    var box = el("div");
    box.appendChild(el("div", "fw-semibold", site.name));
    box.appendChild(el("div", "text-muted", site.code + " · " + text[site.state]));
    if (site.visit) {
      var v = site.visit;
      box.appendChild(el("div", "", v.inspector + " · " + v.at));
      if (v.fails) box.appendChild(el("div", "text-danger", format(text.failed_items, v.fails)));
      if (v.far) box.appendChild(el("div", "text-warning", format(text.far, v.distance_m)));
      var link = el("a", "", text.open);
      link.href = v.url;
      box.appendChild(link);
    }
    return box;
  }

  function drawProgress(state, data, text) {
    var layer = state.layer, renderer = state.renderer;
    layer.clearLayers();
    var bounds = L.latLngBounds([]);
    data.sites.forEach(function (site) {
      var here = L.latLng(site.lat, site.lng);
      bounds.extend(here);
      var v = site.visit;
      if (v && v.lat !== null && v.lng !== null) {
        var at = L.latLng(v.lat, v.lng);
        if (v.far) {
          L.polyline([here, at], { renderer: renderer, color: "#cf222e", weight: 2, dashArray: "4 4", interactive: false }).addTo(layer);
          bounds.extend(at);
        }
        L.circleMarker(at, { renderer: renderer, radius: 3, color: v.far ? "#cf222e" : "#1f2328", weight: 2, fillColor: "#ffffff", fillOpacity: 1 })
          .bindPopup(function () { return popup(site, text); }).addTo(layer);
      }
      L.circleMarker(here, {
        renderer: renderer, radius: 6, color: "#ffffff", weight: 1.5, fillColor: STATE_COLORS[site.state], fillOpacity: 0.95,
      }).bindPopup(function () { return popup(site, text); }).addTo(layer);
    });
    return bounds;
  }

  function cell(row, className, value) {
    var td = el("td", className, value);
    row.appendChild(td);
    return td;
  }

  function teamRow(t, tag) {
    var row = el("tr");
    var name = cell(row, "", "");
    if (t.color) {
      var dot = el("span", "team-dot");
      dot.style.background = t.color;
      name.appendChild(dot);
    }
    name.appendChild(document.createTextNode(t.name));
    row.setAttribute("data-team", t.name);
    cell(row, "text-end c-done", t.done + "/" + t.total);
    cell(row, "text-end c-in-progress", t.in_progress);
    cell(row, "text-end c-remaining", t.remaining);
    cell(row, "text-end c-findings", t.with_findings);
    return row;
  }

  function findingItem(f) {
    var li = el("li", "list-group-item");
    var head = el("div", "d-flex gap-2");
    head.appendChild(el("span", "fw-semibold me-auto", f.site));
    head.appendChild(el("span", "text-muted text-nowrap", f.at));
    li.appendChild(head);
    li.appendChild(el("div", "", f.item + (f.count > 1 ? "（" + f.count + "）" : "") + (f.note ? " · " + f.note : "")));
    var foot = el("div", "text-muted", f.inspector + " · ");
    var visit = el("a", "", "↗");
    visit.href = f.visit_url;
    foot.appendChild(visit);
    if (f.problem) {
      foot.appendChild(document.createTextNode(" · "));
      if (f.problem_url) { var a = el("a", "", f.problem); a.href = f.problem_url; foot.appendChild(a); }
      else foot.appendChild(document.createTextNode(f.problem));
    }
    li.appendChild(foot);
    return li;
  }

  function updateTables(data, text) {
    var table = document.getElementById("progress-table");
    if (table) {
      var body = table.querySelector("tbody");
      body.replaceChildren.apply(body, data.teams.map(function (t) { return teamRow(t); }));
      var total = teamRow(data.total);
      total.id = "progress-total";
      table.querySelector("tfoot").replaceChildren(total);
    }
    var list = document.getElementById("findings-list");
    if (list) {
      var items = data.findings.map(findingItem);
      if (!items.length) items = [el("li", "list-group-item text-muted", text.none)];
      list.replaceChildren.apply(list, items);
    }
    var failed = document.getElementById("failed-items");
    if (failed) failed.textContent = data.failed_items;
    var updated = document.getElementById("progress-updated");
    if (updated) updated.textContent = format(text.updated, data.updated);
  }

  function progressMap(node, config) {
    var text = readJson("map-text") || {};
    var base = baseMap(node, config, {});
    var state = { layer: L.layerGroup().addTo(base.map), renderer: base.renderer };
    legend(base.map, text);
    var status = L.control({ position: "topright" }), box = el("div", "map-status d-none");
    status.onAdd = function () { return box; };
    status.addTo(base.map);
    function show(data, fit) {
      var bounds = drawProgress(state, data, text);
      if (fit && bounds.isValid()) base.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
      node.setAttribute("data-loaded", data.sites.length);
    }
    show(readJson("progress-initial"), true);
    function refresh() {
      fetch(config.dataUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
        .then(function (data) {
          box.classList.add("d-none");
          show(data, false);
          updateTables(data, text);
          node.setAttribute("data-refreshed", data.updated);
        })
        .catch(function () { box.textContent = text.failed_load; box.classList.remove("d-none"); });
    }
    node.refreshProgress = refresh;
    window.setInterval(refresh, (config.refreshSeconds || 30) * 1000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof L === "undefined") return;
    var config = readJson("map-config") || {};
    document.querySelectorAll(".route-map").forEach(function (node) { routeMap(node, config); });
    var progress = document.getElementById("progress-map");
    if (progress) progressMap(progress, config);
  });
})();
