/* The office's round pages: confirmations, the covert switch that follows the kind, the sampling
 * rule rows and the member filter. Everything works without this script; it only helps. */
(function () {
  "use strict";

  function onReady(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  function confirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });
  }

  /* Covert visits and mock assessments are secret by default: the switch follows the kind until
   * the person touches it (then the hidden covert_touched field tells the server to keep it). */
  function covertSwitch() {
    var kind = document.getElementById("id_kind"), covert = document.getElementById("id_is_covert");
    var touched = document.getElementById("id_covert_touched");
    if (!kind || !covert || !touched) return;
    kind.addEventListener("change", function () {
      if (touched.value !== "1") covert.checked = kind.value !== "open";
    });
    covert.addEventListener("change", function () { touched.value = "1"; });
  }

  function ruleRows() {
    document.querySelectorAll("#rules-table tbody tr").forEach(function (row) {
      var mode = row.querySelector(".rule-mode"), value = row.querySelector(".rule-value");
      if (!mode || !value) return;
      function sync() {
        var random = mode.value === "count" || mode.value === "percent";
        value.disabled = !random;
        value.placeholder = mode.value === "percent" ? "%" : (random ? "n" : "");
      }
      mode.addEventListener("change", sync);
      sync();
    });
  }

  function memberFilters() {
    document.querySelectorAll(".member-filter").forEach(function (input) {
      var box = input.closest(".mb-2").querySelector(".member-box");
      input.addEventListener("input", function () {
        var text = input.value.trim().toLowerCase();
        box.querySelectorAll(".member-option").forEach(function (option) {
          option.hidden = text && option.getAttribute("data-text").toLowerCase().indexOf(text) < 0;
        });
      });
    });
  }

  onReady(function () {
    confirmations();
    covertSwitch();
    ruleRows();
    memberFilters();
  });
})();
