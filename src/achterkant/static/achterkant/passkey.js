// Passkeys (WebAuthn) as the second step of the staff log-in, and to add one.
// Talks to django-otp-webauthn's JSON views: begin (options) → browser → complete.
// No inline script (Content-Security-Policy): each [data-passkey] block carries its URLs.
(function () {
  "use strict";

  var TEXT = {
    unsupported: "Deze browser ondersteunt geen passkeys. Gebruik de code uit uw app.",
    busy: "Volg de stappen van uw browser of sleutel…",
    cancelled: "Dat is niet gelukt of u heeft het afgebroken. Probeer het opnieuw.",
    failed: "Dat is niet gelukt. Probeer het opnieuw of gebruik de code uit uw app.",
    done: "Gelukt. Even geduld…"
  };

  function toBuffer(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function post(url, token, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { throw new Error(data.detail || "server"); }
        return data;
      });
    });
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBuffer(item.id) });
    });
  }

  // The credential as the server's JSON views take it; only the response differs between
  // registering and verifying.
  function asJSON(credential, response) {
    return {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: response
    };
  }

  function register(options) {
    options.challenge = toBuffer(options.challenge);
    options.user.id = toBuffer(options.user.id);
    options.excludeCredentials = descriptors(options.excludeCredentials);
    return navigator.credentials.create({ publicKey: options }).then(function (credential) {
      var response = credential.response;
      return asJSON(credential, {
        clientDataJSON: toBase64url(response.clientDataJSON),
        attestationObject: toBase64url(response.attestationObject),
        transports: response.getTransports ? response.getTransports() : []
      });
    });
  }

  function verify(options) {
    options.challenge = toBuffer(options.challenge);
    options.allowCredentials = descriptors(options.allowCredentials);
    return navigator.credentials.get({ publicKey: options }).then(function (credential) {
      var response = credential.response;
      return asJSON(credential, {
        clientDataJSON: toBase64url(response.clientDataJSON),
        authenticatorData: toBase64url(response.authenticatorData),
        signature: toBase64url(response.signature),
        userHandle: response.userHandle ? toBase64url(response.userHandle) : null
      });
    });
  }

  function withNext(url, next) {
    if (!next) { return url; }
    var target = new URL(url, window.location.origin);
    target.searchParams.set("next", next);
    return target.pathname + target.search;
  }

  document.querySelectorAll("[data-passkey]").forEach(function (root) {
    var button = root.querySelector("[data-passkey-button]");
    var status = root.querySelector("[data-passkey-status]");
    var token = root.querySelector("input[name=csrfmiddlewaretoken]").value;
    var mode = root.dataset.passkey;
    if (!window.PublicKeyCredential || !navigator.credentials) {
      status.textContent = TEXT.unsupported;
      button.disabled = true;
      return;
    }
    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = TEXT.busy;
      var ceremony = mode === "register" ? register : verify;
      var done = root.dataset.doneUrl;
      post(root.dataset.beginUrl, token)
        .then(ceremony)
        .then(function (credential) {
          var complete = root.dataset.completeUrl;
          if (mode !== "register") { complete = withNext(complete, done); }
          return post(complete, token, credential);
        })
        .then(function (result) {
          status.textContent = TEXT.done;
          window.location.assign(mode === "register" ? done : (result.redirect_url || done));
        })
        .catch(function (error) {
          if (window.console) { console.warn("passkey:", error && error.name, error && error.message); }
          var cancelled = error && (error.name === "NotAllowedError" || error.name === "AbortError");
          status.textContent = cancelled ? TEXT.cancelled : TEXT.failed;
          button.disabled = false;
        });
    });
  });
})();
