"""A term entered as a number plus a unit ("8 weken"), stored as ISO 8601 (``P8W``).

Functional admins should not have to write ISO 8601. The stored string stays exactly what
the rest of Achterkant reads (``worktime.durations``), and the unit as written matters: the
Algemene termijnenwet looks at it (``atw_applies``), and a service norm in days counts
working days (``cases.promise.norm_working_days``). So ``P14D`` is shown as "14 dagen", never
converted to "2 weken", and each field offers only the units its stored form can tell apart:
``P5D`` is either working days (service norm) or calendar days (Awb terms), never both.

A stored value that does not fit one number and one unit (``P1Y2M``, ``PT4H``) is kept as
it is: it travels in a hidden input named like the field and is shown with a note, until
the admin fills in a new number and unit.
"""

import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from achterkant.worktime.durations import describe_duration, parse_iso_duration


@dataclass(frozen=True)
class DurationUnit:
    """A unit an admin picks, and the ISO 8601 designator it is stored with."""

    key: str
    label: str
    designator: str


WORKING_DAYS = DurationUnit("working_days", "werkdagen", "D")
CALENDAR_DAYS = DurationUnit("calendar_days", "kalenderdagen", "D")
WEEKS = DurationUnit("weeks", "weken", "W")
MONTHS = DurationUnit("months", "maanden", "M")
YEARS = DurationUnit("years", "jaren", "Y")

# A service norm in days counts working days (cases.promise); Awb terms count calendar days.
SERVICE_NORM_UNITS = (WORKING_DAYS, WEEKS, MONTHS)
CALENDAR_TERM_UNITS = (CALENDAR_DAYS, WEEKS, MONTHS)
# Archive and process terms of a result type run for years (Selectielijst: "10 jaar").
ARCHIVE_TERM_UNITS = (CALENDAR_DAYS, WEEKS, MONTHS, YEARS)

MAX_AMOUNT = 9999  # the 100-year limit of worktime.durations refuses long terms below this

AMOUNT_MESSAGES = {
    "invalid": "Vul het aantal in als heel getal, bijvoorbeeld 8.",
    "min_value": "Vul een aantal van 1 of meer in.",
    "max_value": f"Vul een aantal van hoogstens {MAX_AMOUNT} in.",
}
UNIT_MESSAGE = "Kies een eenheid uit de lijst."
REQUIRED_MESSAGE = "Vul een termijn in: een aantal en een eenheid."
NO_UNIT_MESSAGE = "Kies bij het aantal ook een eenheid."
NO_AMOUNT_MESSAGE = "Vul bij de eenheid ook een aantal in."

_SIMPLE = re.compile(r"P([1-9]\d*)([DWMY])")


def split_duration(value: str, units: tuple[DurationUnit, ...]) -> tuple[int, str] | None:
    """``P8W`` → ``(8, "weeks")`` when ``units`` has a unit for it; None when the value
    does not fit one number and one of these units (``P1Y2M``, ``PT4H``, ``P010D``)."""
    match = _SIMPLE.fullmatch((value or "").strip().upper())
    if not match:
        return None
    for unit in units:
        if unit.designator == match.group(2):
            return int(match.group(1)), unit.key
    return None


def join_duration(amount: int, unit_key: str, units: tuple[DurationUnit, ...]) -> str:
    """``(8, "weeks")`` → ``P8W``. Raises ``KeyError`` for a unit not in ``units``."""
    designator = {unit.key: unit.designator for unit in units}[unit_key]
    return f"P{amount}{designator}"


class DurationWidget(forms.MultiWidget):
    """A number box, a unit list and a hidden input that keeps a value which fits neither.

    The hidden input carries the field's own name, so a stored ISO value posted as it is
    still arrives.
    """

    template_name = "achterkant/widgets/duration.html"

    def __init__(self, units: tuple[DurationUnit, ...], attrs=None) -> None:
        self.units = units
        choices = [("", "eenheid…"), *((unit.key, unit.label) for unit in units)]
        widgets = {
            "amount": forms.NumberInput(
                attrs={"min": 1, "max": MAX_AMOUNT, "step": 1, "aria-label": "aantal"}
            ),
            "unit": forms.Select(choices=choices, attrs={"aria-label": "eenheid"}),
            "": forms.HiddenInput(),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if not value:
            return [None, "", ""]
        split = split_duration(value, self.units)
        if split is None:
            return [None, "", value]
        return [split[0], split[1], ""]

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else id_  # the number box: MultiWidget numbers the ids

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        kept = context["widget"]["subwidgets"][2]["value"] or ""
        context["widget"]["kept"] = kept
        try:
            context["widget"]["kept_text"] = describe_duration(kept) if kept else ""
        except ValidationError:
            context["widget"]["kept_text"] = ""
        return context


class DurationField(forms.MultiValueField):
    """Form field for an ISO 8601 term (``IsoDurationField``), entered as number + unit."""

    def __init__(self, *, units: tuple[DurationUnit, ...], **kwargs) -> None:
        designators = [unit.designator for unit in units]
        if len(set(designators)) != len(designators):
            raise ValueError("Two units of one field cannot share an ISO 8601 designator.")
        self.units = units
        kwargs.pop("max_length", None)  # passed on by the model field; the widget needs none
        kwargs.pop("empty_value", None)
        error_messages = {"required": REQUIRED_MESSAGE, **kwargs.pop("error_messages", {})}
        fields = (
            forms.IntegerField(
                min_value=1, max_value=MAX_AMOUNT, required=False, error_messages=AMOUNT_MESSAGES
            ),
            forms.ChoiceField(
                choices=[(unit.key, unit.label) for unit in units],
                required=False,
                error_messages={"invalid_choice": UNIT_MESSAGE},
            ),
            forms.CharField(required=False),
        )
        super().__init__(
            fields,
            widget=DurationWidget(units),
            require_all_fields=False,
            error_messages=error_messages,
            **kwargs,
        )

    def compress(self, data_list) -> str:
        amount, unit, kept = (list(data_list) + [None, "", ""])[:3]
        if amount is None and not unit:
            if not kept:
                return ""
            kept = kept.strip().upper()
            parse_iso_duration(kept)  # a stored value is kept as it is, if it is one
            return kept
        if not unit:
            raise ValidationError(NO_UNIT_MESSAGE, code="no_unit")
        if amount is None:
            raise ValidationError(NO_AMOUNT_MESSAGE, code="no_amount")
        value = join_duration(amount, unit, self.units)
        parse_iso_duration(value)  # refuses more than 100 years, in Dutch
        return value
