// The case page (desk/case.html): after an action succeeds, htmx swaps the whole workspace,
// because the summary, the timeline and the allowed actions may all change. What the worker
// had typed in the *other* action forms would be lost with it; this keeps it. Only fields
// the worker changed are put back, and only in a form that is still offered, so a choice
// list that the action changed keeps its new default. A chosen file cannot be put back
// (browsers forbid it). The form that was sent starts empty, as after a normal post.
(function () {
  "use strict";

  var WORKSPACE = "case-workspace";
  var kept = null;

  function changed(field) {
    if (field.type === "checkbox" || field.type === "radio") {
      return field.checked !== field.defaultChecked;
    }
    if (field.tagName === "SELECT") {
      return Array.prototype.some.call(field.options, function (option) {
        return option.selected !== option.defaultSelected;
      });
    }
    return field.value !== field.defaultValue;
  }

  function typedIn(form) {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "hidden" || field.type === "file") { return; }
      if (field.type === "submit" || field.type === "button") { return; }
      if (!changed(field)) { return; }
      fields.push({
        name: field.name,
        value: field.value,
        checked: field.checked,
        selected: field.tagName === "SELECT" ? Array.prototype.filter.call(
          field.options, function (option) { return option.selected; }
        ).map(function (option) { return option.value; }) : null,
      });
    });
    return fields;
  }

  function putBack(form, fields) {
    fields.forEach(function (saved) {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name !== saved.name) { return; }
        if (field.type === "checkbox" || field.type === "radio") {
          if (field.value === saved.value) { field.checked = saved.checked; }
        } else if (field.tagName === "SELECT") {
          Array.prototype.forEach.call(field.options, function (option) {
            option.selected = saved.selected.indexOf(option.value) !== -1;
          });
        } else {
          field.value = saved.value;
        }
      });
    });
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    kept = null;
    var target = event.detail.target;
    if (!target || target.id !== WORKSPACE || !event.detail.shouldSwap) { return; }
    var sent = event.detail.requestConfig && event.detail.requestConfig.elt;
    kept = [];
    target.querySelectorAll("section[id^='action-'] form").forEach(function (form) {
      if (form === sent) { return; }
      var fields = typedIn(form);
      if (fields.length) { kept.push({ section: form.closest("section").id, fields: fields }); }
    });
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!kept) { return; }
    kept.forEach(function (entry) {
      var form = document.querySelector("#" + entry.section + " form");
      if (form) { putBack(form, entry.fields); }
    });
    kept = null;
  });
})();
