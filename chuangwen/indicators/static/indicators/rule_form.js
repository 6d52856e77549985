/* The checklist item form: show only the parameters the chosen scoring rule uses.
 * The rule kinds come from the json_script #rule-kinds ({deduction, grade, veto}). */
(function () {
  "use strict";
  var kind = document.getElementById("id_rule_kind"), source = document.getElementById("rule-kinds");
  if (!kind || !source) return;
  var kinds = JSON.parse(source.textContent);
  var rows = {};
  rows[kinds.deduction] = "row-deduction_per";
  rows[kinds.grade] = "row-grade_thresholds";
  rows[kinds.veto] = "row-veto_scope";
  function sync() {
    Object.keys(rows).forEach(function (k) {
      var row = document.getElementById(rows[k]);
      if (row) row.hidden = kind.value !== k;
    });
  }
  kind.addEventListener("change", sync);
  sync();
})();
