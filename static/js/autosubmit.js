/* Forms that submit when a choice changes (the language switch): <select data-autosubmit>.
 * A listener here instead of an inline onchange attribute, which the Content-Security-Policy
 * (script-src-attr 'none') does not run. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!field.matches || !field.matches("[data-autosubmit]") || !field.form) return;
    if (field.form.requestSubmit) field.form.requestSubmit();
    else field.form.submit();
  });
})();
