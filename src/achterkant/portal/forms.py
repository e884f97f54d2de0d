from django import forms

from achterkant.identity.assurance import AssuranceLevel
from achterkant.identity.validators import clean_kvk_number


class InformationResponseForm(forms.Form):
    text = forms.CharField(
        label="Uw antwoord", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    upload = forms.FileField(
        label="Bijlage (PDF, PNG, JPEG, docx of odt)", required=False,
        help_text="Niet verplicht. Maximaal 20 MB.",
    )  # fmt: skip


class EherkenningMockForm(forms.Form):
    kvk_number = forms.CharField(label="KvK-nummer", max_length=10)
    branch_number = forms.CharField(
        label="Vestigingsnummer", max_length=12, required=False,
        help_text="Niet verplicht. 12 cijfers.",
    )  # fmt: skip
    assurance = forms.ChoiceField(
        label="Betrouwbaarheidsniveau",
        choices=[
            (AssuranceLevel.BASIS, "EH2 (Basis)"),
            (AssuranceLevel.MIDDEN, "EH2+ (Midden)"),
            (AssuranceLevel.SUBSTANTIEEL, "EH3 (Substantieel)"),
            (AssuranceLevel.HOOG, "EH4 (Hoog)"),
        ],
        initial=AssuranceLevel.SUBSTANTIEEL,
    )

    def clean_kvk_number(self) -> str:
        return clean_kvk_number(self.cleaned_data["kvk_number"])

    def clean_branch_number(self) -> str:
        value = self.cleaned_data["branch_number"].replace(" ", "")
        if value and (len(value) != 12 or not value.isascii() or not value.isdigit()):
            raise forms.ValidationError("Het vestigingsnummer moet uit 12 cijfers bestaan.")
        return value


class FeedbackForm(forms.Form):
    # The five worded answers of a satisfaction survey (as GOV.UK asks); stored 1 to 5.
    score = forms.TypedChoiceField(
        label="Wat vindt u van hoe wij u hebben geholpen?",
        choices=[
            (5, "Zeer tevreden"), (4, "Tevreden"), (3, "Niet tevreden, niet ontevreden"),
            (2, "Ontevreden"), (1, "Zeer ontevreden"),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )  # fmt: skip
    comment = forms.CharField(
        label="Wilt u nog iets zeggen?", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    case = forms.CharField(required=False, widget=forms.HiddenInput)
    contact = forms.IntegerField(required=False, widget=forms.HiddenInput)
