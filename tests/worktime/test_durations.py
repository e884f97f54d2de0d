"""ISO 8601 durations as ZGW uses them."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import models

from achterkant.worktime.durations import (
    INVALID_MESSAGE,
    IsoDurationField,
    describe_duration,
    format_iso_duration,
    iso_duration_to_timedelta,
    parse_iso_duration,
    validate_iso_duration,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("P8W", relativedelta(weeks=8)),
        ("P56D", relativedelta(days=56)),
        ("P6W", relativedelta(days=42)),
        ("P1Y", relativedelta(years=1)),
        ("P2M10D", relativedelta(months=2, days=10)),
        ("PT4H", relativedelta(hours=4)),
        ("PT30M", relativedelta(minutes=30)),
        ("P1DT4H", relativedelta(days=1, hours=4)),
        ("P1Y2M3DT4H5M6S", relativedelta(years=1, months=2, days=3, hours=4, minutes=5, seconds=6)),
        ("P1W2D", relativedelta(days=9)),
        ("P0D", relativedelta()),
        (" p8w ", relativedelta(weeks=8)),
    ],
)
def test_parse(value, expected):
    assert parse_iso_duration(value) == expected


@pytest.mark.parametrize(
    "value",
    ["", "P", "PT", "8W", "P8", "-P1D", "P-1D", "P0.5D", "P1,5D", "P8W8", "PT4", "P 8W", "P1H",
     "P4HT", "twee weken", "P10000Y", "P" + "1" * 40 + "D"],
)  # fmt: skip
def test_invalid_durations_give_the_dutch_message(value):
    with pytest.raises(ValidationError) as error:
        parse_iso_duration(value)
    assert error.value.messages[0] in (
        INVALID_MESSAGE,
        "Deze termijn is te lang: vul een termijn van hoogstens 100 jaar in.",
    )
    with pytest.raises(ValidationError):
        validate_iso_duration(value)


def test_the_message_explains_the_format():
    with pytest.raises(ValidationError) as error:
        parse_iso_duration("acht weken")
    assert error.value.messages == [
        "Vul een termijn in als ISO 8601-duur, bijvoorbeeld P8W (8 weken) of P10D (10 dagen)."
    ]


def test_non_strings_are_invalid():
    with pytest.raises(ValidationError):
        parse_iso_duration(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rd", "expected"),
    [
        (relativedelta(weeks=8), "P8W"),
        (relativedelta(days=10), "P10D"),
        (relativedelta(years=1), "P1Y"),
        (relativedelta(months=2, days=10), "P2M10D"),
        (relativedelta(hours=4), "PT4H"),
        (relativedelta(days=14, hours=1), "P14DT1H"),
        (relativedelta(hours=25), "P1DT1H"),
        (relativedelta(), "P0D"),
    ],
)
def test_format(rd, expected):
    assert format_iso_duration(rd) == expected


@pytest.mark.parametrize(
    "rd", [relativedelta(days=-1), relativedelta(months=-1), relativedelta(day=31),
           relativedelta(microseconds=5)],
)  # fmt: skip
def test_format_refuses_what_iso_cannot_say(rd):
    with pytest.raises(ValueError):
        format_iso_duration(rd)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("P8W", "8 weken"),
        ("P1W", "1 week"),
        ("P10D", "10 dagen"),
        ("P1D", "1 dag"),
        ("P1Y", "1 jaar"),
        ("P2Y", "2 jaar"),
        ("P1M", "1 maand"),
        ("P2M10D", "2 maanden en 10 dagen"),
        ("PT4H", "4 uur"),
        ("PT1H30M", "1 uur en 30 minuten"),
        ("P1Y2M3D", "1 jaar, 2 maanden en 3 dagen"),
        ("P0D", "0 dagen"),
    ],
)
def test_describe_in_dutch(value, text):
    assert describe_duration(value) == text


def test_fixed_length_durations_convert_to_timedelta():
    assert iso_duration_to_timedelta("PT4H") == timedelta(hours=4)
    assert iso_duration_to_timedelta("PT40H") == timedelta(hours=40)
    assert iso_duration_to_timedelta("P2W") == timedelta(days=14)
    with pytest.raises(ValidationError):
        iso_duration_to_timedelta("P1M")


def test_field_defaults_validates_and_deconstructs_cleanly():
    field = IsoDurationField("termijn")
    field.set_attributes_from_name("term")
    assert field.max_length == 30
    _, path, args, kwargs = field.deconstruct()
    assert path == "achterkant.worktime.durations.IsoDurationField"
    assert "max_length" not in kwargs
    assert "validators" not in kwargs
    assert field.clean(" p8w ", None) == "P8W"
    with pytest.raises(ValidationError):
        field.clean("acht weken", None)
    wide = IsoDurationField(max_length=40)
    assert wide.deconstruct()[3]["max_length"] == 40
    assert isinstance(field, models.CharField)
