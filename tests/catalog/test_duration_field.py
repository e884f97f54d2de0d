"""The term field: a number plus a unit in the form, the same ISO 8601 string in storage."""

import re

import pytest
from django import forms

from achterkant.catalog.duration_field import (
    AMOUNT_MESSAGES,
    CALENDAR_DAYS,
    CALENDAR_TERM_UNITS,
    NO_AMOUNT_MESSAGE,
    NO_UNIT_MESSAGE,
    REQUIRED_MESSAGE,
    SERVICE_NORM_UNITS,
    UNIT_MESSAGE,
    WORKING_DAYS,
    DurationField,
    join_duration,
    split_duration,
)
from achterkant.worktime.durations import INVALID_MESSAGE, TOO_LONG_MESSAGE


class TermForm(forms.Form):
    norm = DurationField(units=SERVICE_NORM_UNITS, required=False)  # may stay empty
    term = DurationField(units=CALENDAR_TERM_UNITS)  # must be filled in


def _clean(**data) -> TermForm:
    form = TermForm(data={"term_amount": "8", "term_unit": "weeks", **data})
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("iso", "units", "expected"),
    [
        ("P5D", SERVICE_NORM_UNITS, (5, "working_days")),
        ("P5D", CALENDAR_TERM_UNITS, (5, "calendar_days")),
        ("P8W", CALENDAR_TERM_UNITS, (8, "weeks")),
        ("P2M", SERVICE_NORM_UNITS, (2, "months")),
        ("P14D", CALENDAR_TERM_UNITS, (14, "calendar_days")),  # not turned into 2 weeks
    ],
)
def test_iso_to_number_and_unit_and_back_is_exact(iso, units, expected):
    assert split_duration(iso, units) == expected
    assert join_duration(*expected, units) == iso


@pytest.mark.parametrize("iso", ["P5D", "P8W", "P2M", "P14D", "P1D"])
def test_a_stored_term_round_trips_through_the_form(iso):
    widget = TermForm.base_fields["term"].widget
    amount, unit, kept = widget.decompress(iso)
    assert kept == ""
    form = TermForm(data={"term_amount": str(amount), "term_unit": unit})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["term"] == iso


@pytest.mark.parametrize("iso", ["P1Y2M", "PT4H", "P1Y", "P2M10D", "P010D"])
def test_a_term_that_does_not_fit_is_split_into_nothing(iso):
    assert split_duration(iso, CALENDAR_TERM_UNITS) is None


def test_a_term_that_does_not_fit_is_shown_and_kept_as_it_is():
    html = str(TermForm(initial={"term": "P1Y2M"})["term"])
    assert 'type="hidden" name="term" value="P1Y2M"' in html
    assert "1 jaar en 2 maanden" in html
    form = TermForm(data={"term": "P1Y2M"})  # posted back untouched
    assert form.is_valid(), form.errors
    assert form.cleaned_data["term"] == "P1Y2M"


def test_a_new_number_and_unit_replace_a_kept_term():
    form = _clean(term="P1Y2M", term_amount="3", term_unit="months")
    assert form.cleaned_data["term"] == "P3M"


def test_a_kept_value_that_is_no_term_is_refused_in_dutch():
    form = TermForm(data={"term": "8 weken"})
    assert form.errors["term"] == [INVALID_MESSAGE]


def test_empty_is_allowed_only_where_the_field_may_be_empty():
    form = _clean()
    assert form.is_valid(), form.errors
    assert form.cleaned_data["norm"] == ""
    form = TermForm(data={"norm_amount": "5", "norm_unit": "working_days"})
    assert form.errors["term"] == [REQUIRED_MESSAGE]
    assert "norm" not in form.errors


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("0", AMOUNT_MESSAGES["min_value"]),
        ("-3", AMOUNT_MESSAGES["min_value"]),
        ("acht", AMOUNT_MESSAGES["invalid"]),
        ("8w", AMOUNT_MESSAGES["invalid"]),
        ("1.5", AMOUNT_MESSAGES["invalid"]),
        ("99999999999999999999", AMOUNT_MESSAGES["max_value"]),
    ],
)
def test_a_bad_number_gets_a_dutch_error(amount, message):
    form = _clean(norm_amount=amount, norm_unit="weeks")
    assert message in form.errors["norm"]


def test_a_term_longer_than_a_hundred_years_is_refused_in_dutch():
    form = _clean(norm_amount="9999", norm_unit="months")
    assert form.errors["norm"] == [TOO_LONG_MESSAGE]


def test_half_a_term_is_refused_in_dutch():
    assert _clean(norm_amount="5").errors["norm"] == [NO_UNIT_MESSAGE]
    assert _clean(norm_unit="weeks").errors["norm"] == [NO_AMOUNT_MESSAGE]


def test_only_the_units_a_field_can_store_are_offered():
    # P5D in a calendar term means calendar days: working days cannot be told apart there.
    form = _clean(term_unit="working_days")
    assert form.errors["term"] == [UNIT_MESSAGE]
    html = str(TermForm()["norm"])
    assert "werkdagen" in html
    assert "kalenderdagen" not in html


def test_two_units_with_one_designator_cannot_share_a_field():
    with pytest.raises(ValueError):
        DurationField(units=(WORKING_DAYS, CALENDAR_DAYS))


def test_the_label_points_to_the_number_box():
    field = TermForm()["term"]
    assert 'for="id_term_0"' in field.label_tag()
    assert re.search(r'<input type="number" name="term_amount"[^>]* id="id_term_0"', str(field))
