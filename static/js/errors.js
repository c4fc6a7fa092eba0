// A request htmx makes that fails (the server answers with an error, e.g. 503 while the
// database is away, or no answer at all) swaps nothing and, left to htmx, shows nothing: the
// user would think what they sent was saved. It is said in the live region base.html holds
// (#request-error, an alert while it says something), in the words its data attributes carry
// (translated there): for a request that sends something (POST and the like), that it was not
// saved (503: the service is away) or may not have been (any other error, or no answer), and
// that what was typed is still in the form, which stays as it was; for one that only reads,
// that the page could not be updated. The focus stays where it is. The message stays until it
// is closed, or until the element whose request failed succeeds (a poll, or the form sent
// again).
(function () {
  if (window.navpartnerErrors) return;
  window.navpartnerErrors = true;

  var failed = null; // the element whose request the message is about
  var focusBefore = null; // where the focus was, to return it when the message is closed

  function region() {
    return document.getElementById("request-error");
  }

  // The region is a live region from the start (aria-live="assertive" in the HTML: what is
  // put into one that has only just appeared may go unannounced); it is an alert only while
  // it says something, so that an empty one is no alert the server never meant.
  function clear() {
    var live = region();
    if (live) {
      live.replaceChildren();
      live.removeAttribute("role");
    }
    failed = null;
  }

  function show(elt, key) {
    var live = region();
    var text = live && live.getAttribute("data-" + key);
    if (!text) return;
    failed = elt;
    var shown = live.querySelector("[data-message]");
    if (shown && shown.textContent === text) return; // a poll failing again: said once
    focusBefore = document.activeElement;

    var message = document.createElement("p");
    message.className = "mb-0 flex-grow-1";
    message.setAttribute("data-message", "");
    message.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("aria-label", live.getAttribute("data-close"));
    close.addEventListener("click", function () {
      clear();
      if (focusBefore && focusBefore.isConnected) focusBefore.focus();
    });
    var alert = document.createElement("div");
    alert.className = "alert alert-danger shadow d-flex align-items-start gap-3 mb-3";
    alert.append(message, close);
    live.setAttribute("role", "alert");
    live.replaceChildren(alert);
  }

  // The element that made the request (event.detail.elt is the closest one still in the page
  // when a swap replaced it).
  function requester(event) {
    var config = event.detail.requestConfig;
    return (config && config.elt) || event.detail.elt;
  }

  function writes(event) {
    var verb = (event.detail.requestConfig && event.detail.requestConfig.verb) || "get";
    return verb.toLowerCase() !== "get";
  }

  document.addEventListener("htmx:responseError", function (event) {
    var unavailable = event.detail.xhr.status === 503;
    var key = (unavailable ? "unavailable" : "failed") + (writes(event) ? "-write" : "-read");
    show(requester(event), key);
  });

  document.addEventListener("htmx:sendError", function (event) {
    show(requester(event), writes(event) ? "failed-write" : "failed-read");
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful && failed && requester(event) === failed) clear();
  });
})();
