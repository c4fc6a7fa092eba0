// The discussion of a section (templates/agreements/section/_discussion.html). htmx itself
// puts the keyboard focus on what the server marked `autofocus` in the part it swapped in
// (the comment just posted, the thread just resolved or reopened). A form sent back with
// errors (400) is swapped in too, not dropped, and the focus goes to its first error.
(function () {
  if (window.navpartnerDiscussion) return;
  window.navpartnerDiscussion = true;

  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400 && event.detail.target.closest("#discussion")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:load", function (event) {
    var part = event.detail.elt;
    if (!part.closest || !part.closest("#discussion") || part.querySelector("[autofocus]")) return;
    var error = part.querySelector(".is-invalid, [role=alert]");
    if (!error) return;
    if (!error.matches("input, textarea, select, [tabindex]")) error.setAttribute("tabindex", "-1");
    error.focus();
  });
})();
