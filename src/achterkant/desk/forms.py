from django import forms

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


class SetStatusForm(forms.Form):
    status_type = forms.ModelChoiceField(
        label="Nieuwe status", queryset=StatusType.all_tenants.none()
    )
    note = forms.CharField(
        label="Toelichting (intern)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, case, choices=None, **kwargs) -> None:
        """``choices``: the next status types read already (``case_form_choices``)."""
        super().__init__(*args, **kwargs)
        current = case.current_status.status_type.sequence if case.current_status else 0
        field = self.fields["status_type"]
        field.queryset = StatusType.objects.filter(
            case_type_id=case.case_type_id, sequence__gt=current
        ).order_by("sequence")
        field.label_from_instance = lambda st: status_label(st.name, st.inform_citizen)
        if choices is not None:
            use_loaded_choices(field, choices, lambda row: status_label(row[1], row[2]))


class ProcessingLogForm(forms.Form):
    bsn = BsnField()
