"""ISO 8601 durations as the ZGW standards use them: ``P8W``, ``P56D``, ``P1Y``, ``PT4H``.

A Catalogi API ``doorlooptijd`` or ``servicenorm`` is such a string. We store the string
as given and convert it to a :class:`dateutil.relativedelta.relativedelta` when counting,
because calendar months and years have no fixed length in days.

Accepted: whole, non-negative numbers of years (Y), months (M), weeks (W), days (D) and,
after ``T``, hours (H), minutes (M) and seconds (S), e.g. ``P2M10D`` or ``P1DT4H``.
Fractions (``P0.5D``), signs (``-P1D``) and empty durations (``P``, ``PT``) are refused.
"""

import re
from datetime import datetime, timedelta

import isodate
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models

INVALID_MESSAGE = (
    "Vul een termijn in als ISO 8601-duur, bijvoorbeeld P8W (8 weken) of P10D (10 dagen)."
)
TOO_LONG_MESSAGE = "Deze termijn is te lang: vul een termijn van hoogstens 100 jaar in."
NOT_FIXED_MESSAGE = (
    "Een termijn in jaren of maanden heeft geen vaste lengte; "
    "vul hier weken, dagen of uren in, bijvoorbeeld P10D of PT4H."
)
MAX_LENGTH = 30

# Whole numbers only, at least one component, and "T" only when a time component follows.
_SHAPE = re.compile(
    r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$",
)
_MAX_END = datetime(2100, 1, 1)  # 100 years after _REFERENCE
_REFERENCE = datetime(2000, 1, 1)


def parse_iso_duration(value: str) -> relativedelta:
    """Parse an ISO 8601 duration into a ``relativedelta``.

    Raises ``ValidationError`` (with a Dutch message) for anything that is not a
    non-negative duration of whole units, or longer than 100 years.
    """
    if not isinstance(value, str):
        raise ValidationError(INVALID_MESSAGE, code="invalid_duration")
    text = value.strip().upper()
    if len(text) > MAX_LENGTH or not _SHAPE.match(text):
        raise ValidationError(INVALID_MESSAGE, code="invalid_duration")
    try:
        parsed = isodate.parse_duration(text)
    except (isodate.ISO8601Error, ValueError) as error:
        raise ValidationError(INVALID_MESSAGE, code="invalid_duration") from error
    if isinstance(parsed, timedelta):
        years, months, delta = 0, 0, parsed
    else:  # isodate.Duration: years and months kept apart from the timedelta
        years, months, delta = int(parsed.years), int(parsed.months), parsed.tdelta
    result = relativedelta(
        years=years,
        months=months,
        days=delta.days,
        seconds=delta.seconds,
    )
    try:
        too_long = _REFERENCE + result > _MAX_END
    except (OverflowError, ValueError):
        too_long = True
    if too_long:
        raise ValidationError(TOO_LONG_MESSAGE, code="duration_too_long")
    return result


def atw_applies(value: str) -> bool:
    """Whether the Algemene termijnenwet applies to a term, decided from the term as written.

    Atw art. 4(1): "Deze wet geldt niet voor termijnen, omschreven in uren, in meer dan
    negentig dagen, in meer dan twaalf weken, in meer dan drie maanden, of in een of meer
    jaren." So ``P90D``, ``P12W`` and ``P3M`` are counted with the Atw, and ``PT48H``,
    ``P91D``, ``P13W``, ``P4M`` (or ``P3M1D``) and ``P1Y`` are not. The unit the term is
    written in decides: ``P13W`` is outside even though ``P91D`` would be too, and
    ``P12W`` inside although it is 84 days. A term mixing units is outside when it is
    longer than the largest unit's limit (``P12W1D``, ``P3M1D``).
    """
    text = value.strip().upper()
    match = _SHAPE.match(text)
    if not match:
        raise ValidationError(INVALID_MESSAGE, code="invalid_duration")
    years, months, weeks, days = (int(part[:-1]) if part else 0 for part in match.groups()[:4])
    if match.group(5):  # any time component: a term in hours (or minutes, seconds)
        return False
    if years >= 1:
        return False
    if months:
        # A mixed term counts a month as 30 days: P2M10D is inside, P3M1D outside.
        return months * 30 + weeks * 7 + days <= 90
    if weeks:
        return weeks * 7 + days <= 12 * 7  # P12W1D is more than twelve weeks
    return days <= 90


