/* A form is sent once. Clicking its button again while the page waits for the answer sent the
   form again and registered the record twice; now the second click sends nothing. htmx sends
   its own forms. The guard is lifted when the page is shown again (the back button) and after
   a while, for a form whose answer is a download that leaves the page as it was. */
(() => {
  "use strict";
  const RELEASE_AFTER_MS = 10000;
  const HTMX = "[hx-post],[hx-get],[hx-put],[hx-patch],[hx-delete]";

  function release(form) {
    delete form.dataset.cjSending;
    form.removeAttribute("aria-busy");
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method !== "post") return;
    if (event.defaultPrevented || form.matches(HTMX)) return;
    if (form.dataset.cjSending) {
      event.preventDefault();
      return;
    }
    form.dataset.cjSending = "1";
    form.setAttribute("aria-busy", "true");
    setTimeout(() => release(form), RELEASE_AFTER_MS);
  });

  window.addEventListener("pageshow", () => {
    document.querySelectorAll("form[data-cj-sending]").forEach(release);
  });
})();
