// Session timeout warning (SPEC S11): two minutes before the session expires, an alert
// offers to stay logged in; the button extends the session without leaving the page.
(function () {
  "use strict";
  var box = document.getElementById("session-warning");
  if (!box) { return; }
  var seconds = parseInt(box.dataset.seconds, 10);
  var warnAfter = Math.max(seconds - 120, 0) * 1000;
  var timers = [];
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]*)/);
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return m ? decodeURIComponent(m[1]) : (field ? field.value : "");
  }
  function schedule() {
    timers.forEach(clearTimeout);
    timers = [
      setTimeout(function () { box.hidden = false; }, warnAfter),
      setTimeout(function () { window.location.href = box.dataset.login + "?next=" + encodeURIComponent(window.location.pathname); }, seconds * 1000)
    ];
  }
  document.getElementById("session-extend").addEventListener("click", function () {
    fetch(box.dataset.url, { method: "POST", headers: { "X-CSRFToken": csrf() }, credentials: "same-origin" })
      .then(function (r) { if (r.ok) { box.hidden = true; schedule(); } });
  });
  schedule();
}());
