/* A graticule for Leaflet maps served without a tile server: lines at a round step (10° down to
   0.0002°) chosen so that about six fit the view, redrawn as the view moves. Used by the sites'
   map, the citizens' report page and the overview (and its big screen). */
(function () {
  "use strict";
  var STEPS = [10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005, 0.0002];

  window.cwGraticule = function (map, renderer, color) {
    var lines = L.layerGroup().addTo(map);
    function draw() {
      lines.clearLayers();
      var b = map.getBounds();
      var span = Math.max(b.getEast() - b.getWest(), b.getNorth() - b.getSouth());
      var step = STEPS[STEPS.length - 1];
      for (var i = 0; i < STEPS.length; i++) {
        if (span / STEPS[i] >= 6) { step = STEPS[i]; break; }
      }
      var style = { renderer: renderer, color: color || "#c9d1d9", weight: 1, interactive: false };
      var south = Math.floor(b.getSouth() / step) * step, north = b.getNorth();
      var west = Math.floor(b.getWest() / step) * step, east = b.getEast();
      for (var lat = south; lat <= north + step; lat += step) {
        lines.addLayer(L.polyline([[lat, west - step], [lat, east + step]], style));
      }
      for (var lng = west; lng <= east + step; lng += step) {
        lines.addLayer(L.polyline([[south - step, lng], [north + step, lng]], style));
      }
    }
    map.on("moveend zoomend resize", draw);
    map.whenReady(draw);
    return lines;
  };
})();
