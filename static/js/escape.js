/* The one way a script puts a value into the page (loaded in the <head> of every layout).
 * Names of sites, units, teams, rounds and districts are typed by users: never hand them to
 * Leaflet (bindTooltip, bindPopup, setContent, divIcon html), ECharts formatters or innerHTML as
 * a string. Build a node with cw.el (the value becomes text) or, where a library insists on an
 * HTML string (an ECharts formatter), pass every value through cw.escapeHtml. */
(function () {
  "use strict";
  var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  /* The value as HTML text: & < > " ' become entities; null and undefined become "". */
  function escapeHtml(value) {
    if (value === undefined || value === null) return "";
    return String(value).replace(/[&<>"']/g, function (c) { return ENTITIES[c]; });
  }

  /* A new element whose text (never its HTML) is the value. */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  window.cw = Object.assign(window.cw || {}, { escapeHtml: escapeHtml, el: el });
})();
