"""Admin form pieces for functional admins: a product points to a real case type, and terms
are entered as a number plus a unit. The admin (catalog.admin) wires them in."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst

from achterkant.catalog.duration_field import (
    ARCHIVE_TERM_UNITS,
    CALENDAR_TERM_UNITS,
    SERVICE_NORM_UNITS,
    DurationField,
    DurationUnit,
)
from achterkant.catalog.models import (
    CaseType,
    CaseTypeDocumentType,
    DecisionType,
    Product,
    ResultType,
    StatusType,
)

_AWB_DAYS = "Dagen zijn kalenderdagen; werkdagen kunt u hier niet kiezen."

# (model, field) → the units its stored ISO form can tell apart, and the Dutch help text.
DURATION_FIELDS: dict[tuple[type[models.Model], str], tuple[tuple[DurationUnit, ...], str]] = {
    (CaseType, "lead_time"): (
        CALENDAR_TERM_UNITS,
        f"De wettelijke of afgesproken beslistermijn (Awb 4:13), bijv. 8 weken. {_AWB_DAYS}",
    ),
    (CaseType, "service_norm"): (
        SERVICE_NORM_UNITS,
        "Wat de organisatie de inwoner belooft, bijv. 5 werkdagen. Dagen tellen hier als "
        "werkdagen; wilt u kalendertijd, kies dan weken of maanden. Leeg: geen servicenorm.",
    ),
    (CaseType, "extension_term"): (
        CALENDAR_TERM_UNITS,
        f"De langste verlenging van de beslistermijn (Awb 4:14), bijv. 6 weken. {_AWB_DAYS}",
    ),
    (DecisionType, "reaction_term"): (
        CALENDAR_TERM_UNITS,
        f"De termijn voor bezwaar of beroep tegen het besluit, bijv. 6 weken. {_AWB_DAYS}",
    ),
    (DecisionType, "publication_term"): (
        CALENDAR_TERM_UNITS,
        f"Hoe lang het besluit gepubliceerd blijft, bijv. 6 weken. {_AWB_DAYS}",
    ),
    (StatusType, "lead_time"): (
        CALENDAR_TERM_UNITS,
        f"Hoe lang deze stap normaal duurt, bijv. 5 dagen. Leeg: geen doorlooptijd. {_AWB_DAYS}",
    ),
    (ResultType, "archive_action_term"): (
        ARCHIVE_TERM_UNITS,
        "Hoe lang het dossier na de brondatum bewaard blijft, bijv. 10 jaar. Daarna wordt "
        "het vernietigd of overgebracht, zoals de archiefnominatie zegt.",
    ),
    (ResultType, "source_date_process_term"): (
        ARCHIVE_TERM_UNITS,
        "Alleen bij afleidingswijze 'termijn na einddatum': de termijn na de einddatum van "
        "de zaak die de brondatum geeft, bijv. 1 jaar.",
    ),
    (ResultType, "process_term"): (
        ARCHIVE_TERM_UNITS,
        "De procestermijn zoals de selectielijst die noemt, bijv. 5 jaar.",
    ),
}


def duration_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """The number-plus-unit field for a term listed in ``DURATION_FIELDS``, else None."""
    spec = DURATION_FIELDS.get((db_field.model, db_field.name))
    if spec is None:
        return None
    units, help_text = spec
    return DurationField(
        units=units,
        required=not db_field.blank,
        label=capfirst(db_field.verbose_name),
        help_text=help_text,
        initial=kwargs.get("initial"),
    )


NO_CASE_TYPE_MESSAGE = (
    "Er is in uw organisatie geen zaaktype met identificatie “%(value)s”. "
    "Kies een bestaand zaaktype uit de lijst."
)


def case_type_choices() -> list[tuple[str, str]]:
    """The active organisation's case types, one per identification, as
    "omschrijving (identificatie)"; the newest version gives the description."""
    descriptions: dict[str, str] = {}
    rows = CaseType.objects.order_by("identification", "valid_from")
    for identification, description in rows.values_list("identification", "description"):
        descriptions[identification] = description  # later versions overwrite earlier ones
    return [(ident, f"{text} ({ident})") for ident, text in sorted(descriptions.items())]


class ProductForm(forms.ModelForm):
    """A product points to an existing case type of the organisation, chosen from a list.

    A stored identification without a case type stays visible (marked), so that nothing
    changes unseen; saving it is refused until the admin picks an existing one.
    """

    case_type_identification = forms.ChoiceField(
        label="Zaaktype",
        help_text="Het zaaktype van de zaak die een aanvraag voor dit product start. "
        "Leeg als een vraag over dit product nooit tot een zaak leidt.",
        error_messages={"invalid_choice": NO_CASE_TYPE_MESSAGE},
    )

    class Meta:
        model = Product
        fields = [
            "code",
            "name",
            "description",
            "synonyms",
            "case_type_identification",
            "assurance_level",
        ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("case_type_identification")
        if field is None:  # read-only for this user
            return
        model_field = Product._meta.get_field("case_type_identification")
        choices = case_type_choices()
        current = self.instance.case_type_identification
        if current and current not in dict(choices):
            choices.append((current, f"{current} (bestaat niet meer in deze organisatie)"))
        empty = [("", "— geen zaaktype —")] if model_field.blank else []
        field.choices = empty + choices
        field.required = not model_field.blank

    def clean_case_type_identification(self) -> str:
        value = self.cleaned_data["case_type_identification"]
        if value and not CaseType.objects.filter(identification=value).exists():
            raise ValidationError(
                NO_CASE_TYPE_MESSAGE, code="invalid_choice", params={"value": value}
            )
        return value


class CaseTypeDocumentTypeForm(forms.ModelForm):
    """The model's ``document_type`` has no Dutch name; the read-only inline reads this one."""

    class Meta:
        model = CaseTypeDocumentType
        fields: list[str] = []  # the inline sets them; its queryset needs a tenant
        labels = {"document_type": "documenttype"}
