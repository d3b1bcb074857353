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

/* A picker (core.widgets.SearchSelect): a select that holds only the chosen unit or person, and
   a search box above it. Typed words ask the look-up endpoint (data-lookup) for a page of
   matches, which replace the options not chosen; "more" appends the next page. In a picker of
   several, a click adds or drops one option (no Ctrl needed). Without this script the box and
   its 查找 button are sent with the form, which comes back with the matches (core/widgets.py). */
(() => {
  "use strict";
  const DELAY_MS = 250;

  function setUp(box) {
    const input = box.querySelector("[data-cj-picker-query]");
    const find = box.querySelector("[data-cj-picker-find]");
    const more = box.querySelector("[data-cj-picker-more]");
    const status = box.querySelector("[data-cj-picker-status]");
    const select = box.querySelector("select");
    if (!input || !select || box.dataset.cjReady) return;
    box.dataset.cjReady = "1";
    // The words and the button are the page's business now, not the form's.
    input.removeAttribute("name");
    find.removeAttribute("name");
    find.type = "button";
    let timer = null;
    let page = 1;
    let asked = 0;
    let found = 0;

    function fill(results, append) {
      if (!append) {
        found = 0;
        for (const option of [...select.options]) {
          if (option.value !== "" && !option.selected) option.remove();
        }
      }
      const present = new Set([...select.options].map((option) => option.value));
      for (const row of results) {
        found += 1;
        const value = String(row.id);
        if (!present.has(value)) select.add(new Option(row.text, value));
      }
    }

    async function ask(wanted) {
      const ticket = ++asked;
      const url = new URL(box.dataset.lookup, window.location.href);
      url.searchParams.set("q", input.value.trim());
      url.searchParams.set("page", String(wanted));
      status.textContent = box.dataset.loading;
      let answer;
      try {
        const response = await fetch(url, {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!response.ok) throw new Error(String(response.status));
        answer = await response.json();
      } catch (error) {
        if (ticket === asked) status.textContent = box.dataset.failed;
        return;
      }
      if (ticket !== asked) return; // the reader has typed on: a later answer is awaited
      page = answer.page;
      fill(answer.results, wanted > 1);
      more.hidden = !answer.more;
      status.textContent = found ? box.dataset.found : box.dataset.none;
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => ask(1), DELAY_MS);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault(); // a search, not the form's submission
        clearTimeout(timer);
        ask(1);
      } else if (event.key === "ArrowDown") {
        event.preventDefault();
        select.focus();
      }
    });
    find.addEventListener("click", () => {
      clearTimeout(timer);
      ask(1);
    });
    more.addEventListener("click", () => ask(page + 1));
    if (select.multiple) {
      select.addEventListener("mousedown", (event) => {
        const option = event.target;
        if (!(option instanceof HTMLOptionElement)) return;
        event.preventDefault();
        option.selected = !option.selected;
        select.focus();
        select.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }
  }

  function setUpAll(root) {
    root.querySelectorAll("[data-cj-picker]").forEach(setUp);
  }

  setUpAll(document);
  document.addEventListener("htmx:load", (event) => setUpAll(event.detail.elt));
})();
