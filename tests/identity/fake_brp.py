"""A small local stand-in for the Haal Centraal BRP Personen API (v2), for tests.

It speaks the real shapes so the client is tested against the contract, not against itself:
``POST /haalcentraal/api/brp/personen`` with a ``type`` and a mandatory ``fields`` list,
``application/problem+json`` errors with ``invalidParams`` worded as in the BRP feature files,
``PersoonBeperkt`` (adresregels only) for the zoek operations and ``Persoon`` (with
``verblijfplaats.verblijfadres``) for raadplegen. Only the behaviour the client relies on is
modelled; the protocol headers check (``x-doelbinding`` and friends) stands in for a gateway.
"""

import copy
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

BASE_PATH = "/haalcentraal/api/brp"
PATH = f"{BASE_PATH}/personen"
API_KEY = "test-api-sleutel"
BAD_REQUEST = "https://datatracker.ietf.org/doc/html/rfc7231#section-6.5.1"
PROTOCOL_HEADERS = ("x-doelbinding", "x-verwerking", "x-gebruiker")

# Field paths each result type accepts (a subset of the BRP's fields-mapping CSVs).
PERSOON_BEPERKT_FIELDS = {
    "burgerservicenummer", "geheimhoudingPersoonsgegevens", "geslacht", "leeftijd", "naam",
    "naam.voornamen", "naam.voorvoegsel", "naam.geslachtsnaam", "naam.voorletters",
    "naam.volledigeNaam", "geboorte", "geboorte.datum", "adressering",
    "adressering.adresregel1", "adressering.adresregel2", "adressering.adresregel3",
}  # fmt: skip
PERSOON_FIELDS = PERSOON_BEPERKT_FIELDS | {
    "aNummer", "geboorte.plaats", "geboorte.land", "verblijfplaats",
    "verblijfplaats.verblijfadres",
    *(f"verblijfplaats.verblijfadres.{name}" for name in (
        "officieleStraatnaam", "korteStraatnaam", "huisnummer", "huisletter",
        "huisnummertoevoeging", "aanduidingBijHuisnummer", "postcode", "woonplaats",
        "regel1", "regel2", "regel3", "land")),
}  # fmt: skip
TYPES = {
    "RaadpleegMetBurgerservicenummer": ({"burgerservicenummer"}, set(), PERSOON_FIELDS),
    "ZoekMetGeslachtsnaamEnGeboortedatum": (
        {"geslachtsnaam", "geboortedatum"},
        {"voornamen", "voorvoegsel", "geslacht", "inclusiefOverledenPersonen"},
        PERSOON_BEPERKT_FIELDS,
    ),
    "ZoekMetPostcodeEnHuisnummer": (
        {"postcode", "huisnummer"},
        {"huisletter", "huisnummertoevoeging", "inclusiefOverledenPersonen"},
        PERSOON_BEPERKT_FIELDS,
    ),
}
PATTERNS = {
    "geslachtsnaam": r"^[a-zA-Z0-9À-ž \.\-\']{1,200}$|^[a-zA-Z0-9À-ž \.\-\']{3,199}\*{1}$",
    "postcode": r"^[1-9]{1}[0-9]{3}[ ]?[A-Za-z]{2}$",
    "huisletter": r"^[a-zA-Z]{1}$",
    "huisnummertoevoeging": r"^[a-zA-Z0-9 \-]{1,4}$",
}


def _date(iso: str | None) -> dict[str, Any]:
    if iso is None:
        return {"type": "DatumOnbekend", "onbekend": True, "langFormaat": "onbekend"}
    return {"type": "Datum", "datum": iso, "langFormaat": f"lang {iso}"}


