"""The header search box recognises what was typed by its shape (desk.search_input)."""

from datetime import date

import pytest

from achterkant.desk.search_input import (
    Address,
    BirthDate,
    Bsn,
    CaseNumber,
    KvkNumber,
    Name,
    Unusable,
    matches_name,
    recognise,
)

TODAY = date(2026, 11, 30)
MARCH_14 = date(1985, 3, 14)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("999993653", Bsn("999993653")),
        (" 9999.93.653 ", Bsn("999993653")),
        ("9999 93 653", Bsn("999993653")),
        ("ZAAK-2026-0000001", CaseNumber("ZAAK-2026-0000001")),
        ("zaak-2026-0000001", CaseNumber("ZAAK-2026-0000001")),
        ("Zaak 2026 0000042", CaseNumber("ZAAK-2026-0000042")),
        ("zaak 2026 42", CaseNumber("ZAAK-2026-0000042")),
        ("ZAAK20260000042", CaseNumber("ZAAK-2026-0000042")),
        ("69599084", KvkNumber("69599084")),
        ("6959 9084", KvkNumber("69599084")),
        ("1011 AB 12", Address("1011AB", 12)),
        ("1011ab12", Address("1011AB", 12)),
        ("1011AB 12-2", Address("1011AB", 12, "2")),
        ("1011AB 12a", Address("1011AB", 12, "A")),
        ("1011 ab 12 bis", Address("1011AB", 12, "BIS")),
        ("1011AB, 12", Address("1011AB", 12)),
    ],
)
def test_numbers_and_addresses(typed, expected):
    assert recognise(typed, today=TODAY) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "14-03-1985", "14/3/1985", "14.3.1985", "14 3 1985", "14 maart 1985", "14 Maart 1985",
        "14 mrt 1985", "14 mrt. 1985", "1985-03-14", "1985-3-14", "14-3-85", "14/03/1985",
    ],
)  # fmt: skip
def test_a_birth_date_alone_in_every_format_people_type(typed):
    assert recognise(typed, today=TODAY) == BirthDate(MARCH_14)


def test_eight_digits_alone_are_a_kvk_number_that_may_be_a_date():
    assert recognise("14031985", today=TODAY) == KvkNumber("14031985", as_date=MARCH_14)
    assert recognise("69599084", today=TODAY).as_date is None  # 69-59: no date


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("de Vries", Name("Vries", "de")),
        ("Vries, de", Name("Vries", "de")),
        ("Vries", Name("Vries")),
        ("Jan de Vries", Name("Vries", "de", "Jan")),
        ("Vries, Jan de", Name("Vries", "de", "Jan")),
        ("Jan Pieter van der Berg", Name("Berg", "van der", "Jan Pieter")),
        ("van den Heuvel-Smit", Name("Heuvel-Smit", "van den")),
        ("'t Hart", Name("Hart", "'t")),
        ("Ten Cate", Name("Cate", "ten")),
        ("Özdemir", Name("Özdemir")),
        ("J. de Vries", Name("Vries", "de", "J.")),
    ],
)
def test_a_name_with_or_without_its_prefix(typed, expected):
    assert recognise(typed, today=TODAY) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "de Vries 14-03-1985", "Vries, de 14/3/1985", "de Vries 14031985",
        "de Vries, 14 maart 1985", "14-03-1985 de Vries", "de Vries 1985-03-14",
    ],
)  # fmt: skip
def test_a_name_with_a_birth_date(typed):
    assert recognise(typed, today=TODAY) == Name("Vries", "de", birth_date=MARCH_14)


def test_given_names_come_along_with_a_date():
    found = recognise("Jan de Vries 14031985", today=TODAY)
    assert found == Name("Vries", "de", "Jan", MARCH_14)
    assert found.written == "Jan de Vries"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31-02-1985", "31-02-1985 is geen datum: 31 februari 1985 bestaat niet."),
        ("de Vries 30-02-1985", "30 februari 1985 bestaat niet."),
        ("14-13-1985", "er is geen maand 13"),
        ("de Vries 29 februari 1985", "29 februari 1985 bestaat niet."),
        ("14-03-2999", "ligt in de toekomst"),
        ("de Vries 01-01-1700", "te lang geleden"),
        ("999993654", "Dit BSN bestaat niet: controleer de cijfers."),
        ("12345", "Een BSN heeft 9 cijfers, een KvK-nummer 8."),
        ("1234567890", "Een BSN heeft 9 cijfers"),
        ("1011 AB", "Typ ook het huisnummer"),
        ("1011 SA 12", "Vul een postcode in zoals 1234 AB."),
        ("", "Typ een BSN, zaaknummer"),
        ("   ", "Typ een BSN, zaaknummer"),
        ("@#!", "Typ een BSN, zaaknummer"),
        ("de Vries 123", "Typ een BSN, zaaknummer"),
        ("<script>", "Typ een BSN, zaaknummer"),
        ("x" * 201, "te lang om te zoeken"),
    ],
)
def test_bad_input_gets_a_clear_dutch_message(typed, message):
    found = recognise(typed, today=TODAY)
    assert isinstance(found, Unusable)
    assert message in found.message


def test_a_leap_day_is_a_date():
    assert recognise("29-02-1984", today=TODAY) == BirthDate(date(1984, 2, 29))
    assert recognise("de Vries 29-02-2000", today=TODAY).birth_date == date(2000, 2, 29)


def test_a_two_digit_year_lies_in_the_past():
    assert recognise("1-2-26", today=TODAY) == BirthDate(date(2026, 2, 1))
    assert recognise("1-2-27", today=TODAY) == BirthDate(date(1927, 2, 1))


def test_today_is_the_latest_birth_date():
    assert recognise("30-11-2026", today=TODAY) == BirthDate(TODAY)
    assert isinstance(recognise("01-12-2026", today=TODAY), Unusable)


@pytest.mark.parametrize(
    ("typed", "given_names", "prefix", "fits"),
    [
        ("de Vries 14-03-1985", "Sophie", "de", True),
        ("Vries 14-03-1985", "Sophie", "de", True),  # no prefix typed: any prefix
        ("de Vries 14-03-1985", "Sophie", "", False),
        ("van Vries 14-03-1985", "Sophie", "de", False),
        ("Sophie de Vries 14-03-1985", "Sophie Anna", "de", True),
        ("Anna de Vries 14-03-1985", "Sophie Anna", "de", True),
        ("S. de Vries 14-03-1985", "Sophie", "de", True),
        ("sophie DE Vries 14-03-1985", "Sophie", "de", True),
        ("Jan de Vries 14-03-1985", "Sophie", "de", False),
    ],
)
def test_a_person_found_fits_the_rest_of_the_name(typed, given_names, prefix, fits):
    assert matches_name(recognise(typed, today=TODAY), given_names, prefix) is fits
