// Quiz timer display (progressive enhancement). The server enforces the time limit;
// this only shows the minutes left. Answers sent shortly after the limit still count
// (docs/quizzes.md), so the learner is told to submit rather than losing the form.
(function () {
  "use strict";
  var timer = document.getElementById("quiz-timer");
  var form = document.getElementById("quiz-form");
  if (!timer || !form) { return; }
  var left = parseInt(timer.getAttribute("data-seconds-left"), 10);
  if (isNaN(left)) { return; }
  var end = Date.now() + left * 1000;
  var output = document.createElement("p");
  output.setAttribute("role", "timer");
  output.setAttribute("aria-live", "off");
  output.className = "quiz-countdown";
  timer.appendChild(output);
  var warned = false;
  function tick() {
    var seconds = Math.max(0, Math.round((end - Date.now()) / 1000));
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    output.textContent = "Time left: " + minutes + ":" + (rest < 10 ? "0" : "") + rest;
    if (seconds <= 60 && !warned) {
      warned = true;
      output.setAttribute("aria-live", "assertive");
    }
    if (seconds === 0) {
      output.textContent = "Time is up. Submit your answers now: questions left blank score 0.";
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
}());
