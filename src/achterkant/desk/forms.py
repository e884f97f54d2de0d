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


class SetStatusForm(forms.Form):
    status_type = forms.ModelChoiceField(
        label="Nieuwe status", queryset=StatusType.all_tenants.none()
    )
    note = forms.CharField(
        label="Toelichting (intern)", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = case.current_status.status_type.sequence if case.current_status else 0
        self.fields["status_type"].queryset = StatusType.objects.filter(
            case_type_id=case.case_type_id, sequence__gt=current
        ).order_by("sequence")
        self.fields["status_type"].label_from_instance = lambda st: (
            f"{st.name}{' (inwoner krijgt bericht)' if st.inform_citizen else ''}"
        )


class ProcessingLogForm(forms.Form):
    bsn = BsnField()
