/* 随手拍: the report form on a phone.
 * - a device id kept in localStorage and sent with the form (the server stores only its hash);
 * - photos added one pick at a time (the camera gives one per pick), up to the limit, with previews;
 * - the position: tap the map to drop a pin (drag it to adjust), or "使用我的位置"; without a tile
 *   server (MAP_TILE_URL empty) the map is a plain graticule, as on the sites map;
 * - one submission at a time.
 * Reads #map-config and #map-text (JSON scripts). Works as a plain form without JavaScript.
 */
(function () {
  "use strict";

  var DEVICE_KEY = "chuangwen.citizen.device";

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : {};
  }

  function format(template, value) {
    return template.replace("%s", value);
  }

  /* ---- device id ---- */
  function randomId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function deviceId() {
    try {
      var id = window.localStorage.getItem(DEVICE_KEY);
      if (!id || !/^[0-9a-f]{32}$/.test(id)) {
        id = randomId();
        window.localStorage.setItem(DEVICE_KEY, id);
      }
      return id;
    } catch (e) {
      return "";  // private mode or storage disabled: the phone and address limits still hold
    }
  }

  /* ---- photos ---- */
  function setupPhotos(input) {
    var button = document.querySelector(".photo-button");
    var previews = document.getElementById("photo-previews");
    var max = parseInt(input.dataset.max || "6", 10);
    var canMerge = typeof DataTransfer === "function";
    var kept = [];
    if (canMerge) {
      try { new DataTransfer(); } catch (e) { canMerge = false; }
    }
    if (!canMerge) return;  // the plain file input, one selection at a time
    input.classList.add("visually-hidden");
    button.hidden = false;

    function sync() {
      var transfer = new DataTransfer();
      kept.forEach(function (file) { transfer.items.add(file); });
      input.files = transfer.files;
      previews.textContent = "";
      kept.forEach(function (file, index) {
        var wrap = document.createElement("div");
        wrap.className = "photo-thumb-wrap";
        var img = document.createElement("img");
        img.className = "photo-thumb";
        img.alt = file.name;
        img.src = URL.createObjectURL(file);
        img.onload = function () { URL.revokeObjectURL(img.src); };
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn btn-sm btn-danger photo-remove";
        remove.setAttribute("aria-label", input.dataset.remove);
        remove.textContent = "×";
        remove.addEventListener("click", function () { kept.splice(index, 1); sync(); });
        wrap.appendChild(img);
        wrap.appendChild(remove);
        previews.appendChild(wrap);
      });
      button.classList.toggle("disabled", kept.length >= max);
    }

    input.addEventListener("change", function () {
      var picked = Array.prototype.slice.call(input.files || []);
      var room = max - kept.length;
      if (picked.length > room) window.alert(input.dataset.tooMany);
      kept = kept.concat(picked.slice(0, Math.max(room, 0)));
      sync();
    });
  }

  /* ---- the map ---- */
  function addBackground(map, config) {
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || "", maxZoom: 19 }).addTo(map);
      return;
    }
    var renderer = L.canvas({ padding: 0.5 });
    window.cwGraticule(map, renderer, "#c9d1d9");
  }

  function pinIcon() {
    return L.divIcon({
      className: "report-pin",
      html: '<svg width="28" height="40" viewBox="0 0 28 40" aria-hidden="true"><path d="M14 0C6.3 0 0 6.3 0 14c0 10.5 14 26 14 26s14-15.5 14-26C28 6.3 21.7 0 14 0z" fill="#b3261e" stroke="#fff" stroke-width="2"/><circle cx="14" cy="14" r="5" fill="#fff"/></svg>',
      iconSize: [28, 40],
      iconAnchor: [14, 40],
    });
  }

  function setupMap(node, text) {
    var config = readJson("map-config");
    var latInput = document.getElementById("id_lat"), lngInput = document.getElementById("id_lng");
    var status = document.getElementById("pin-status");
    var locate = document.getElementById("locate-button"), clear = document.getElementById("clear-pin");
    var map = L.map(node, { zoomControl: true, attributionControl: !!config.tileUrl, tap: true });
    var marker = null;
    node.leafletMap = map;
    map.setView(config.center, config.tileUrl ? 13 : 15);
    addBackground(map, config);
    if (!config.tileUrl && text.noTiles) {
      var hint = L.control({ position: "bottomleft" });
      hint.onAdd = function () {
        var box = L.DomUtil.create("div", "map-hint");
        box.textContent = text.noTiles;
        return box;
      };
      hint.addTo(map);
    }

    function show(latlng) {
      latInput.value = latlng.lat.toFixed(6);
      lngInput.value = latlng.lng.toFixed(6);
      status.textContent = format(text.picked, latInput.value + ", " + lngInput.value);
      node.setAttribute("data-pinned", "1");
      clear.hidden = false;
    }

    function place(latlng) {
      if (marker) {
        marker.setLatLng(latlng);
      } else {
        marker = L.marker(latlng, { icon: pinIcon(), draggable: true, keyboard: false }).addTo(map);
        marker.on("dragend", function () { show(marker.getLatLng()); });
      }
      show(marker.getLatLng());
    }

    map.on("click", function (event) { place(event.latlng); });
    clear.addEventListener("click", function () {
      if (marker) { map.removeLayer(marker); marker = null; }
      latInput.value = "";
      lngInput.value = "";
      status.textContent = text.none;
      node.removeAttribute("data-pinned");
      clear.hidden = true;
    });
    locate.addEventListener("click", function () {
      if (!navigator.geolocation) { status.textContent = text.unsupported; return; }
      status.textContent = text.locating;
      navigator.geolocation.getCurrentPosition(function (pos) {
        var here = L.latLng(pos.coords.latitude, pos.coords.longitude);
        map.setView(here, Math.max(map.getZoom(), 17));
        place(here);
        status.textContent = format(text.located, Math.round(pos.coords.accuracy));
      }, function () {
        status.textContent = text.failed;
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
    if (latInput.value && lngInput.value && !isNaN(parseFloat(latInput.value))) {
      var kept = L.latLng(parseFloat(latInput.value), parseFloat(lngInput.value));
      map.setView(kept, 17);
      place(kept);
    }
    node.setAttribute("data-ready", "1");
  }

  function setupSubmit(form) {
    var button = document.getElementById("report-submit");
    form.addEventListener("submit", function () {
      window.setTimeout(function () {
        button.disabled = true;
        button.textContent = button.dataset.sending;
      }, 0);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("report-form");
    if (!form) return;
    var text = readJson("map-text");
    document.getElementById("id_device").value = deviceId();
    setupPhotos(document.getElementById("id_photos"));
    setupSubmit(form);
    var node = document.getElementById("pick-map");
    if (node && typeof L !== "undefined") setupMap(node, text);
  });
})();
