// Progressive enhancement: a Print button for the transcript (the browser's own print
// command works the same without it).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
