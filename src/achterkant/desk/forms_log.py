"""The filters of the *Verwerkingenlog* (processing log) page and its CSV export."""

from django import forms
from django.contrib.auth import get_user_model

from achterkant.audit.selectors import LogFilter
from achterkant.audit.services import Purpose
from achterkant.desk.forms import BsnField
from achterkant.desk.forms_kcc import DATE_INPUTS

FIELDS = ("van", "tot", "medewerker", "doel", "bsn")
PURPOSES = [value for name, value in vars(Purpose).items() if name.isupper()]


class ProcessingLogFilterForm(forms.Form):
    """Every field may stay empty: an empty field does not narrow the log."""

    van = forms.DateField(
        label="Van", required=False, input_formats=DATE_INPUTS, help_text="Bijvoorbeeld 1-11-2026."
    )
    tot = forms.DateField(
        label="Tot en met", required=False, input_formats=DATE_INPUTS,
        help_text="Bijvoorbeeld 30-11-2026.",
    )  # fmt: skip
    medewerker = forms.ModelChoiceField(
        label="Medewerker", required=False, queryset=get_user_model().objects.none(),
        empty_label="(alle medewerkers)",
    )  # fmt: skip
    doel = forms.ChoiceField(
        label="Doel", required=False,
        choices=[("", "(alle doelen)"), *((purpose, purpose) for purpose in PURPOSES)],
    )  # fmt: skip
    bsn = BsnField(required=False, help_text="9 cijfers. Verplicht voor de export.")

    def __init__(self, *args, organisation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The organisation's own staff only, also those who left: the log keeps their rows.
        self.fields["medewerker"].queryset = (
            get_user_model()
            .objects.filter(organisation_id=organisation.pk)
            .order_by("first_name", "last_name", "username")
        )
        self.fields["medewerker"].error_messages["invalid_choice"] = (
            "Kies een medewerker uit de lijst."
        )
        self.fields["doel"].error_messages["invalid_choice"] = "Kies een doel uit de lijst."
        self.fields["van"].error_messages["invalid"] = "Vul een datum in, bijvoorbeeld 1-11-2026."
        self.fields["tot"].error_messages["invalid"] = "Vul een datum in, bijvoorbeeld 30-11-2026."

    def clean(self) -> dict:
        data = super().clean()
        first, last = data.get("van"), data.get("tot")
        if first and last and first > last:
            self.add_error("tot", "Deze datum ligt vóór de datum bij 'Van'.")
        return data

    def log_filter(self) -> LogFilter:
        """The valid form's filters, for ``audit.selectors``."""
        data = self.cleaned_data
        return LogFilter(
            date_from=data["van"],
            date_to=data["tot"],
            actor_id=data["medewerker"].pk if data["medewerker"] else None,
            purpose=data["doel"],
            bsn=data["bsn"],
        )
