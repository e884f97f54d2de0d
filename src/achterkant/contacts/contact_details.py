"""Phone numbers and e-mail addresses to call or write back on.

One check for every channel (``contact_request_create``), so a number the desk accepts is
one the API accepts too. The number is kept in one compact spelling ("0612345678",
"+32470123456"): the person calling back can dial it as it is, and two spellings of one
number are the same text.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# What people type between digits: "06 - 1234 5678", "(020) 123.45.67", "+31 (0)6 ...".
_SEPARATORS = re.compile(r"\(0\)|[\s\-./()]")
# A Dutch number: ten digits from 0 (mobile 06, area codes, 085/088/091), or a free or
# paid service number (0800/0900/0906/0909) of eight to eleven digits.
_NATIONAL = re.compile(r"0[1-9][0-9]{8}|0[89]0[069][0-9]{4,7}")
# Any other country: "+" and its country code, at most 15 digits in all (ITU E.164).
_INTERNATIONAL = re.compile(r"\+[1-9][0-9]{7,14}")

PHONE_ERROR = "Vul een geldig telefoonnummer in, bijvoorbeeld 06 12345678 of 020 1234567."
EMAIL_ERROR = "Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."


def clean_phone(value: str) -> str:
    """``value`` in its compact spelling; raises ``ValueError`` for anything else.

    "+31 6 12345678" and "0031612345678" become "0612345678": a Dutch number is kept
    as it is dialled at home.
    """
    compact = _SEPARATORS.sub("", value.strip())
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+31"):
        compact = "0" + compact[3:]
    if _NATIONAL.fullmatch(compact) or _INTERNATIONAL.fullmatch(compact):
        return compact
    raise ValueError(value)


def clean_email(value: str) -> str:
    """``value`` without surrounding spaces; raises ``ValueError`` if it is no address."""
    address = value.strip()
    try:
        validate_email(address)
    except ValidationError as error:
        raise ValueError(value) from error
    return address


def phone_display(number: str) -> str:
    """How a number is read aloud and shown: "06-12345678" for a Dutch mobile number,
    anything else as stored."""
    if len(number) == 10 and number.startswith("06") and number.isdigit():
        return f"06-{number[2:]}"
    return number
