"""The answers to a web form, checked by the catalog: one rule per field type, in Dutch.

No database: the check is a pure function of the form definition and what was sent.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from achterkant.catalog.form_answers import answer_fields, clean_answers
from achterkant.identity.lookup import PersonRecord

PDF = b"%PDF-1.4\n%%EOF\n"


def _form(*fields: dict) -> dict:
    return {"fields": list(fields)}


def _errors(definition: dict, data: dict, files: dict | None = None, **options) -> dict:
    with pytest.raises(ValidationError) as caught:
        clean_answers(definition, data, files, **options)
    return caught.value.message_dict


def test_text_is_stripped_required_and_limited():
    form = _form(
        {"name": "naam", "label": "Uw naam", "type": "text", "required": True, "max_length": 5}
    )
    cleaned = clean_answers(form, {"naam": "  Sofie "})
    assert cleaned.answers == {"naam": "Sofie"}
    assert cleaned.lines == [("Uw naam", "Sofie")]
    assert _errors(form, {"naam": "   "}) == {"naam": ["Dit veld is verplicht."]}
    assert _errors(form, {}) == {"naam": ["Dit veld is verplicht."]}
    (message,) = _errors(form, {"naam": "Sophie"})["naam"]
    assert message == "Zorg dat deze waarde niet meer dan 5 tekens bevat (het zijn er nu 6)."


def test_long_text_has_its_own_limit_and_becomes_the_description():
    form = _form(
        {"name": "wat", "label": "Wat?", "type": "long_text", "max_length": 300,
         "description": True},
    )  # fmt: skip
    cleaned = clean_answers(form, {"wat": "Een losse tegel. " * 10})
    assert cleaned.description == ("Een losse tegel. " * 10).strip()[:80]
    assert "niet meer dan 300 tekens" in _errors(form, {"wat": "x" * 301})["wat"][0]
    assert clean_answers(form, {"wat": ""}).answers == {}  # not required: left out


def test_a_number_is_read_the_dutch_way_and_kept_within_its_bounds():
    form = _form({"name": "aantal", "label": "Hoeveel?", "type": "number", "min": 1, "max": 10})
    assert clean_answers(form, {"aantal": "2"}).answers == {"aantal": 2}
    cleaned = clean_answers(form, {"aantal": "2,5"})
    assert cleaned.answers == {"aantal": 2.5} and cleaned.lines == [("Hoeveel?", "2,5")]
    assert _errors(form, {"aantal": "11"}) == {
        "aantal": ["Zorg ervoor dat deze waarde hoogstens 10 is."]
    }
    assert _errors(form, {"aantal": "0"}) == {
        "aantal": ["Zorg ervoor dat deze waarde minstens 1 is."]
    }
    assert _errors(form, {"aantal": "veel"}) == {"aantal": ["Voer een getal in."]}


def test_a_date_takes_both_spellings_and_refuses_words():
    form = _form({"name": "sinds", "label": "Sinds?", "type": "date"})
    for sent in ("2026-11-20", "20-11-2026"):
        cleaned = clean_answers(form, {"sinds": sent})
        assert cleaned.answers == {"sinds": "2026-11-20"}
        assert cleaned.lines == [("Sinds?", "20 november 2026")]
    assert _errors(form, {"sinds": "gisteren"}) == {"sinds": ["Voer een geldige datum in."]}


def test_a_choice_must_be_one_of_the_choices():
    form = _form(
        {"name": "soort", "label": "Soort", "type": "choice", "required": True,
         "choices": ["Stoeptegel", "Lantaarn"]},
    )  # fmt: skip
    assert clean_answers(form, {"soort": "Lantaarn"}).answers == {"soort": "Lantaarn"}
    (message,) = _errors(form, {"soort": "Boom"})["soort"]
    assert message.startswith("Selecteer een geldige keuze. Boom is geen")
    assert _errors(form, {"soort": ""}) == {"soort": ["Dit veld is verplicht."]}


def test_yes_no_is_kept_as_true_or_false():
    form = _form({"name": "gevaarlijk", "label": "Gevaarlijk?", "type": "yes_no",
                  "required": True})  # fmt: skip
    assert clean_answers(form, {"gevaarlijk": "ja"}).answers == {"gevaarlijk": True}
    cleaned = clean_answers(form, {"gevaarlijk": "nee"})
    assert cleaned.answers == {"gevaarlijk": False} and cleaned.lines == [("Gevaarlijk?", "nee")]
    assert "gevaarlijk" in _errors(form, {"gevaarlijk": "misschien"})
    assert _errors(form, {}) == {"gevaarlijk": ["Dit veld is verplicht."]}


def test_an_address_is_checked_in_three_parts_and_completed_from_the_own_record():
    form = _form({"name": "locatie", "label": "Waar?", "type": "address", "required": True})
    assert list(answer_fields(form["fields"][0])) == [
        "locatie__postcode", "locatie__huisnummer", "locatie__toevoeging",
    ]  # fmt: skip
    sent = {"locatie__postcode": "1011 ab", "locatie__huisnummer": "12"}
    cleaned = clean_answers(form, sent)
    assert cleaned.postcode == "1011AB"
    assert cleaned.answers == {
        "locatie": {"postcode": "1011AB", "house_number": 12, "addition": ""}
    }
    assert cleaned.lines == [("Waar?", "1011AB 12")]
    person = PersonRecord(
        bsn="999993653", given_names="Sophie", surname_prefix="de", surname="Vries",
        birth_date=date(1985, 3, 14), street="Kerkstraat", house_number=12, postcode="1011AB",
        city="Voorbeeld",
    )  # fmt: skip
    assert clean_answers(form, sent, person=person).lines == [
        ("Waar?", "Kerkstraat 12, 1011AB Voorbeeld")
    ]
    errors = _errors(form, {"locatie__postcode": "0000 XX", "locatie__huisnummer": "0",
                            "locatie__toevoeging": "ABCDE"})  # fmt: skip
    assert errors["locatie__postcode"] == ["Vul een postcode in zoals 1234 AB."]
    assert errors["locatie__huisnummer"] == ["Zorg ervoor dat deze waarde minstens 1 is."]
    assert "niet meer dan 4 tekens" in errors["locatie__toevoeging"][0]
    assert _errors(form, {}) == {
        "locatie__postcode": ["Dit veld is verplicht."],
        "locatie__huisnummer": ["Dit veld is verplicht."],
    }


def test_a_file_is_required_when_asked_and_its_content_checked_by_the_caller():
    form = _form({"name": "foto", "label": "Foto", "type": "file", "required": True})
    assert _errors(form, {}) == {"foto": ["Dit veld is verplicht."]}
    assert _errors(form, {}, {"foto": SimpleUploadedFile("leeg.pdf", b"")}) == {
        "foto": ["Het verstuurde bestand is leeg."]
    }
    upload = SimpleUploadedFile("tegel.pdf", PDF)
    checked = []
    cleaned = clean_answers(form, {}, {"foto": upload}, check_file=checked.append)
    assert checked == [upload]
    assert cleaned.uploads == [("Foto", upload)]
    assert cleaned.answers == {"foto": {"file": True, "size": len(PDF)}}
    assert cleaned.lines == [("Foto", "zie bijgevoegd document")]

    def refuse(_upload):
        raise ValidationError({"file": "Dit soort bestand kunnen we niet aannemen."})

    assert _errors(form, {}, {"foto": upload}, check_file=refuse) == {
        "foto": ["Dit soort bestand kunnen we niet aannemen."]
    }
    # A file sent as a plain value is not a file.
    assert _errors(form, {"foto": "tegel.pdf"}) == {"foto": ["Dit veld is verplicht."]}


def test_every_wrong_field_is_reported_at_once_and_unknown_keys_are_ignored():
    form = _form(
        {"name": "naam", "label": "Naam", "type": "text", "required": True},
        {"name": "aantal", "label": "Aantal", "type": "number", "max": 3},
        {"name": "sinds", "label": "Sinds", "type": "date"},
    )
    errors = _errors(form, {"aantal": "4", "sinds": "nooit", "admin": "ja"})
    assert set(errors) == {"naam", "aantal", "sinds"}
    cleaned = clean_answers(form, {"naam": "Sophie", "admin": "ja", "aantal": ""})
    assert cleaned.answers == {"naam": "Sophie"}


def test_an_empty_definition_has_no_answers():
    assert clean_answers({}, {"iets": "x"}).answers == {}
    assert clean_answers(None, {}).lines == []
