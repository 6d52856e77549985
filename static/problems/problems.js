// Problem pages: select all rows for a bulk action, no double submit, "use my position".
(function () {
  "use strict";
  document.querySelectorAll("[data-select-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll('input[name="ids"]').forEach(function (row) { row.checked = box.checked; });
    });
  });
  document.querySelectorAll("form.action-form, #create-form, #bulk-form").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll('button[type="submit"]').forEach(function (b) {
        window.setTimeout(function () { b.disabled = true; }, 0);
      });
    });
  });
  // A refused action: bring its form, with the message, into view (the page reloads at the top).
  var failed = document.querySelector(".action-card.failed");
  if (failed) {
    failed.scrollIntoView({ block: "start" });
  }
  var locate = document.getElementById("locate-button");
  if (locate && navigator.geolocation) {
    var status = document.getElementById("locate-status");
    locate.addEventListener("click", function () {
      status.textContent = locate.dataset.locating;
      navigator.geolocation.getCurrentPosition(function (pos) {
        document.getElementById("id_lat").value = pos.coords.latitude.toFixed(6);
        document.getElementById("id_lng").value = pos.coords.longitude.toFixed(6);
        status.textContent = "±" + Math.round(pos.coords.accuracy) + " m";
      }, function () { status.textContent = locate.dataset.failed; }, { enableHighAccuracy: true, timeout: 15000 });
    });
  } else if (locate) {
    locate.hidden = true;
  }
})();
