// Review page: pointing at a proposal lights up where the article mentions it, and the other way.
(function () {
  "use strict";
  function light(id, on) {
    document.querySelectorAll('[data-proposal="' + id + '"]').forEach(function (el) {
      el.classList.toggle("cj-lit", on);
    });
  }
  document.querySelectorAll(".cj-proposal").forEach(function (row) {
    var id = row.dataset.proposal;
    ["mouseenter", "focusin"].forEach(function (ev) { row.addEventListener(ev, function () { light(id, true); }); });
    ["mouseleave", "focusout"].forEach(function (ev) { row.addEventListener(ev, function () { light(id, false); }); });
  });
  document.querySelectorAll("mark[data-proposal]").forEach(function (mark) {
    mark.addEventListener("click", function () {
      var row = document.getElementById("proposal-" + mark.dataset.proposal);
      if (row) { row.scrollIntoView({ behavior: "smooth", block: "center" }); var input = row.querySelector("input, select"); if (input) { input.focus({ preventScroll: true }); } }
    });
  });
})();
