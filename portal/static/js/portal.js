// What the user sees when an htmx request fails. htmx leaves the page as it was on a server
// error (5xx), on a refusal it is not told to show, and when the connection is lost, so
// without this a click would seem to do nothing. The texts come translated from the
// server, as data attributes of the messages region (an aria-live region, so that a screen
// reader announces them too); what was typed stays in the form, which is not swapped, and
// its button is usable for another try.
(function () {
  "use strict";

  var FAILURE_CLASS = "message--request-failed";

  function messages() {
    return document.getElementById("messages");
  }

  function clearFailure() {
    var region = messages();
    if (!region) {
      return;
    }
    region.querySelectorAll("." + FAILURE_CLASS).forEach(function (old) {
      old.remove();
    });
  }

  function showFailure(kind) {
    var region = messages();
    if (!region || !region.dataset[kind]) {
      return;
    }
    clearFailure();
    var message = document.createElement("p");
    message.className = "message message--error " + FAILURE_CLASS;
    message.textContent = region.dataset[kind];
    region.appendChild(message);
  }

  // A new attempt starts afresh; if it fails too, the message is shown (and announced) again.
  document.addEventListener("htmx:beforeRequest", clearFailure);
  // A refusal the page does not show itself (a 403 or 404: the page may be out of date)
  // asks for a reload; anything else is the server's failure.
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 500;
    showFailure(status >= 400 && status < 500 ? "requestRefused" : "serverError");
  });
  document.addEventListener("htmx:sendError", function () {
    showFailure("connectionLost");
  });
  document.addEventListener("htmx:timeout", function () {
    showFailure("connectionLost");
  });
})();
