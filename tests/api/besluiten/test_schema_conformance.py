"""Every Besluiten API answer, with real rows behind it, valid against the official OAS."""

from tests.api.besluiten.support import (
    BRC,
    BrcClient,
    besluit_body,
    decision_type,
    document,
    document_type,
)
from tests.api.oas_check import errors, schema_validator, violations

OAS = "besluiten-1.0.2.yaml"


def test_answers_match_the_oas(tenant_a):
    case = tenant_a.open_case()
    api = BrcClient(tenant_a)
    brief = document_type(tenant_a)
    vergunning = decision_type(tenant_a, document_types=[brief])
    answers = []

    def checked(method, url, body=None):
        call = {"GET": api.get, "POST": api.post, "PUT": api.put, "PATCH": api.patch,
                "DELETE": api.delete}[method]  # fmt: skip
        response = call(url, body) if body is not None else call(url)
        answers.append((method, url, response))
        return response

    with_zaak = checked("POST", "/besluiten", besluit_body(
        api, vergunning, zaak=api.zaak_url(case), vervaldatum="2027-01-01",
        vervalreden="tijdelijk", publicatiedatum="2026-03-05",
    )).json()["url"]  # fmt: skip
    without = checked("POST", "/besluiten", besluit_body(api, vergunning)).json()["url"]
    checked("GET", "/besluiten")
    checked("GET", with_zaak)
    checked("PUT", with_zaak, besluit_body(api, vergunning, toelichting="x"))
    checked("PATCH", without, {"toelichting": "y"})
    checked("GET", f"{with_zaak}/audittrail")
    checked("POST", "/besluiten", besluit_body(api, vergunning, datum="nee"))
    link = checked("POST", "/besluitinformatieobjecten", {
        "besluit": with_zaak, "informatieobject": api.document_url(document(tenant_a, brief)),
    }).json()["url"]  # fmt: skip
    checked("GET", "/besluitinformatieobjecten")
    checked("GET", link)
    checked("GET", f"{BRC}/besluiten/00000000-0000-0000-0000-000000000000")
    found = []
    for method, url, response in answers:
        if response.status_code == 204:
            continue
        if response.status_code >= 400:
            # The OAS names its error answers by $ref (components/responses), which the
            # checker does not follow: the body is checked against the schema itself.
            name = "ValidatieFout" if response.status_code == 400 else "Fout"
            schema = schema_validator(OAS, {"$ref": f"#/components/schemas/{name}"})
            found += [f"{method} {url}: {v}" for v in errors(schema, response.json())]
            continue
        full = url if url.startswith(("http", BRC)) else f"{BRC}{url}"
        found += [f"{method} {url}: {v}" for v in violations(OAS, BRC, method, full, response)]
    assert len(answers) == 12
    assert not found, "\n".join(found)
