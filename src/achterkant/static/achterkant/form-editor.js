// The e-loket form editor in the admin (catalog.form_editor): the case type's form as a list
// of fields, with a live preview rendered by the server as the citizen sees it.
// The JSON stays in the field's own textarea: this script only writes it, the server checks
// it. Without this script the textarea is the whole editor. No inline script (CSP): each
// [data-form-editor] block carries its URLs and choices as data attributes.
(function () {
  "use strict";

  var TEXT = {
    add: "Veld toevoegen",
    exportJson: "JSON exporteren",
    importJson: "JSON importeren",
    jsonSummary: "JSON bekijken, plakken of aanpassen",
    intro: "Inleiding boven het formulier (niet verplicht)",
    empty: "Dit formulier heeft nog geen vragen. Zonder vragen kan de inwoner dit niet online aanvragen.",
    field: "Veld",
    up: "Omhoog",
    down: "Omlaag",
    remove: "Verwijderen",
    label: "Vraag",
    type: "Soort antwoord",
    name: "Technische naam",
    nameHelp: "Kleine letters, cijfers en _. Zo heet het antwoord in de zaak.",
    help: "Uitleg onder de vraag (niet verplicht)",
    required: "Verplicht",
    choices: "Keuzes, één per regel (minstens twee)",
    maxLength: "Maximaal aantal tekens (niet verplicht)",
    min: "Kleinste getal (niet verplicht)",
    max: "Grootste getal (niet verplicht)",
    prefill: "Vooraf invullen met",
    noPrefill: "— niet vooraf invullen —",
    description: "Dit antwoord is de korte omschrijving van de zaak",
    newLabel: "Nieuwe vraag",
    previewTitle: "Voorbeeld: zo ziet de inwoner het formulier",
    previewFrame: "Voorbeeld van het formulier",
    loading: "Voorbeeld bijwerken…",
    ok: "Het formulier is in orde.",
    problems: "Nog niet in orde: zie de meldingen in rood. Zo kunt u het zaaktype niet opslaan.",
    failed: "Het voorbeeld kon niet worden bijgewerkt. Probeer het opnieuw.",
    badJson: "De JSON is niet geldig. Verbeter die hieronder, of importeer een ander bestand.",
    badFile: "Dit bestand is geen geldige JSON van een formulier.",
    imported: "Het formulier uit het bestand staat klaar. Sla het zaaktype op om het te bewaren."
  };
  // Which extra settings each type has (catalog.form_definition checks the same).
  var HAS_MAX_LENGTH = ["text", "long_text"];
  var HAS_DESCRIPTION = ["text", "long_text", "choice"];
  var PREFILL_FOR = { text: ["name", "email", "phone"], address: ["address"] };
  var uid = 0;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; }
      else if (attrs[key] !== null && attrs[key] !== undefined && attrs[key] !== false) {
        node.setAttribute(key, attrs[key] === true ? "" : attrs[key]);
      }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function slug(text) {
    var value = (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
    if (!/^[a-z]/.test(value)) { value = "veld_" + value; }
    return value.slice(0, 40).replace(/_+$/, "");
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function FormEditor(root) {
    this.root = root;
    this.textarea = root.querySelector("textarea");
    this.form = root.closest("form");
    this.types = JSON.parse(root.getAttribute("data-types"));
    this.prefill = JSON.parse(root.getAttribute("data-prefill"));
    this.previewUrl = root.getAttribute("data-preview-url");
    this.autoNamed = new WeakSet();
    this.sequence = 0;
    this.timer = null;
    this.build();
    this.load(this.textarea.value, false);
  }

  FormEditor.prototype.build = function () {
    var self = this;
    var jsonPanel = this.root.querySelector("[data-json-panel]");
    var help = this.root.querySelector("[data-nojs-help]");
    if (help) { help.hidden = true; }
    this.errors = el("div", { "class": "achterkant-form-editor__errors", "data-testid": "form-editor-errors", "aria-live": "polite" });
    var introId = "afe-intro-" + (++uid);
    this.intro = el("textarea", { id: introId, rows: 2, "data-testid": "form-editor-intro" });
    this.intro.addEventListener("input", function () {
      self.definition.intro = self.intro.value;
      self.changed();
    });
    this.list = el("ol", { "class": "achterkant-form-editor__fields", "data-testid": "form-editor-fields" });
    this.emptyNote = el("p", { "class": "help", text: TEXT.empty });
    var add = el("button", { type: "button", "class": "button", "data-testid": "form-editor-add", text: TEXT.add });
    add.addEventListener("click", function () { self.addField(); });
    var exportButton = el("button", { type: "button", "class": "button", text: TEXT.exportJson });
    exportButton.addEventListener("click", function () { self.exportJson(); });
    var file = el("input", { type: "file", accept: ".json,application/json", "class": "achterkant-form-editor__file", "data-testid": "form-editor-import" });
    file.addEventListener("change", function () { self.importFile(file); });
    var importLabel = el("label", { "class": "button achterkant-form-editor__import" }, [document.createTextNode(TEXT.importJson), file]);
    var details = el("details", { "class": "achterkant-form-editor__json" }, [el("summary", { text: TEXT.jsonSummary })]);
    details.appendChild(jsonPanel);
    this.textarea.addEventListener("input", function () {
      clearTimeout(self.timer);
      self.timer = setTimeout(function () { self.load(self.textarea.value, true); }, 400);
    });
    this.status = el("p", { "class": "achterkant-form-editor__status", "aria-live": "polite", "data-testid": "form-editor-status" });
    this.frame = el("iframe", {
      "class": "achterkant-form-editor__frame", sandbox: "allow-same-origin",
      title: TEXT.previewFrame, "data-testid": "form-preview"
    });
    this.frame.addEventListener("load", function () { self.fitFrame(); });
    var edit = el("div", { "class": "achterkant-form-editor__edit" }, [
      this.errors,
      el("div", { "class": "achterkant-form-editor__setting" }, [
        el("label", { "for": introId, text: TEXT.intro }), this.intro
      ]),
      this.list, this.emptyNote,
      el("div", { "class": "achterkant-form-editor__actions" }, [add, exportButton, importLabel]),
      details
    ]);
    var preview = el("div", { "class": "achterkant-form-editor__preview" }, [
      el("h3", { text: TEXT.previewTitle }), this.status, this.frame
    ]);
    this.root.appendChild(el("div", { "class": "achterkant-form-editor__columns" }, [edit, preview]));
    this.root.classList.add("achterkant-form-editor--ready");
  };

  // Read the JSON (from the textarea or a file) into the editor. A definition the editor
  // cannot show as fields leaves the JSON open for repair.
  FormEditor.prototype.load = function (text, fromTextarea) {
    var parsed;
    try { parsed = text.trim() ? JSON.parse(text) : {}; } catch (error) { parsed = undefined; }
    var usable = isObject(parsed) && (parsed.fields === undefined || Array.isArray(parsed.fields)) &&
      (parsed.fields || []).every(isObject);
    if (!usable) {
      this.showProblems([TEXT.badJson], {});
      this.root.querySelector("details").open = true;
      this.setEnabled(false);
      this.refreshPreview();
      return false;
    }
    this.definition = parsed;
    if (!Array.isArray(this.definition.fields)) { this.definition.fields = []; }
    this.autoNamed = new WeakSet();
    this.intro.value = typeof parsed.intro === "string" ? parsed.intro : "";
    this.setEnabled(true);
    this.render();
    if (fromTextarea) { this.refreshPreview(); } else { this.changed(); }
    return true;
  };

  FormEditor.prototype.setEnabled = function (enabled) {
    this.root.querySelectorAll(".achterkant-form-editor__edit > :not(details) button, .achterkant-form-editor__edit > :not(details) input, .achterkant-form-editor__edit > :not(details) select, .achterkant-form-editor__edit > :not(details) textarea")
      .forEach(function (node) { node.disabled = !enabled; });
  };

  // The JSON that is stored: {} for a form without questions, so "not online" stays simple.
  FormEditor.prototype.serialise = function () {
    var definition = this.definition;
    var out = {};
    Object.keys(definition).forEach(function (key) {
      if (key !== "intro" && key !== "fields") { out[key] = definition[key]; }
    });
    if (definition.intro) { out.intro = definition.intro; }
    if (definition.fields.length || Object.keys(out).length) { out.fields = definition.fields; }
    return JSON.stringify(out, null, 2);
  };

  FormEditor.prototype.changed = function () {
    this.textarea.value = this.serialise();
    this.emptyNote.hidden = this.definition.fields.length > 0;
    this.refreshPreview();
  };

  FormEditor.prototype.uniqueName = function (base, except) {
    var names = this.definition.fields.filter(function (f) { return f !== except; })
      .map(function (f) { return f.name; });
    var name = base;
    for (var n = 2; names.indexOf(name) !== -1; n++) {
      name = base.slice(0, 40 - String(n).length - 1) + "_" + n;
    }
    return name;
  };

  FormEditor.prototype.addField = function () {
    var field = { name: this.uniqueName(slug(TEXT.newLabel)), label: TEXT.newLabel, type: "text", required: true };
    this.definition.fields.push(field);
    this.autoNamed.add(field);
    this.render();
    this.changed();
    var inputs = this.list.querySelectorAll("[data-key='label']");
    var input = inputs[inputs.length - 1];
    input.focus();
    input.select();
  };

  FormEditor.prototype.move = function (index, step) {
    var fields = this.definition.fields;
    var target = index + step;
    if (target < 0 || target >= fields.length) { return; }
    fields.splice(target, 0, fields.splice(index, 1)[0]);
    this.render();
    this.changed();
    var card = this.list.children[target];
    var button = card.querySelector(step < 0 ? "[data-move='up']" : "[data-move='down']");
    (button && !button.disabled ? button : card.querySelector("[data-key='label']")).focus();
  };

  FormEditor.prototype.remove = function (index) {
    this.definition.fields.splice(index, 1);
    this.render();
    this.changed();
  };

  // Settings that do not fit the new type are dropped, so the JSON stays valid.
  FormEditor.prototype.setType = function (field, type) {
    field.type = type;
    if (type !== "choice") { delete field.choices; }
    if (HAS_MAX_LENGTH.indexOf(type) === -1) { delete field.max_length; }
    if (type !== "number") { delete field.min; delete field.max; }
    if ((PREFILL_FOR[type] || []).indexOf(field.prefill) === -1) { delete field.prefill; }
    if (HAS_DESCRIPTION.indexOf(type) === -1) { delete field.description; }
  };

  FormEditor.prototype.render = function () {
    var self = this;
    this.list.textContent = "";
    this.definition.fields.forEach(function (field, index) {
      self.list.appendChild(self.card(field, index));
    });
    this.emptyNote.hidden = this.definition.fields.length > 0;
  };

  FormEditor.prototype.card = function (field, index) {
    var self = this;
    var fields = this.definition.fields;
    var prefix = "afe-" + (++uid) + "-";
    var number = TEXT.field + " " + (index + 1);
    var item = el("li", { "class": "achterkant-form-editor__field", "data-testid": "form-editor-field" });

    function row(key, labelText, input, helpText) {
      input.id = prefix + key;
      input.setAttribute("data-key", key);
      var children = [el("label", { "for": input.id, text: labelText }), input];
      if (helpText) {
        input.setAttribute("aria-describedby", input.id + "-help");
        children.push(el("div", { "class": "help", id: input.id + "-help", text: helpText }));
      }
      return el("div", { "class": "achterkant-form-editor__setting" }, children);
    }
    function check(key, labelText) {
      var box = el("input", { type: "checkbox", id: prefix + key, "data-key": key, checked: !!field[key] });
      return el("div", { "class": "achterkant-form-editor__setting achterkant-form-editor__check" }, [
        box, el("label", { "for": box.id, "class": "vCheckboxLabel", text: labelText })
      ]);
    }
    function button(text, aria, handler, disabled, move) {
      var node = el("button", { type: "button", "class": "button", "aria-label": aria, disabled: disabled, "data-move": move, text: text });
      node.addEventListener("click", handler);
      return node;
    }

    var head = el("div", { "class": "achterkant-form-editor__head" }, [
      el("strong", { text: number }),
      el("span", { "class": "achterkant-form-editor__tools" }, [
        button(TEXT.up, number + " omhoog", function () { self.move(index, -1); }, index === 0, "up"),
        button(TEXT.down, number + " omlaag", function () { self.move(index, 1); }, index === fields.length - 1, "down"),
        button(TEXT.remove, number + " verwijderen", function () { self.remove(index); }, false, "remove")
      ])
    ]);
    item.appendChild(head);

    var label = el("input", { type: "text", maxlength: 200, "class": "vTextField" });
    label.value = field.label || "";
    var typeSelect = el("select", {});
    Object.keys(this.types).forEach(function (key) {
      typeSelect.appendChild(el("option", { value: key, selected: field.type === key, text: self.types[key] }));
    });
    if (!(field.type in this.types)) {
      typeSelect.insertBefore(el("option", { value: field.type || "", selected: true, text: String(field.type || "—") }), typeSelect.firstChild);
    }
    var name = el("input", { type: "text", maxlength: 40, "class": "vTextField", spellcheck: "false" });
    name.value = field.name || "";
    var help = el("input", { type: "text", maxlength: 500, "class": "vTextField" });
    help.value = field.help || "";
    var grid = el("div", { "class": "achterkant-form-editor__grid" }, [
      row("label", TEXT.label, label), row("type", TEXT.type, typeSelect),
      row("name", TEXT.name, name, TEXT.nameHelp), row("help", TEXT.help, help)
    ]);
    item.appendChild(grid);
    item.appendChild(check("required", TEXT.required));

    var type = field.type;
    if (type === "choice") {
      var choices = el("textarea", { rows: 3 });
      choices.value = (Array.isArray(field.choices) ? field.choices : []).join("\n");
      item.appendChild(row("choices", TEXT.choices, choices));
    }
    if (HAS_MAX_LENGTH.indexOf(type) !== -1) {
      var maxLength = el("input", { type: "number", min: 1, max: 10000, step: 1, "class": "vIntegerField" });
      maxLength.value = field.max_length === undefined ? "" : field.max_length;
      item.appendChild(row("max_length", TEXT.maxLength, maxLength));
    }
    if (type === "number") {
      var min = el("input", { type: "number", step: "0.01", "class": "vIntegerField" });
      min.value = field.min === undefined ? "" : field.min;
      var max = el("input", { type: "number", step: "0.01", "class": "vIntegerField" });
      max.value = field.max === undefined ? "" : field.max;
      item.appendChild(el("div", { "class": "achterkant-form-editor__grid" }, [row("min", TEXT.min, min), row("max", TEXT.max, max)]));
    }
    if (PREFILL_FOR[type]) {
      var prefill = el("select", {}, [el("option", { value: "", text: TEXT.noPrefill })]);
      PREFILL_FOR[type].forEach(function (key) {
        prefill.appendChild(el("option", { value: key, selected: field.prefill === key, text: self.prefill[key] }));
      });
      item.appendChild(row("prefill", TEXT.prefill, prefill));
    }
    if (HAS_DESCRIPTION.indexOf(type) !== -1) {
      item.appendChild(check("description", TEXT.description));
    }
    item.appendChild(el("ul", { "class": "errorlist", "data-field-errors": true, hidden: true }));

    item.addEventListener("input", function (event) { self.edit(field, event.target, false); });
    item.addEventListener("change", function (event) { self.edit(field, event.target, true); });
    return item;
  };

  // One edited setting; typing does not rebuild the list (the cursor stays), a new type does.
  FormEditor.prototype.edit = function (field, input, committed) {
    var key = input.getAttribute("data-key");
    // Text is read as it is typed; a tick box or a list when it changes.
    var toggled = input.type === "checkbox" || input.tagName === "SELECT";
    if (!key || toggled !== committed) { return; }
    var value = input.value;
    if (key === "label") {
      field.label = value;
      if (this.autoNamed.has(field)) {
        field.name = this.uniqueName(slug(value), field);
        input.closest("li").querySelector("[data-key='name']").value = field.name;
      }
    } else if (key === "name") {
      field.name = value.trim();
      this.autoNamed.delete(field);
    } else if (key === "type") {
      this.setType(field, value);
      this.render();
      this.list.children[this.definition.fields.indexOf(field)].querySelector("[data-key='type']").focus();
    } else if (key === "help") {
      if (value) { field.help = value; } else { delete field.help; }
    } else if (key === "required") {
      field.required = input.checked;
    } else if (key === "description") {
      if (input.checked) {
        // Only one answer can be the case's short description.
        this.definition.fields.forEach(function (other) { delete other.description; });
        field.description = true;
        this.list.querySelectorAll("[data-key='description']").forEach(function (box) {
          box.checked = box === input;
        });
      } else { delete field.description; }
    } else if (key === "choices") {
      var lines = value.split("\n").map(function (line) { return line.trim(); })
        .filter(function (line) { return line; });
      if (lines.length) { field.choices = lines; } else { delete field.choices; }
    } else if (key === "prefill") {
      if (value) { field.prefill = value; } else { delete field.prefill; }
    } else if (key === "max_length" || key === "min" || key === "max") {
      var number = key === "max_length" ? parseInt(value, 10) : parseFloat(value);
      if (value === "" || isNaN(number)) { delete field[key]; } else { field[key] = number; }
    }
    this.changed();
  };

  FormEditor.prototype.refreshPreview = function () {
    var self = this;
    clearTimeout(this.previewTimer);
    this.previewTimer = setTimeout(function () { self.fetchPreview(); }, 250);
  };

  FormEditor.prototype.fetchPreview = function () {
    var self = this;
    var sequence = ++this.sequence;
    var body = new FormData();
    body.append("definition", this.textarea.value);
    ["identification", "description"].forEach(function (name) {
      var input = self.form && self.form.querySelector("[name='" + name + "']");
      body.append(name, input ? input.value : "");
    });
    var token = this.form && this.form.querySelector("[name='csrfmiddlewaretoken']");
    this.status.textContent = TEXT.loading;
    fetch(this.previewUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (data) {
      if (sequence !== self.sequence) { return; }  // a newer edit is on its way
      if (data.html !== undefined) { self.frame.srcdoc = data.html; }
      self.showProblems(data.errors || [], data.field_errors || {});
    }).catch(function () {
      if (sequence === self.sequence) { self.status.textContent = TEXT.failed; }
    });
  };

  FormEditor.prototype.showProblems = function (general, perField) {
    var count = general.length;
    this.errors.textContent = "";
    if (general.length) {
      this.errors.appendChild(el("ul", { "class": "errorlist" }, general.map(function (message) {
        return el("li", { text: message });
      })));
    }
    Array.prototype.forEach.call(this.list.children, function (card, index) {
      var list = card.querySelector("[data-field-errors]");
      var messages = perField[String(index)] || [];
      count += messages.length;
      list.textContent = "";
      messages.forEach(function (message) { list.appendChild(el("li", { text: message })); });
      list.hidden = messages.length === 0;
      card.classList.toggle("achterkant-form-editor__field--invalid", messages.length > 0);
    });
    this.status.textContent = count ? TEXT.problems : TEXT.ok;
    this.status.classList.toggle("achterkant-form-editor__status--invalid", count > 0);
  };

  FormEditor.prototype.fitFrame = function () {
    var doc = this.frame.contentDocument;
    if (doc && doc.documentElement) {
      this.frame.style.height = Math.max(320, doc.documentElement.scrollHeight + 4) + "px";
    }
  };

  FormEditor.prototype.fileName = function () {
    var input = this.form && this.form.querySelector("[name='identification']");
    var name = (input && input.value ? input.value : "zaaktype").replace(/[^A-Za-z0-9_-]+/g, "-");
    return "formulier-" + name + ".json";
  };

  FormEditor.prototype.exportJson = function () {
    var blob = new Blob([this.textarea.value + "\n"], { type: "application/json" });
    var link = el("a", { href: URL.createObjectURL(blob), download: this.fileName(), hidden: true });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  };

  FormEditor.prototype.importFile = function (input) {
    var self = this;
    var file = input.files && input.files[0];
    if (!file) { return; }
    file.text().then(function (text) {
      var before = self.textarea.value;
      self.textarea.value = text;
      if (self.load(text, false)) {
        self.status.textContent = TEXT.imported;
      } else {
        self.textarea.value = before;
        self.load(before, false);
        self.showProblems([TEXT.badFile], {});
      }
      input.value = "";
    });
  };

  // The admin loads form media in the page's head: start once the page is there.
  function start() {
    document.querySelectorAll("[data-form-editor]").forEach(function (root) {
      if (root.querySelector("textarea")) { new FormEditor(root); }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
