// The desk's contact form (360° view): the fields of a callback request show only when
// the outcome is "terugbelverzoek", the referral field only for "doorverwezen". Without
// this script every field shows, and the server ignores the callback fields of any other
// outcome (desk.forms_kcc.ContactForm.clean), so nothing depends on it.
(function () {
  "use strict";

  function sync(form) {
    var checked = form.querySelector("input[name=outcome]:checked");
    var outcome = checked ? checked.value : "";
    form.querySelectorAll("[data-outcome]").forEach(function (group) {
      // Hidden fields leave the tab order and the accessibility tree as well.
      group.hidden = group.getAttribute("data-outcome") !== outcome;
    });
  }

  function setUp() {
    document.querySelectorAll("form[data-outcome-form]").forEach(function (form) {
      if (form.hasAttribute("data-outcome-ready")) { return; }
      form.setAttribute("data-outcome-ready", "");
      form.addEventListener("change", function (event) {
        if (event.target.name === "outcome") { sync(form); }
      });
      sync(form);
    });
  }

  setUp();
  // A form that htmx puts on the page later is set up too.
  document.addEventListener("htmx:afterSettle", setUp);
})();
