from django import forms


class InformationResponseForm(forms.Form):
    text = forms.CharField(
        label="Uw antwoord", widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    upload = forms.FileField(
        label="Bijlage (PDF, PNG, JPEG, docx of odt)", required=False,
        help_text="Niet verplicht. Maximaal 20 MB.",
    )  # fmt: skip