def _person(bsn, voornamen, geslachtsnaam, geboorte, adres, *, voorvoegsel="", geheim=False):
    """One person in the real v2 response shape, with adresregels derived from the address."""
    naam = {
        "voornamen": voornamen,
        "geslachtsnaam": geslachtsnaam,
        "voorletters": "".join(f"{n[0]}." for n in voornamen.split()),
    }
    if voorvoegsel:
        naam["voorvoegsel"] = voorvoegsel
    naam["volledigeNaam"] = " ".join(p for p in (voornamen, voorvoegsel, geslachtsnaam) if p)
    person: dict[str, Any] = {"burgerservicenummer": bsn, "naam": naam}
    person["geboorte"] = {"datum": geboorte, "land": {"code": "6030", "omschrijving": "Nederland"}}
    if geheim:
        person["geheimhoudingPersoonsgegevens"] = True
    if "regel1" in adres:  # abroad
        person["verblijfplaats"] = {"type": "VerblijfplaatsBuitenland", "verblijfadres": adres}
        person["adressering"] = {"adresregel1": adres["regel1"], "adresregel2": adres["regel2"]}
        return person
    person["verblijfplaats"] = {
        "type": "Adres",
        "verblijfadres": adres,
        "functieAdres": {"code": "W", "omschrijving": "woonadres"},
    }
    street = adres.get("korteStraatnaam") or adres["officieleStraatnaam"]
    number = f"{adres['huisnummer']}{adres.get('huisletter', '')}"
    if adres.get("huisnummertoevoeging"):
        number += f"-{adres['huisnummertoevoeging']}"
    postcode = adres["postcode"]
    person["adressering"] = {
        "adresregel1": f"{street} {number}",
        "adresregel2": f"{postcode[:4]} {postcode[4:]}  {adres['woonplaats'].upper()}",
        "land": {"code": "6030", "omschrijving": "Nederland"},
    }
    return person


def _adres(straat, huisnummer, postcode, woonplaats, **extra):
    return {
        "officieleStraatnaam": straat,
        "korteStraatnaam": straat[:24],
        "huisnummer": huisnummer,
        "postcode": postcode,
        "woonplaats": woonplaats,
        **extra,
    }


def default_persons() -> list[dict[str, Any]]:
    return [
        _person(
            "999993653",
            "Johanna Maria",
            "Vries",
            _date("1980-05-01"),
            _adres("Boterdiep", 31, "3077AW", "Rotterdam"),
            voorvoegsel="de",
        ),
        _person(
            "999992351",
            "Pieter",
            "Vries",
            _date("1980-05-01"),
            _adres(
                "Boterdiep", 31, "3077AW", "Rotterdam", huisletter="A", huisnummertoevoeging="2"
            ),
            voorvoegsel="de",
        ),
        _person(
            "999995492",
            "Kees",
            "Jansen",
            _date("1975-02-03"),
            _adres("Borgesiusstraat", 103, "2497BV", "Scheveningen"),
            geheim=True,
        ),
        _person(
            "999994220",
            "Ayşe",
            "Öztürk",
            _date(None),
            {
                "korteStraatnaam": "Laan v Meerdervoort",
                "huisnummer": 7,
                "postcode": "2517AA",
                "woonplaats": "'s-Gravenhage",
            },
        ),
        _person(
            "999992806",
            "Marie",
            "Dubois",
            {"type": "JaarMaandDatum", "jaar": 1968, "maand": 3, "langFormaat": "maart 1968"},
            {
                "regel1": "14 Rue Camulogene",
                "regel2": "75015 Parijs",
                "land": {"code": "5002", "omschrijving": "Frankrijk"},
            },
        ),
    ]


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: Any  # the parsed JSON, or the raw bytes when it was not JSON


def problem(status: int, title: str, invalid: list[dict] | None = None, **extra) -> dict:
    body = {"type": BAD_REQUEST, "title": title, "status": status, "instance": PATH, **extra}
    if invalid:
        body["detail"] = (
            "De foutieve parameter(s) zijn: " + ", ".join(p["name"] for p in invalid) + "."
        )
        body["invalidParams"] = invalid
    return body


