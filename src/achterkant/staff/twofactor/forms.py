from django import forms


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app."""

    code = forms.CharField(
        label="Code uit de app",
        help_text="De 6 cijfers die de app nu laat zien.",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "size": 10,
            }
        ),
        error_messages={"required": "Vul de code uit de app in."},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Een code bestaat uit 6 cijfers.")
        return code


class RecoveryCodeForm(forms.Form):
    """One of the user's recovery codes."""

    recovery_code = forms.CharField(
        label="Herstelcode",
        help_text="Een van de 10 herstelcodes die u heeft bewaard. Elke code werkt één keer.",
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
                "size": 14,
            }
        ),
        error_messages={"required": "Vul een herstelcode in."},
    )
