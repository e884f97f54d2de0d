"""The Documenten API's answers, with real rows behind them, valid against the official OAS
(``documenten-1.5.0.yaml``). What the OAS cannot take is listed in ``DOCUMENTED`` with why."""

import pytest

from tests.api.documenten.support import DRC, DrcClient, document_type
from tests.api.oas_check import violations
from tests.api.zaken.test_parts_support import ZrcClient

OAS = "documenten-1.5.0.yaml"
# Nothing the OAS cannot take, so far (a desk document without a type would show
# ``informatieobjecttype`` "": docs/api-documenten.md, "Known limits").
DOCUMENTED: tuple[str, ...] = ()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _check(method: str, url: str, response) -> list[str]:
    assert response.status_code < 500, response.content
    found = violations(OAS, DRC, method, url, response)
    return [v for v in found if not any(v.split(": ")[0].endswith(d) for d in DOCUMENTED)]


def test_every_answer_is_valid_against_the_oas(tenant_a):
    api = DrcClient(tenant_a)
    row = document_type(tenant_a)
    problems = []
    created = api.post("/enkelvoudiginformatieobjecten", api.eio_body(row))
    problems += _check("POST", api.url("/enkelvoudiginformatieobjecten"), created)
    url = created.json()["url"]
    for path in ("/enkelvoudiginformatieobjecten", url, f"{url}/audittrail"):
        problems += _check("GET", api.url(path), api.get(path))
    lock = api.post(f"{url}/lock")
    problems += _check("POST", f"{url}/lock", lock)
    patched = api.patch(url, {"titel": "Nieuw", "lock": lock.json()["lock"]})
    problems += _check("PATCH", url, patched)
    unlocked_twice = api.patch(url, {"titel": "Nieuw"})  # a 400 with invalidParams
    problems += _check("PATCH", url, unlocked_twice)
    right = api.post(
        "/gebruiksrechten",
        {"informatieobject": url, "startdatum": "2026-01-01T12:00:00",
         "omschrijvingVoorwaarden": "Intern"},
    )  # fmt: skip
    problems += _check("POST", api.url("/gebruiksrechten"), right)
    problems += _check("GET", api.url("/gebruiksrechten"), api.get("/gebruiksrechten"))
    problems += _check("GET", right.json()["url"], api.get(right.json()["url"]))
    sent = api.post(
        "/verzendingen",
        {"informatieobject": url, "betrokkene": "https://klanten.example.nl/klanten/1",
         "aardRelatie": "geadresseerde", "contactPersoon": "https://medewerkers.example.nl/1",
         "verzenddatum": "2026-01-02"},
    )  # fmt: skip
    problems += _check("POST", api.url("/verzendingen"), sent)
    problems += _check("GET", api.url("/verzendingen"), api.get("/verzendingen"))
    case = tenant_a.open_case()
    zrc = ZrcClient(tenant_a)
    zrc.post("/zaakinformatieobjecten", {"zaak": zrc.zaak_url(case), "informatieobject": url})
    oio = api.get("/objectinformatieobjecten")
    problems += _check("GET", api.url("/objectinformatieobjecten"), oio)
    problems += _check("GET", oio.json()[0]["url"], api.get(oio.json()[0]["url"]))
    assert problems == [], "\n".join(problems)
