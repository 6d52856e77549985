// 我的督查任务: how far each site is from where the phone is now (no map service: a straight line).
(function () {
  "use strict";
  var script = document.getElementById("mine-script");
  var rows = document.querySelectorAll(".task-site[data-lat]");
  if (!script || !rows.length || !navigator.geolocation) {
    return;
  }
  function metres(lat1, lng1, lat2, lng2) {
    var rad = Math.PI / 180;
    var dp = (lat2 - lat1) * rad;
    var dl = (lng2 - lng1) * rad;
    var a = Math.pow(Math.sin(dp / 2), 2) + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.pow(Math.sin(dl / 2), 2);
    return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
  }
  navigator.geolocation.getCurrentPosition(function (pos) {
    rows.forEach(function (row) {
      var d = metres(pos.coords.latitude, pos.coords.longitude, parseFloat(row.dataset.lat), parseFloat(row.dataset.lng));
      var label = row.querySelector(".distance-from-me");
      label.textContent = d >= 1000
        ? script.dataset.km.replace("%(d)s", (d / 1000).toFixed(1))
        : script.dataset.m.replace("%(d)s", String(Math.round(d)));
      label.hidden = false;
    });
  }, function () { /* no position: the route order and addresses still guide */ }, { maximumAge: 300000, timeout: 15000 });
})();
