"""BSN, RSIN and KvK-nummer: normalise, validate, and explain errors in Dutch."""

import re

from django.core.exceptions import ValidationError

from achterkant.tenancy.validators import (
    normalise_nine_digits,
    passes_eleven_test,
    validate_eleven_test,
    validate_rsin,
)

__all__ = [
    "normalise_nine_digits",
    "passes_eleven_test",
    "is_valid_bsn",
    "clean_bsn",
    "validate_bsn",
    "validate_rsin",
    "clean_kvk_number",
    "validate_kvk_number",
    "clean_postcode",
]

# Dutch postcode: 4 digits (not starting with 0), 2 letters; SA, SD and SS are not issued.
_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?(?!SA|SD|SS)([A-Z]{2})$")


def is_valid_bsn(value: str) -> bool:
    return passes_eleven_test(normalise_nine_digits(value))


def clean_bsn(value: str) -> str:
    """The normalised BSN (9 digits), or a ValidationError naming the field."""
    return validate_eleven_test(value, label="BSN")


def validate_bsn(value: str) -> None:
    clean_bsn(value)


def clean_kvk_number(value: str) -> str:
    """A KvK-nummer has exactly 8 digits (a vestigingsnummer has 12)."""
    cleaned = "".join(ch for ch in str(value) if ch not in " .")
    if len(cleaned) != 8 or not cleaned.isascii() or not cleaned.isdigit():
        raise ValidationError("Het KvK-nummer moet uit 8 cijfers bestaan.", code="invalid_kvk")
    return cleaned


def validate_kvk_number(value: str) -> None:
    clean_kvk_number(value)


def clean_postcode(value: str) -> str:
    """The postcode as the registers write it (``1234AB``), or a Dutch error."""
    match = _POSTCODE.match(str(value).strip().upper())
    if not match:
        raise ValidationError("Vul een postcode in zoals 1234 AB.", code="invalid_postcode")
    return match.group(1) + match.group(2)
