// Move keyboard and screen-reader focus to what a form submission produced: the
// confirmation after Enrol, Mark as complete or Submit, or a form's error summary. The
// element carries data-focus and tabindex="-1" in the HTML; this only calls focus() once
// the page has loaded (the CSP forbids inline script, so it is a file of its own).
(function () {
  "use strict";
  if (window.jengaFocusDone) { return; }
  window.jengaFocusDone = true;
  var target = document.querySelector("[data-focus]");
  if (target) { target.focus(); }
}());
