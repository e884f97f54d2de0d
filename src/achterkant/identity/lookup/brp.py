"""The Haal Centraal BRP Personen API (v2) as a person source.

Callers must be able to tell "the BRP refused this question" (:class:`LookupRejected`: fix the
input or the authorisation) from "the BRP could not answer now" (:class:`LookupUnavailable`:
try again later), so every failure is mapped to one of the two, with a Dutch message.
"""

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from achterkant.identity.lookup.base import (
    LookupContext,
    LookupRejected,
    LookupUnavailable,
    PersonRecord,
)

if TYPE_CHECKING:
    import httpx

MAX_RESULTS = 50  # the same cap as the local register, so screens behave alike
# Dataminimalisatie: ask only what a PersonRecord holds. Raadplegen (Persoon) offers the
# structured address; the zoek operations (PersoonBeperkt) only offer printed address lines.
_BASE_FIELDS = [
    "burgerservicenummer", "naam.voornamen", "naam.voorvoegsel", "naam.geslachtsnaam",
    "geboorte.datum", "geheimhoudingPersoonsgegevens",
]  # fmt: skip
RAADPLEEG_FIELDS = _BASE_FIELDS + [
    f"verblijfplaats.verblijfadres.{name}"
    for name in ("officieleStraatnaam", "korteStraatnaam", "huisnummer", "huisletter",
                 "huisnummertoevoeging", "postcode", "woonplaats")
]  # fmt: skip
ZOEK_FIELDS = _BASE_FIELDS + ["adressering.adresregel1", "adressering.adresregel2"]

_REGEL1 = re.compile(r"^(?P<street>.+)\s+(?P<number>\d{1,5})(?P<addition>\D.*)?$")
_REGEL2 = re.compile(r"^(?P<digits>[1-9]\d{3})\s?(?P<letters>[A-Za-z]{2})\s+(?P<city>.+)$")
_LETTER_FIRST = re.compile(r"^(?:(?P<letter>[A-Za-z])(?=$|[\s-]))?[\s-]*(?P<rest>.*)$")


