// Triage: when the office picks another category, show the routing proposal for it.
(function () {
  var select = document.querySelector("#accept-form select[name=category]");
  var current = document.getElementById("proposal-current");
  if (!select || !current) return;
  var alternatives = document.querySelectorAll("[data-proposal-for]");
  function update() {
    var chosen = select.value;
    current.classList.toggle("d-none", chosen !== "" && chosen !== select.dataset.initial);
    alternatives.forEach(function (el) {
      el.classList.toggle("d-none", chosen === "" || chosen === select.dataset.initial || el.dataset.proposalFor !== chosen);
    });
  }
  select.dataset.initial = select.querySelector("option[selected]") ? select.querySelector("option[selected]").value : "";
  select.addEventListener("change", update);
  update();
})();