def _invalid(code: str, name: str, reason: str) -> dict[str, str]:
    return {"type": BAD_REQUEST, "code": code, "name": name, "reason": reason}


def validate(body: Any) -> dict | None:
    """The 400 problem the real API would give for this body, or None when it is fine."""
    if not isinstance(body, dict) or body.get("type") not in TYPES:
        bad = [_invalid("value", "type", "Waarde is geen geldig zoek type.")]
        return problem(
            400, "Een of meerdere parameters zijn niet correct.", bad, code="paramsValidation"
        )
    required, optional, allowed_fields = TYPES[body["type"]]
    missing = [
        _invalid("required", n, "Parameter is verplicht.")
        for n in sorted(required | {"fields"})
        if body.get(n) in (None, "")
    ]
    if missing:
        return problem(
            400,
            "Minimale combinatie van parameters moet worden opgegeven.",
            missing,
            code="paramsCombination",
        )
    bad = [
        _invalid("unknownParam", n, "Parameter is niet verwacht.")
        for n in body
        if n not in required | optional | {"type", "fields"}
    ]
    bad += _check_list(body, "fields", 130, r"^[a-zA-Z0-9\._]{1,199}$")
    if not bad:
        bad += [
            _invalid("fields", f"fields[{i}]", "Parameter bevat een niet bestaande veldnaam.")
            for i, f in enumerate(body["fields"])
            if f not in allowed_fields
        ]
    if "burgerservicenummer" in required:
        bad += _check_list(body, "burgerservicenummer", 20, r"^[0-9]{9}$")
    for name, pattern in PATTERNS.items():
        value = body.get(name)
        if value is not None and not (isinstance(value, str) and re.match(pattern, value)):
            bad.append(_invalid("pattern", name, f"Waarde voldoet niet aan patroon {pattern}."))
    if "geboortedatum" in body and not re.fullmatch(
        r"\d{4}-\d{2}-\d{2}", str(body["geboortedatum"])
    ):
        bad.append(_invalid("date", "geboortedatum", "Waarde is geen geldige datum."))
    number = body.get("huisnummer")
    if "huisnummer" in body and not (type(number) is int and 1 <= number <= 99999):
        bad.append(_invalid("integer", "huisnummer", "Waarde is geen geldig getal."))
    if bad:
        return problem(
            400, "Een of meerdere parameters zijn niet correct.", bad, code="paramsValidation"
        )
    return None


def _check_list(body: dict, name: str, max_items: int, pattern: str) -> list[dict]:
    value = body[name]
    if not isinstance(value, list):
        return [_invalid("array", name, "Parameter is geen array.")]
    if not value:
        return [_invalid("minItems", name, "Array bevat minder dan 1 items.")]
    if len(value) > max_items:
        return [_invalid("maxItems", name, f"Array bevat meer dan {max_items} items.")]
    return [
        _invalid("pattern", f"{name}[{i}]", f"Waarde voldoet niet aan patroon {pattern}.")
        for i, v in enumerate(value)
        if not (isinstance(v, str) and re.match(pattern, v))
    ]


def matches(person: dict, query: dict) -> bool:
    kind = query["type"]
    if kind == "RaadpleegMetBurgerservicenummer":
        return person["burgerservicenummer"] in query["burgerservicenummer"]
    if kind == "ZoekMetGeslachtsnaamEnGeboortedatum":
        wanted, surname = query["geslachtsnaam"].lower(), person["naam"]["geslachtsnaam"].lower()
        name_ok = surname.startswith(wanted[:-1]) if wanted.endswith("*") else surname == wanted
        return name_ok and person["geboorte"]["datum"].get("datum") == query["geboortedatum"]
    adres = person["verblijfplaats"].get("verblijfadres", {})
    same = {
        "postcode": adres.get("postcode") == query["postcode"].replace(" ", "").upper(),
        "huisnummer": adres.get("huisnummer") == query["huisnummer"],
    }
    for name in ("huisletter", "huisnummertoevoeging"):
        if name in query:
            same[name] = str(adres.get(name, "")).lower() == query[name].lower()
    return all(same.values())


