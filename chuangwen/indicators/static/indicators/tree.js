// Open or close every branch of the index tree ("全部展开" / "全部折叠").
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-tree-toggle]");
  if (!button) return;
  var open = button.getAttribute("data-tree-toggle") === "open";
  document.querySelectorAll("#tree-body details").forEach(function (d) { d.open = open; });
});
