import functools

from django import forms
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from achterkant.catalog.models import StatusType
from achterkant.identity.validators import clean_bsn


class BsnField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", "BSN")
        kwargs.setdefault("max_length", 11)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        return clean_bsn(value) if value else value


class PersonSearchForm(forms.Form):
    bsn = BsnField(help_text="9 cijfers, bijvoorbeeld 999993653.")


def use_loaded_choices(field: forms.ModelChoiceField, rows, label=lambda row: row[1]) -> None:
    """Show ``rows`` (id, label, ...) read already as the choices of ``field``.

    Only what is rendered changes: a posted value is still checked against the field's
    queryset. The same options as the queryset would give, without a query.
    """
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    field.choices = [*empty, *((row[0], label(row)) for row in rows)]


def status_label(name: str, inform_citizen: bool) -> str:
    return f"{name}{' (inwoner krijgt bericht)' if inform_citizen else ''}"


class RenderedOnce:
    """A form whose empty fields look the same on every case page: rendered once.

    ``fields_html``: the fields as ``achterkant/field.html`` renders them one by one, for
    an unbound form; "" for a bound one (what was typed, the errors) and with DEBUG
    (templates that change while the server runs). Only for forms without initial
    values or choices that depend on the case, the day or the organisation; those are
    :class:`RenderedByContent`.
    """

    _fields_html: dict = {}
    # Forms rendered by content add a key per choice list and day: keep it bounded.
    MAX_KEPT = 512
    # Between two fields, as the template that shows the form lays them out.
    FIELD_SEPARATOR = ""

    def _rendering_key(self) -> tuple:
        """What the empty fields' HTML depends on besides the class and the language."""
        return ()

    @functools.cached_property
    def fields_html(self) -> str:
        """Kept on the form too: a template asks twice, and the key may need a query
        (the staff a case can be assigned to)."""
        if self.is_bound or settings.DEBUG:
            return ""
        key = (type(self), translation.get_language(), self.prefix, self.auto_id)
        key += self._rendering_key()
        html = self._fields_html.get(key)
        if html is None:
            html = mark_safe(  # noqa: S308 - rendered by the template engine, escaped there
                self.FIELD_SEPARATOR.join(
                    render_to_string("achterkant/field.html", {"field": f}) for f in self
                )
            )
            if len(self._fields_html) >= self.MAX_KEPT:
                self._fields_html.clear()
            self._fields_html[key] = html
        return html


def _choices_key(field: forms.Field) -> tuple | None:
    if not isinstance(field, forms.ChoiceField):
        return None
    return tuple((str(value), str(label)) for value, label in field.choices)


class RenderedByContent(RenderedOnce):
    """A form whose empty fields show choices and initial values that vary (the case
    type's status types, today's date, the staff who may be assigned).

    Rendered once per distinct content: the key *is* that content (every field's
    choices and initial value), so a change in the catalogue, the staff or the day gives
    another key and the old rendering is never reached again. Nothing to invalidate;
    the choices are still read (or passed in) on every page, only rendering is saved.
    """

    def _rendering_key(self) -> tuple:
        return tuple(
            (name, self.get_initial_for_field(field, name), _choices_key(field))
            for name, field in self.fields.items()
        )


# Who may read what the worker adds: the choice the case page offers for a note, a
# document and a status's explanation (the services carry it: ``add_note``,
# ``add_document``, ``set_status``).
INTERNAL, SHARED = "intern", "inwoner"
VISIBILITY_CHOICES = [(INTERNAL, "Alleen intern"), (SHARED, "Ook zichtbaar voor de inwoner")]


class VisibilityField(forms.ChoiceField):
    """The choice who may read it. The form always has one chosen (so it is shown as
    required); a post without it (an older page, a script) gets the safe default of its
    form (``shared()``) instead of an error."""

    def validate(self, value) -> None:
        if value:
            super().validate(value)


def visibility_field(help_text: str) -> forms.ChoiceField:
    return VisibilityField(
        label="Wie mag dit lezen?", choices=VISIBILITY_CHOICES, widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"invalid_choice": "Kies een van de twee mogelijkheden."},
    )  # fmt: skip


class SetStatusForm(RenderedByContent, forms.Form):
    FIELD_SEPARATOR = "\n  "  # desk/case.html
    status_type = forms.ModelChoiceField(
        label="Nieuwe status", queryset=StatusType.all_tenants.none()
    )
    note = forms.CharField(
        label="Toelichting", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    visibility = visibility_field(
        "Kiest u 'Ook zichtbaar voor de inwoner', dan leest de aanvrager deze toelichting bij "
        "de status in Mijn gemeente, en in het bericht als de status een bericht stuurt."
    )

    def __init__(self, *args, case, choices=None, **kwargs) -> None:
        """``choices``: the next status types read already (``case_form_choices``)."""
        super().__init__(*args, **kwargs)
        self.initial.setdefault("visibility", INTERNAL)  # internal unless chosen
        current = case.current_status.status_type.sequence if case.current_status else 0
        field = self.fields["status_type"]
        field.queryset = StatusType.objects.filter(
            case_type_id=case.case_type_id, sequence__gt=current
        ).order_by("sequence")
        field.label_from_instance = lambda st: status_label(st.name, st.inform_citizen)
        if choices is not None:
            use_loaded_choices(field, choices, lambda row: status_label(row[1], row[2]))

    def shared(self) -> bool:
        """Shared only when chosen: without a choice the explanation stays internal."""
        return self.cleaned_data.get("visibility") == SHARED
