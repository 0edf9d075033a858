// Passkeys and security keys (WebAuthn): adding one on the two-step verification page, and
// signing in with one. The server gives the options as JSON with base64url strings, which
// the browser's API wants as bytes; what the key answers goes back the same way. Listeners
// sit on the document, so pages that htmx swaps in work without running anything again.
(function () {
  "use strict";

  function toBytes(value) {
    var base64 = value.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) {
      base64 += "=";
    }
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // The token of the page as served: after a boosted sign-in the <body>'s hx-headers still
  // carry the token of the session before it, so each control carries its own.
  function csrfToken(element) {
    var input = element.querySelector("input[name=csrf_token]");
    return element.dataset.csrf || (input && input.value) || "";
  }

  function post(element, url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(element) },
      body: JSON.stringify(body || {}),
    }).then(function (response) {
      return response.json().then(function (data) {
        data.ok = response.ok;
        return data;
      });
    });
  }

  function showError(container, text) {
    var place = container.querySelector("[data-passkey-error]");
    if (!place) {
      return;
    }
    place.textContent = text;
    place.hidden = false;
    var field = container.querySelector("[data-passkey-field]");
    if (field) {
      field.classList.add("field--error");
    }
  }

  function supported() {
    return window.PublicKeyCredential && navigator.credentials;
  }

  function credentialJson(credential) {
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: { clientDataJSON: toBase64url(response.clientDataJSON) },
      clientExtensionResults: credential.getClientExtensionResults(),
    };
    if (response.attestationObject) {
      json.response.attestationObject = toBase64url(response.attestationObject);
      if (response.getTransports) {
        json.response.transports = response.getTransports();
      }
    } else {
      json.response.authenticatorData = toBase64url(response.authenticatorData);
      json.response.signature = toBase64url(response.signature);
      if (response.userHandle) {
        json.response.userHandle = toBase64url(response.userHandle);
      }
    }
    return json;
  }

  function register(form) {
    var name = form.querySelector("input[name=name]").value.trim();
    if (!supported()) {
      showError(form, form.dataset.unsupported);
      return;
    }
    post(form, form.dataset.optionsUrl, { name: name })
      .then(function (options) {
        if (!options.ok) {
          throw { shown: options.error };
        }
        options.challenge = toBytes(options.challenge);
        options.user.id = toBytes(options.user.id);
        (options.excludeCredentials || []).forEach(function (item) {
          item.id = toBytes(item.id);
        });
        return navigator.credentials.create({ publicKey: options });
      })
      .then(function (credential) {
        return post(form, form.dataset.addUrl, { name: name, credential: credentialJson(credential) });
      })
      .then(function (answer) {
        if (answer.redirect) {
          window.location.assign(answer.redirect);
        } else {
          showError(form, answer.error || form.dataset.failed);
        }
      })
      .catch(function (error) {
        showError(form, (error && error.shown) || form.dataset.failed);
      });
  }

  function signIn(button) {
    var container = button.closest("div") || document.body;
    if (!supported()) {
      showError(container, button.dataset.unsupported);
      return;
    }
    post(button, button.dataset.optionsUrl)
      .then(function (options) {
        options.challenge = toBytes(options.challenge);
        (options.allowCredentials || []).forEach(function (item) {
          item.id = toBytes(item.id);
        });
        return navigator.credentials.get({ publicKey: options });
      })
      .then(function (credential) {
        return post(button, button.dataset.verifyUrl, credentialJson(credential));
      })
      .then(function (answer) {
        if (answer.redirect) {
          window.location.assign(answer.redirect);
        } else {
          showError(container, answer.error || button.dataset.failed);
        }
      })
      .catch(function () {
        showError(container, button.dataset.failed);
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-passkey-register]");
    if (form) {
      event.preventDefault();
      event.stopPropagation();
      register(form);
    }
  }, true);

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-passkey-sign-in]");
    if (button) {
      event.preventDefault();
      signIn(button);
    }
  });
})();
