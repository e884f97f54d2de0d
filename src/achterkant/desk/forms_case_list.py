"""The filters of the *Zaken* list: choices by name, not codes typed from memory."""

from django import forms

from achterkant.cases.selectors import CaseListFilter
from achterkant.catalog.selectors import product_choices, status_names
from achterkant.routing.selectors import team_choices

ANY = ("", "Alle")


class CaseListFilterForm(forms.Form):
    """Options from the organisation's products, status types and teams, kept per process
    (no query when warm); a value that is not an option is refused in Dutch."""

    product = forms.TypedChoiceField(label="Product", coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label="Status", required=False)
    team = forms.TypedChoiceField(label="Team", coerce=int, required=False, empty_value=None)
    overdue = forms.BooleanField(label="Alleen te laat", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [ANY, *product_choices()]
        self.fields["status"].choices = [ANY, *((name, name) for name in status_names())]
        self.fields["team"].choices = [ANY, *team_choices()]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = "Kies een van de mogelijkheden in de lijst."

    def filters(self) -> CaseListFilter:
        """What the list is narrowed to; nothing when the form is not valid."""
        if not self.is_valid():
            return CaseListFilter()
        data = self.cleaned_data
        return CaseListFilter(
            product_id=data["product"], status_name=data["status"],
            team_id=data["team"], overdue=data["overdue"],
        )  # fmt: skip
