// The desk's contact form (360° view): "Kies" on the proposal under the question fills
// the product field with the proposed product (desk.triage_views.contact_suggestion).
// The proposal itself comes with htmx; without JavaScript there is none, and the agent
// picks the product as before. Nothing is saved until the agent saves the contact.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-triage-product]");
    if (!button) { return; }
    var form = button.closest("form");
    var select = form && form.querySelector("select[name=product]");
    if (!select) { return; }
    var value = button.getAttribute("data-triage-product");
    var option = Array.prototype.find.call(select.options, function (item) {
      return item.value === value;
    });
    if (!option) { return; }  // not one of this form's products: leave the field alone
    select.value = value;
    select.dispatchEvent(new Event("change", { bubbles: true }));
    var status = form.querySelector("[data-triage-status]");
    if (status) { status.textContent = "Product ingevuld: " + option.textContent + "."; }
  });
})();
