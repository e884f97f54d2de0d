// Mijn gemeente: warn before the idle session ends, and let the citizen stay logged in.
// The server decides (15 minutes without a request); this script only counts along, and
// asks the server before it acts: another tab may have kept the session alive.
(function () {
  "use strict";
  var body = document.body;
  var left = parseInt(body.dataset.sessionSeconds || "0", 10);
  var warnAt = parseInt(body.dataset.sessionWarning || "120", 10);
  var dialog = document.getElementById("session-warning");
  if (!left || !dialog) { return; }
  var deadline = Date.now() + left * 1000;
  var countdown = dialog.querySelector("[data-countdown]");
  var token = document.querySelector("input[name=csrfmiddlewaretoken]");

  function minutes(seconds) {
    var m = Math.max(1, Math.ceil(seconds / 60));
    return m === 1 ? "1 minuut" : m + " minuten";
  }

  function ask(url, method) {
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: {"X-CSRFToken": token ? token.value : ""}
    }).then(function (response) { return response.json(); });
  }

  function ended() {
    // A form being filled in is posted: the server sees the session has ended and keeps
    // the answers as a draft for after the log-in. Elsewhere, go to the log-in page.
    var form = document.querySelector("form[data-keep-draft]");
    if (form) { form.submit(); } else { window.location.href = body.dataset.sessionExpiredUrl; }
  }

  function tick() {
    var remaining = Math.round((deadline - Date.now()) / 1000);
    if (remaining <= 0) {
      ask(body.dataset.sessionStatusUrl, "GET").then(function (data) {
        if (data.seconds_left > 0) {
          deadline = Date.now() + data.seconds_left * 1000;
          if (dialog.open) { dialog.close(); }
          window.setTimeout(tick, 1000);
        } else {
          ended();
        }
      }).catch(ended);
      return;
    }
    if (remaining <= warnAt) {
      countdown.textContent = minutes(remaining);
      if (!dialog.open) { dialog.showModal(); }
    }
    window.setTimeout(tick, 1000);
  }

  dialog.querySelector("[data-keep]").addEventListener("click", function () {
    ask(body.dataset.sessionKeepaliveUrl, "POST").then(function (data) {
      if (!(data.seconds_left > 0)) { throw new Error("ended"); }
      deadline = Date.now() + data.seconds_left * 1000;
      dialog.close();
    }).catch(ended);
  });
  window.setTimeout(tick, 1000);
})();
