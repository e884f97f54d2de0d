"""Validation of the RSIN, the organisation's 9-digit number with the 11-proef.

The 11-proef itself lives here, in the platform layer, because tenancy needs it
for RSINs; identity re-exports it for BSNs.
"""

from django.core.exceptions import ValidationError

ELEVEN_TEST_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def normalise_nine_digits(value: str) -> str:
    """Strip spaces and dots; an 8-digit number gets its leading zero back."""
    cleaned = "".join(ch for ch in str(value) if ch not in " .")
    if len(cleaned) == 8 and cleaned.isdigit():
        cleaned = "0" + cleaned
    return cleaned


def passes_eleven_test(value: str) -> bool:
    """The 11-proef: sum of digits × (9..2, −1) is divisible by 11; never all zeros."""
    if len(value) != 9 or not value.isascii() or not value.isdigit() or value == "000000000":
        return False
    return sum(int(d) * w for d, w in zip(value, ELEVEN_TEST_WEIGHTS, strict=True)) % 11 == 0


def validate_eleven_test(value: str, *, label: str) -> str:
    """Return the normalised number or raise a Dutch error that names the field."""
    normalised = normalise_nine_digits(value)
    if len(normalised) != 9 or not normalised.isdigit():
        raise ValidationError(f"Het {label} moet uit 9 cijfers bestaan.", code="invalid_length")
    if not passes_eleven_test(normalised):
        raise ValidationError(
            f"Dit {label} bestaat niet: controleer de cijfers.", code="invalid_checksum"
        )
    return normalised


def validate_rsin(value: str) -> None:
    validate_eleven_test(value, label="RSIN")


# The ZGW standard's RSIN check: 9 digits and the 11-proef, which 000000000 passes. The ZGW
# suite and test clients use it as "no RSIN"; our own registers refuse it (validate_rsin).
ZGW_NO_RSIN = "000000000"


def passes_zgw_rsin_test(value: str) -> bool:
    return value == ZGW_NO_RSIN or passes_eleven_test(value)


def validate_zgw_rsin(value: str) -> None:
    """An RSIN field of a ZGW resource (a catalogue's, a zaak's bronorganisatie)."""
    if value != ZGW_NO_RSIN:
        validate_rsin(value)