def project(person: dict, fields: list[str]) -> dict:
    """Only the asked-for paths (a group path brings the whole group), like the real API."""
    result: dict[str, Any] = {}
    for path in fields:
        source, target, keys = person, result, path.split(".")
        for key in keys[:-1]:
            if key not in source:
                break
            source, target = source[key], target.setdefault(key, {})
        else:
            if keys[-1] in source:
                target[keys[-1]] = copy.deepcopy(source[keys[-1]])
    if person.get("geheimhoudingPersoonsgegevens"):  # always delivered when true
        result["geheimhoudingPersoonsgegevens"] = True
    return result


class FakeBrp:
    """The fake's state: its persons, the requests it saw, and how it should misbehave."""

    def __init__(self, persons: list[dict] | None = None, api_key: str | None = API_KEY):
        self.persons = default_persons() if persons is None else persons
        self.api_key = api_key  # None: no key needed
        self.requests: list[RecordedRequest] = []
        self.forced: tuple[int, str, bytes] | None = None
        self.delay = 0.0  # seconds to sit on each request before answering
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.fake = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,))

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{BASE_PATH}"

    @property
    def last_request(self) -> RecordedRequest:
        return self.requests[-1]

    def respond_with(self, status: int, body: Any = None, content_type: str = "") -> None:
        """Answer every next request with this, whatever it asks (dicts are sent as JSON)."""
        if isinstance(body, dict | list):
            body, content_type = json.dumps(body), content_type or "application/problem+json"
        raw = body.encode() if isinstance(body, str) else (body or b"")
        self.forced = (status, content_type or "text/plain", raw)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()  # lets sleeping handlers go
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeBRP/2"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # keep test output clean

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        fake: FakeBrp = self.server.fake  # type: ignore[attr-defined]
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw
        headers = {k.lower(): v for k, v in self.headers.items()}
        fake.requests.append(RecordedRequest("POST", self.path, headers, body))
        if fake.delay and fake._stopping.wait(fake.delay):
            return  # the test is over; the client gave up long ago
        if fake.forced:
            return self._send(*fake.forced)
        if self.path != PATH:  # what a misconfigured URL meets: a gateway page, not the API
            return self._send(404, "text/html", b"<html><body>Not Found</body></html>")
        if fake.api_key is not None and headers.get("x-api-key") != fake.api_key:
            return self._problem(
                401, problem(401, "Niet correct geauthenticeerd.", code="authentication")
            )
        accept = headers.get("accept", "*/*")
        if "application/json" not in accept and "*/*" not in accept:
            return self._problem(
                406,
                problem(406, "Gevraagde contenttype wordt niet ondersteund.", code="notAcceptable"),
            )
        missing = [
            _invalid("required", h, "Header is verplicht.")
            for h in PROTOCOL_HEADERS
            if not headers.get(h)
        ]
        error = (
            validate(body)
            if not missing
            else problem(
                400,
                "Een of meerdere parameters zijn niet correct.",
                missing,
                code="paramsValidation",
            )
        )
        if error:
            return self._problem(400, error)
        found = [project(p, body["fields"]) for p in fake.persons if matches(p, body)]
        payload = json.dumps({"type": body["type"], "personen": found}).encode()
        self._send(200, "application/json; charset=utf-8", payload)

    def _problem(self, status: int, body: dict) -> None:
        self._send(status, "application/problem+json", json.dumps(body).encode())

    def _send(self, status: int, content_type: str, payload: bytes) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except ConnectionError:
            pass  # the client went away (a timeout test); nothing to tell it


@contextmanager
def running_fake_brp(**kwargs: Any) -> Iterator[FakeBrp]:
    """A started FakeBrp, stopped afterwards; keyword arguments go to FakeBrp."""
    fake = FakeBrp(**kwargs)
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()