def validate_iso_duration(value: str) -> None:
    """Model/form field validator: raises ``ValidationError`` unless ``value`` parses."""
    parse_iso_duration(value)


def iso_duration_to_timedelta(value: str) -> timedelta:
    """A fixed-length duration (weeks, days, hours, ...) as a ``timedelta``.

    For working-hours norms such as ``PT4H`` or ``PT40H``. Years and months have no fixed
    length and are refused with a ``ValidationError``.
    """
    rd = parse_iso_duration(value)
    if rd.years or rd.months:
        raise ValidationError(NOT_FIXED_MESSAGE, code="duration_not_fixed")
    return timedelta(days=rd.days, hours=rd.hours, minutes=rd.minutes, seconds=rd.seconds)


def format_iso_duration(rd: relativedelta) -> str:
    """Write a non-negative ``relativedelta`` as ISO 8601, using weeks where that is exact.

    ``relativedelta(weeks=8)`` gives ``P8W``; ``relativedelta(months=2, days=10)`` gives
    ``P2M10D``; the empty duration gives ``P0D``.
    """
    parts = [rd.years, rd.months, rd.days, rd.hours, rd.minutes, rd.seconds]
    if any(part < 0 for part in parts) or rd.microseconds or _has_absolute_fields(rd):
        raise ValueError(f"Cannot write {rd!r} as an ISO 8601 duration.")
    years, months, days, hours, minutes, seconds = parts
    if not any(parts):
        return "P0D"
    if days and days % 7 == 0 and not (years or months or hours or minutes or seconds):
        return f"P{days // 7}W"
    date_part = "".join(
        f"{amount}{unit}" for amount, unit in ((years, "Y"), (months, "M"), (days, "D")) if amount
    )
    time_part = "".join(
        f"{amount}{unit}"
        for amount, unit in ((hours, "H"), (minutes, "M"), (seconds, "S"))
        if amount
    )
    return f"P{date_part}" + (f"T{time_part}" if time_part else "")


def _has_absolute_fields(rd: relativedelta) -> bool:
    absolute = ("year", "month", "day", "weekday", "hour", "minute", "second", "microsecond")
    return any(getattr(rd, name) is not None for name in absolute)


_DUTCH_UNITS = {
    "years": ("jaar", "jaar"),
    "months": ("maand", "maanden"),
    "weeks": ("week", "weken"),
    "days": ("dag", "dagen"),
    "hours": ("uur", "uur"),
    "minutes": ("minuut", "minuten"),
    "seconds": ("seconde", "seconden"),
}


def describe_duration(value: str) -> str:
    """Dutch text for an ISO duration: ``P8W`` → "8 weken", ``P2M10D`` → "2 maanden en 10 dagen".

    Raises ``ValidationError`` for invalid input, like ``parse_iso_duration``.
    """
    rd = parse_iso_duration(value)
    amounts: list[tuple[int, str]] = [(rd.years, "years"), (rd.months, "months")]
    if rd.days and rd.days % 7 == 0:
        amounts.append((rd.days // 7, "weeks"))
    else:
        amounts.append((rd.days, "days"))
    amounts += [(rd.hours, "hours"), (rd.minutes, "minutes"), (rd.seconds, "seconds")]
    words = [
        f"{amount} {_DUTCH_UNITS[unit][0 if amount == 1 else 1]}"
        for amount, unit in amounts
        if amount
    ]
    if not words:
        return "0 dagen"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " en " + words[-1]


class IsoDurationField(models.CharField):
    """Stores an ISO 8601 duration as text (``P8W``) and validates it.

    Convert with :func:`parse_iso_duration` when counting. ``max_length`` defaults to 30.
    """

    default_validators = [validate_iso_duration]
    description = "ISO 8601-duur"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_length", MAX_LENGTH)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == MAX_LENGTH:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        if isinstance(value, str):
            value = value.strip().upper()
        return value
