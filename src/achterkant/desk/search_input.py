"""What an agent typed in the header search box, recognised by its shape.

One box takes a BSN, a case number, a KvK number, a postcode with house number, or a
name with a birth date: the agent should not have to choose a form first. This module
only says *what* was typed (no database, no lookups); ``desk.search_views`` sends each
kind to the search the desk already has for it.

The shapes, tried in this order:

* ``ZAAK-2026-0000001``, also ``zaak 2026 1``: a case number (the number padded to 7).
* 9 digits (spaces and dots allowed): a BSN, which must pass the 11-proef.
* 8 digits: a KvK number. A date typed as ``14031985`` alone is taken as a KvK number
  too; after a name it is a birth date (``de Vries 14031985``).
* ``1011 AB 12``, ``1011ab12``, ``1011AB 12-2``, ``1011AB 12a``: postcode and house number.
* A birth date in the forms people type (``14-03-1985``, ``14/3/1985``, ``14.3.85``,
  ``14 maart 1985``, ``1985-03-14``, ``14031985``), with or without a name around it.
* Letters: a name, with or without its prefix (``de Vries``, ``Vries, de``,
  ``Jan de Vries``).
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from achterkant.identity.validators import clean_bsn, clean_kvk_number, clean_postcode

MAX_LENGTH = 200

# Voorvoegsels as the BRP writes them (Tabel 36), lower case; longer ones are runs of these.
PREFIX_WORDS = frozenset((
    "van", "de", "der", "den", "het", "ter", "ten", "te", "'t", "in", "op", "uit", "aan",
    "bij", "onder", "over", "voor", "vander", "d'", "l'", "la", "le", "les", "du", "da",
    "dal", "del", "della", "di", "dos", "das", "von", "vom", "zu", "zur", "el", "al",
))  # fmt: skip
MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
MONTH_NAMES = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)  # fmt: skip

_CASE_NUMBER = re.compile(r"zaak[\s-]*(\d{4})(?:[\s-]+(\d{1,7})|(\d{7}))", re.IGNORECASE)
_DIGITS = re.compile(r"[\d .]+")
_ADDRESS = re.compile(
    r"([1-9]\d{3})\s*([a-z]{2})[\s,]*(\d{1,5})(?:\s*[-/]?\s*([a-z0-9]{1,4}))?", re.IGNORECASE
)
_POSTCODE_ONLY = re.compile(r"[1-9]\d{3}\s*[a-z]{2}", re.IGNORECASE)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# A date somewhere in the text, standing apart from other digits.
_DATE = re.compile(
    r"(?<![\d\w])(?:"
    r"(?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})-(?P<iso_d>\d{1,2})"
    r"|(?P<d>\d{1,2})\s*[-/. ]\s*(?P<m>\d{1,2})\s*[-/. ]\s*(?P<y>\d{4}|\d{2})"
    rf"|(?P<wd>\d{{1,2}})\s*(?P<wm>{_MONTH})\.?\s*(?P<wy>\d{{4}})"
    r"|(?P<c_d>\d{2})(?P<c_m>\d{2})(?P<c_y>\d{4})"
    r")(?![\d\w])",
    re.IGNORECASE,
)
_NAME = re.compile(r"['’]?[^\W\d_](?:[^\W\d_]|['’.\- ,])*")
OLDEST_YEAR = 1880


@dataclass(frozen=True)
class Bsn:
    bsn: str


@dataclass(frozen=True)
class CaseNumber:
    number: str


@dataclass(frozen=True)
class KvkNumber:
    kvk_number: str
    # The same 8 digits read as a date (ddmmyyyy), when they are one: the agent may have
    # meant a birth date.
    as_date: date | None = None


@dataclass(frozen=True)
class Address:
    postcode: str
    house_number: int
    addition: str = ""


@dataclass(frozen=True)
class Name:
    """A name split as the BRP keeps it: the surname without its prefix."""

    surname: str
    prefix: str = ""
    given_names: str = ""
    birth_date: date | None = None

    @property
    def written(self) -> str:
        """The name as the agent would write it: ``Jan de Vries``."""
        return " ".join(p for p in (self.given_names, self.prefix, self.surname) if p)


@dataclass(frozen=True)
class BirthDate:
    birth_date: date


@dataclass(frozen=True)
class Unusable:
    """Nothing can be searched with this; ``message`` tells the agent why, in Dutch."""

    message: str


Recognised = Bsn | CaseNumber | KvkNumber | Address | Name | BirthDate | Unusable

HELP = (
    "Typ een BSN, zaaknummer, KvK-nummer, postcode met huisnummer, "
    "of een achternaam met geboortedatum."
)


class _ImpossibleDate(ValueError):
    pass


def recognise(text: str, *, today: date | None = None) -> Recognised:
    """What ``text`` is, by its shape; :class:`Unusable` with a Dutch message otherwise."""
    text = " ".join(str(text).split())
    if not text:
        return Unusable(HELP)
    if len(text) > MAX_LENGTH:
        return Unusable(f"Dit is te lang om te zoeken (meer dan {MAX_LENGTH} tekens).")
    today = today or timezone.localdate()
    for attempt in (_case_number, _number, _address):
        found = attempt(text)
        if found is not None:
            return found
    try:
        return _with_date(text, today) or _name(text, None) or Unusable(HELP)
    except _ImpossibleDate as error:
        return Unusable(str(error))


def _case_number(text: str) -> CaseNumber | None:
    match = _CASE_NUMBER.fullmatch(text)
    if match is None:
        return None
    year, short, full = match.groups()
    return CaseNumber(f"ZAAK-{year}-{int(short or full):07d}")


def _number(text: str) -> Recognised | None:
    if not _DIGITS.fullmatch(text):
        return None
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits != text and _DATE.fullmatch(text):
        return None  # a date written with separators: 14.03.1985
    if len(digits) == 9:
        try:
            return Bsn(clean_bsn(digits))
        except ValidationError as error:
            return Unusable(error.messages[0])
    if len(digits) == 8:
        kvk_number = clean_kvk_number(digits)
        return KvkNumber(kvk_number, as_date=_ddmmyyyy(kvk_number))
    return Unusable(
        "Een BSN heeft 9 cijfers, een KvK-nummer 8. Een zaaknummer begint met ZAAK, "
        "zoals ZAAK-2026-0001234."
    )


def _ddmmyyyy(digits: str) -> date | None:
    try:
        return date(int(digits[4:]), int(digits[2:4]), int(digits[:2]))
    except ValueError:
        return None


def _address(text: str) -> Recognised | None:
    match = _ADDRESS.fullmatch(text)
    if match is None:
        if _POSTCODE_ONLY.fullmatch(text):
            return Unusable("Typ ook het huisnummer, bijvoorbeeld: 1011 AB 12.")
        return None
    postcode, letters, number, addition = match.groups()
    try:
        postcode = clean_postcode(postcode + letters)
    except ValidationError as error:
        return Unusable(error.messages[0])
    return Address(postcode, int(number), (addition or "").upper())


def _with_date(text: str, today: date) -> Recognised | None:
    match = _DATE.search(text)
    if match is None:
        return None
    birth_date = _date_of(match, today)
    rest = (text[: match.start()] + " " + text[match.end() :]).strip(" ,")
    if not rest:
        return BirthDate(birth_date)
    return _name(rest, birth_date) or Unusable(HELP)


def _date_of(match: re.Match, today: date) -> date:
    parts = match.groupdict()
    if parts["iso_y"]:
        year, month, day = parts["iso_y"], parts["iso_m"], parts["iso_d"]
    elif parts["y"]:
        year, month, day = parts["y"], parts["m"], parts["d"]
    elif parts["wy"]:
        year, month, day = parts["wy"], MONTHS[parts["wm"].lower()], parts["wd"]
    else:
        year, month, day = parts["c_y"], parts["c_m"], parts["c_d"]
    year, month, day = int(year), int(month), int(day)
    if year < 100:  # "14-3-85": a birth date lies in the past
        year += 2000 if 2000 + year <= today.year else 1900
    if not 1 <= month <= 12:
        raise _ImpossibleDate(f"{match.group(0)} is geen datum: er is geen maand {month}.")
    try:
        typed = date(year, month, day)
    except ValueError:
        raise _ImpossibleDate(
            f"{match.group(0)} is geen datum: {day} {MONTH_NAMES[month - 1]} {year} bestaat niet."
        ) from None
    if typed > today:
        raise _ImpossibleDate(
            f"{match.group(0)} ligt in de toekomst. Een geboortedatum is vandaag of eerder."
        )
    if year < OLDEST_YEAR:
        raise _ImpossibleDate(f"{match.group(0)} is te lang geleden. Controleer het jaar.")
    return typed


def _name(text: str, birth_date: date | None) -> Name | None:
    """``de Vries``, ``Vries, de``, ``Jan de Vries``, ``Vries, Jan de``; None for text
    that is no name (digits, signs)."""
    if not _NAME.fullmatch(text):
        return None
    if "," in text:
        surname, _, rest = (part.strip() for part in text.partition(","))
        words = rest.split()
        cut = len(words)
        while cut and words[cut - 1].lower() in PREFIX_WORDS:
            cut -= 1
        given, prefix = words[:cut], words[cut:]
        surname_words = surname.split()
    else:
        words = text.split()
        start = next(
            (i for i, w in enumerate(words[:-1]) if w.lower() in PREFIX_WORDS), len(words) - 1
        )
        end = start
        while end < len(words) - 1 and words[end].lower() in PREFIX_WORDS:
            end += 1
        given, prefix, surname_words = words[:start], words[start:end], words[end:]
    if not surname_words:
        return None
    return Name(
        surname=" ".join(surname_words),
        prefix=" ".join(prefix).lower(),
        given_names=" ".join(given),
        birth_date=birth_date,
    )


def matches_name(name: Name, given_names: str, prefix: str) -> bool:
    """Whether a person found by surname and birth date fits the rest of what was typed:
    the prefix, when one was typed, and each typed given name as the start of one of the
    person's (``Jan`` fits ``Jan Pieter``, ``J.`` fits ``Johannes``)."""
    if name.prefix and name.prefix != " ".join(prefix.lower().split()):
        return False
    theirs = [n.lower() for n in given_names.split()]
    return all(
        any(their.startswith(typed.rstrip(".").lower()) for their in theirs)
        for typed in name.given_names.split()
    )