class HaalCentraalPersonLookup:
    """Persons from the BRP via Haal Centraal; construct one per use, it holds no connection."""

    # Every question names its purpose (x-doelbinding): ask again for another purpose.
    purpose_bound = True

    def __init__(self, *, base_url: str, api_key: str = "", timeout: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def by_bsn(self, bsn: str, *, context: LookupContext) -> PersonRecord | None:
        body = {"type": "RaadpleegMetBurgerservicenummer", "burgerservicenummer": [bsn]}
        personen = self._query({**body, "fields": RAADPLEEG_FIELDS}, context)
        return _record(personen[0]) if personen else None

    def by_surname_and_birth_date(
        self, surname: str, birth_date: date, *, context: LookupContext
    ) -> list[PersonRecord]:
        body = {
            "type": "ZoekMetGeslachtsnaamEnGeboortedatum",
            "geslachtsnaam": surname.strip(),
            "geboortedatum": birth_date.isoformat(),
        }
        return self._search(body, context)

    def by_postcode_and_house_number(
        self,
        postcode: str,
        house_number: int,
        *,
        house_number_addition: str = "",
        context: LookupContext,
    ) -> list[PersonRecord]:
        body: dict[str, Any] = {
            "type": "ZoekMetPostcodeEnHuisnummer",
            "postcode": _postcode(postcode),
            "huisnummer": house_number,
        }
        # We keep one "toevoeging" (12A, 12A-3, 12-bis); the BRP splits letter and toevoeging.
        parts = _LETTER_FIRST.match(house_number_addition.strip())
        if parts and parts["letter"]:
            body["huisletter"] = parts["letter"]
        if parts and parts["rest"].strip():
            body["huisnummertoevoeging"] = parts["rest"].strip()
        return self._search(body, context)

    def by_email(self, email: str, *, context: LookupContext) -> PersonRecord | None:
        """Always None: the BRP holds no e-mail addresses and cannot be searched by one.

        Contact details (e-mail, phone) are not BRP data; the Personen API has no search
        type for them. An organisation on the BRP links e-mail from unknown senders by
        hand (the desk's "e-mail" page), after asking for the BSN. No request is sent.
        """
        return None

    def _search(self, body: dict[str, Any], context: LookupContext) -> list[PersonRecord]:
        records = [_record(p) for p in self._query({**body, "fields": ZOEK_FIELDS}, context) or []]
        return sorted(records, key=lambda r: (r.surname.lower(), r.bsn))[:MAX_RESULTS]

    def _query(self, body: dict[str, Any], context: LookupContext) -> list[dict] | None:
        """POST one question; the found personen, or None when the BRP answers 404 itself."""
        if not self.base_url:
            raise LookupUnavailable("Er is geen adres van de BRP ingesteld (BRP_API_URL).")
        url = f"{self.base_url}/personen"
        headers = {"Accept": "application/json", "x-doelbinding": context.purpose,
                   "x-verwerking": context.processing, "x-gebruiker": context.user}  # fmt: skip
        if self.api_key:
            headers["X-Api-Key"] = self.api_key
        sent = {name: _one_line(value) for name, value in headers.items()}
        # Imported here: httpx pulls in rich, click and pygments (~5 MB per web process).
        import httpx

        try:
            response = httpx.post(url, json=body, headers=sent, timeout=self.timeout)
        except httpx.TimeoutException as exc:
            raise _unavailable(
                f"De BRP gaf geen antwoord binnen {self.timeout:g} seconden."
            ) from exc
        except (httpx.HTTPError, httpx.InvalidURL) as exc:  # refused, DNS, broken connection
            raise _unavailable(f"De BRP is niet bereikbaar ({type(exc).__name__}).") from exc
        return _answer(response, url)


def _answer(response: "httpx.Response", url: str) -> list[dict] | None:
    """Turn an HTTP answer into personen or the right PersonLookupError."""
    status, data = response.status_code, _json(response)
    if status == 200:
        personen = data.get("personen", []) if isinstance(data, dict) else None
        if not isinstance(personen, list) or not all(isinstance(p, dict) for p in personen):
            raise _unavailable("De BRP gaf een onleesbaar antwoord.")
        return personen
    problem = data if isinstance(data, dict) else {}  # RFC 7807 problem+json, if any
    said = " ".join(str(problem[k]).strip() for k in ("title", "detail") if problem.get(k))
    said = f": {said}" if said else "."
    if status == 400:
        params = [p for p in problem.get("invalidParams") or [] if isinstance(p, dict)]
        reasons = "; ".join(f"{p.get('name', '?')}: {p.get('reason', p.get('code', '?'))}"
                            for p in params)  # fmt: skip
        raise LookupRejected(
            f"De BRP weigert de vraag{said}" + (f" ({reasons})" if reasons else ""),
            invalid_params=params,
        )
    if status in (401, 403):
        raise LookupRejected(
            f"De BRP weigert de toegang (HTTP {status}){said} "
            "Controleer de API-sleutel en de autorisatie van deze organisatie."
        )
    if status == 404 and problem:
        return None  # the API itself says "not found"; normally it answers 200 with []
    if status == 404:
        raise LookupUnavailable(
            f"De BRP-dienst is niet gevonden op {url} (HTTP 404). Controleer BRP_API_URL."
        )
    if status == 429 or status >= 500:
        raise _unavailable(f"De BRP is tijdelijk niet beschikbaar (HTTP {status}){said}")
    if 400 <= status < 500:
        raise LookupRejected(f"De BRP weigert de vraag (HTTP {status}){said}")
    raise LookupUnavailable(f"De BRP gaf een onverwacht antwoord (HTTP {status}).")


def _unavailable(reason: str) -> LookupUnavailable:
    return LookupUnavailable(f"{reason} Probeer het later opnieuw.")


def _json(response: "httpx.Response") -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _one_line(value: str) -> str | bytes:
    """A newline would split the header; httpx sends str as ASCII, so anything else as UTF-8."""
    value = " ".join(str(value).split())
    return value if value.isascii() else value.encode()


def _record(persoon: dict[str, Any]) -> PersonRecord:
    naam = persoon.get("naam") or {}
    secret = bool(persoon.get("geheimhoudingPersoonsgegevens"))
    return PersonRecord(
        bsn=str(persoon.get("burgerservicenummer", "")),
        given_names=naam.get("voornamen", ""),
        surname_prefix=naam.get("voorvoegsel", ""),
        surname=naam.get("geslachtsnaam", ""),
        birth_date=_birth_date((persoon.get("geboorte") or {}).get("datum")),
        secret=secret,
        **({} if secret else _address(persoon)),
    )


def _birth_date(value: Any) -> date | None:
    """Only a complete date is a date; the BRP also has DatumOnbekend, JaarDatum, JaarMaandDatum."""
    if isinstance(value, dict):
        value = value.get("datum") if value.get("type", "Datum") == "Datum" else None
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _address(persoon: dict[str, Any]) -> dict[str, Any]:
    adres = (persoon.get("verblijfplaats") or {}).get("verblijfadres") or {}
    if adres.get("officieleStraatnaam") or adres.get("korteStraatnaam"):
        letter, toevoeging = adres.get("huisletter", ""), adres.get("huisnummertoevoeging", "")
        number = adres.get("huisnummer")
        return {
            "street": adres.get("officieleStraatnaam") or adres.get("korteStraatnaam"),
            "house_number": int(number) if str(number).isdigit() else None,
            "house_number_addition": letter + (f"-{toevoeging}" if toevoeging else ""),
            "postcode": _postcode(adres.get("postcode", "")),
            "city": adres.get("woonplaats", ""),
        }
    # Zoek results only carry adresregels ("Borgesiusstraat 103 c", "2497 BV  SCHEVENINGEN").
    lines = persoon.get("adressering") or {}
    first = _REGEL1.match((lines.get("adresregel1") or "").strip())
    second = _REGEL2.match((lines.get("adresregel2") or "").strip())
    if not (first and second):
        return {}  # abroad, a locatiebeschrijving, or unknown: nothing we can split reliably
    return {
        "street": re.sub(r"\s+(?:to|by)$", "", first["street"]),  # aanduiding bij huisnummer
        "house_number": int(first["number"]),
        "house_number_addition": (first["addition"] or "").strip(),
        "postcode": _postcode(second["digits"] + second["letters"]),
        "city": second["city"].strip(),
    }


def _postcode(value: str) -> str:
    return "".join(value.split()).upper()
