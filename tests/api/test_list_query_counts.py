"""The Documenten and Besluiten lists cost the same number of queries for 2 rows as for 6:
no query per row (the counts are pinned)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.besluiten.support import BrcClient, besluit_body, decision_type
from tests.api.documenten.support import DrcClient, document_type


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(context.captured_queries)


def test_the_informatieobjecten_list_makes_no_query_per_row(tenant_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    api = DrcClient(tenant_a)
    row = document_type(tenant_a)
    for _ in range(2):
        api.create(row)
    few = _queries(api, "/enkelvoudiginformatieobjecten")
    for _ in range(4):
        api.create(row)
    assert _queries(api, "/enkelvoudiginformatieobjecten") == few
    assert few <= 3  # autorisaties are in the token's cache; count and page


def test_the_besluiten_list_makes_no_query_per_row(tenant_a):
    api = BrcClient(tenant_a)
    kind = decision_type(tenant_a)
    for _ in range(2):
        assert api.post("/besluiten", besluit_body(api, kind)).status_code == 201
    few = _queries(api, "/besluiten")
    for _ in range(4):
        assert api.post("/besluiten", besluit_body(api, kind)).status_code == 201
    assert _queries(api, "/besluiten") == few
    assert few <= 2
