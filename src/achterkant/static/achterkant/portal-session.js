// Mijn gemeente: warn before the idle session ends, and let the citizen stay logged in.
// The server decides (15 minutes without a request); this script only counts along.
(function () {
  "use strict";
  var body = document.body;
  var left = parseInt(body.dataset.sessionSeconds || "0", 10);
  var warnAt = parseInt(body.dataset.sessionWarning || "120", 10);
  var dialog = document.getElementById("session-warning");
  if (!left || !dialog) { return; }
  var deadline = Date.now() + left * 1000;
  var countdown = dialog.querySelector("[data-countdown]");

  function minutes(seconds) {
    var m = Math.max(1, Math.ceil(seconds / 60));
    return m === 1 ? "1 minuut" : m + " minuten";
  }

  function tick() {
    var remaining = Math.round((deadline - Date.now()) / 1000);
    if (remaining <= 0) {
      window.location.href = body.dataset.sessionExpiredUrl;
      return;
    }
    if (remaining <= warnAt && !dialog.open) {
      countdown.textContent = minutes(remaining);
      dialog.showModal();
    } else if (dialog.open) {
      countdown.textContent = minutes(remaining);
    }
    window.setTimeout(tick, 1000);
  }

  dialog.querySelector("[data-keep]").addEventListener("click", function () {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    fetch(body.dataset.sessionKeepaliveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"X-CSRFToken": token ? token.value : ""}
    }).then(function (response) {
      if (!response.ok) { throw new Error("expired"); }
      return response.json();
    }).then(function (data) {
      deadline = Date.now() + data.seconds_left * 1000;
      dialog.close();
    }).catch(function () {
      window.location.href = body.dataset.sessionExpiredUrl;
    });
  });
  window.setTimeout(tick, 1000);
})();
