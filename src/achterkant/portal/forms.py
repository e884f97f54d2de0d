from django import forms


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

    def clean_kvk_number(self) -> str:
        from achterkant.identity.validators import clean_kvk_number

        return clean_kvk_number(self.cleaned_data["kvk_number"])
