"""The *Verwerkingenlog* page: filters, paging, the CSV export, and one row per read."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from achterkant.audit.models import Action, ProcessingLogEntry
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.desk.kcc_views import ACTIVE_PERSON
from tests.audit.test_log_selectors import OTHER_BSN, log

URL = "/desk/verwerkingen/"
EXPORT = "/desk/verwerkingen/export/"
ROWS = re.compile(r"<tbody class=\"utrecht-table__body\">(.*?)</tbody>", re.S)


def _rows(page: str) -> list[str]:
    """The text of each row of the log table."""
    found = ROWS.search(page)
    if not found:
        return []
    cells = re.findall(r"<tr.*?</tr>", found.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def _filtered(client, **fields):
    """POST the filters (kept in the session) and GET the first page."""
    response = client.post(URL, fields)
    assert response.status_code == 302 and response["Location"] == URL
    return client.get(URL).content.decode()


def _entries(tenant, **lookup):
    with tenant.active():
        return list(ProcessingLogEntry.objects.filter(**lookup).order_by("pk"))


def test_the_page_and_the_export_are_for_who_may_view_the_log(tenant_a):
    agent = tenant_a.client("agent")
    assert agent.get(URL).status_code == 403
    assert agent.post(EXPORT, {"bsn": tenant_a.person.bsn}).status_code == 403
    assert tenant_a.client("lead").get(URL).status_code == 200
    assert tenant_a.client("admin").get(URL).status_code == 200


def test_filters_narrow_the_log_and_stay_out_of_the_url(tenant_a):
    log(tenant_a, actor="agent", purpose=Purpose.CONTACT_HANDLING)
    log(tenant_a, actor="worker", purpose=Purpose.CASE_HANDLING)
    log(tenant_a, actor="worker", bsn=OTHER_BSN)
    client = tenant_a.client("lead")
    page = _filtered(client, medewerker=tenant_a.staff["worker"].pk, bsn=tenant_a.person.bsn)
    rows = _rows(page)
    assert len(rows) == 1 and "(worker-a)" in rows[0] and tenant_a.person.bsn in rows[0]
    page = _filtered(client, doel=Purpose.CONTACT_HANDLING)
    assert [("(agent-a)" in row) for row in _rows(page)] == [True]
    today = timezone.localdate().strftime("%d-%m-%Y")
    page = _filtered(client, van=today, tot=today, bsn=OTHER_BSN)
    assert len(_rows(page)) == 1
    page = _filtered(client, tot=(timezone.localdate() - timedelta(days=1)).strftime("%d-%m-%Y"))
    assert _rows(page) == []
    assert "Er zijn geen verwerkingen gevonden met deze filters." in page
    # Filters wissen: everything again (the page views of the lead included).
    assert client.post(URL, {"wissen": "1"}).status_code == 302
    assert len(_rows(client.get(URL).content.decode())) >= 3


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"van": "31-02-2026"}, "Vul een datum in, bijvoorbeeld 1-11-2026."),
        ({"van": "2-11-2026", "tot": "1-11-2026"}, "Deze datum ligt vóór de datum bij"),
        ({"bsn": "123456789"}, "Dit BSN bestaat niet"),
        ({"bsn": "12"}, "Het BSN moet uit 9 cijfers bestaan."),
        ({"medewerker": "999999"}, "Kies een medewerker uit de lijst."),
        ({"medewerker": "abc"}, "Kies een medewerker uit de lijst."),
        ({"doel": "Nieuwsgierigheid"}, "Kies een doel uit de lijst."),
    ],
)
def test_wrong_filters_give_a_clear_dutch_message(tenant_a, fields, message):
    client = tenant_a.client("lead")
    for url in (URL, EXPORT):
        response = client.post(url, fields)
        assert response.status_code == 400, url
        page = response.content.decode()
        assert message in page, url
        assert 'data-testid="processing-log"' not in page


def test_another_organisations_staff_is_no_choice(tenant_a, tenant_b):
    client = tenant_a.client("lead")
    page = client.get(URL).content.decode()
    assert "Worker A" in page and "Worker B" not in page
    response = client.post(URL, {"medewerker": tenant_b.staff["worker"].pk})
    assert response.status_code == 400


def test_paging_through_equal_timestamps_shows_every_entry_once(tenant_a, settings):
    moment = timezone.now() - timedelta(hours=1)
    ids = log(tenant_a, bsn=OTHER_BSN, at=moment, n=53)  # more than a page (50), one instant
    client = tenant_a.client("lead")
    first = _filtered(client, bsn=OTHER_BSN)
    later = re.search(r'href="\?voor=(\d+)"[^>]*>Volgende pagina', first)
    second = client.get(URL, {"voor": later.group(1)}).content.decode()
    assert "Volgende pagina" not in second and "Naar de nieuwste" in second
    shown = [re.search(r"zaak Z(\d+)", row).group(1) for row in _rows(first) + _rows(second)]
    # All 53, each once; newest id first within the instant, so the object ids run 52 … 0.
    assert len(ids) == 53
    assert shown == [str(i) for i in reversed(range(53))]


def test_garbage_positions_and_another_organisations_cursor_give_no_500(tenant_a, tenant_b):
    log(tenant_a)
    theirs = log(tenant_b)
    client = tenant_a.client("lead")
    for value in ["", "x", "-1", "9" * 40, str(theirs[0])]:
        response = client.get(URL, {"voor": value})
        assert response.status_code == 200, value
    page = client.get(URL, {"voor": theirs[0]}).content.decode()
    assert "Er zijn geen oudere verwerkingen." in page


def test_another_organisations_entries_never_show(tenant_a, tenant_b):
    log(tenant_b, bsn=tenant_a.person.bsn, actor="worker")
    client = tenant_a.client("lead")
    page = _filtered(client, bsn=tenant_a.person.bsn)
    assert "(worker-b)" not in page
    body = client.post(EXPORT, {"bsn": tenant_a.person.bsn}).content.decode("utf-8-sig")
    assert "(worker-b)" not in body


def test_viewing_the_log_is_logged_once_per_person_shown(tenant_a):
    log(tenant_a, n=3)
    log(tenant_a, bsn=OTHER_BSN)
    client = tenant_a.client("lead")
    client.get(URL)
    reads = _entries(tenant_a, actor=tenant_a.staff["lead"], action=Action.READ)
    assert sorted(entry.bsn for entry in reads) == sorted([tenant_a.person.bsn, OTHER_BSN])
    assert {(e.purpose, e.object_type) for e in reads} == {
        (Purpose.PRIVACY_SUPERVISION, "verwerkingenlog")
    }


def test_the_csv_export_is_for_excel_escapes_formulas_and_is_logged(tenant_a):
    with tenant_a.active():
        for text in ["=SUM(A1)", "+31", "-2", "@cmd", "gewoon"]:
            processing_log_record(
                actor=None, system=text, action=Action.READ, bsns=[tenant_a.person.bsn],
                purpose=Purpose.CASE_HANDLING, object_type="zaak", object_id=text,
            )  # fmt: skip
    log(tenant_a, bsn=OTHER_BSN)  # not this person's: not in the export
    client = tenant_a.client("lead")
    today = timezone.localdate().strftime("%d-%m-%Y")
    response = client.post(EXPORT, {"bsn": tenant_a.person.bsn, "van": today, "tot": today})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="verwerkingenlog-')
    assert tenant_a.person.bsn not in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Tijdstip", "Medewerker", "Handeling", "BSN", "Soort gegeven", "Kenmerk", "Doel",
    ]  # fmt: skip
    assert {row[3] for row in rows[1:]} == {tenant_a.person.bsn}
    assert [row[1] for row in rows[1:]] == ["gewoon", "'@cmd", "'-2", "'+31", "'=SUM(A1)"]
    assert [row[5] for row in rows[1:]] == ["gewoon", "'@cmd", "'-2", "'+31", "'=SUM(A1)"]
    assert {row[2] for row in rows[1:]} == {"ingezien"}
    (export,) = _entries(tenant_a, action=Action.EXPORT)
    assert (export.actor, export.bsn, export.purpose) == (
        tenant_a.staff["lead"], tenant_a.person.bsn, Purpose.PRIVACY_SUPERVISION,
    )  # fmt: skip


def test_the_export_needs_a_bsn(tenant_a):
    response = tenant_a.client("lead").post(EXPORT, {})
    assert response.status_code == 400
    assert "Vul een BSN in: een export is voor één persoon." in response.content.decode()
    assert _entries(tenant_a, action=Action.EXPORT) == []
    assert tenant_a.client("lead").get(EXPORT).status_code == 405


def test_the_page_query_count_is_pinned(tenant_a, django_assert_num_queries):
    """Session and user (1), the staff list for the filter (1), the page (1), the log's
    own read rows (1): the count does not grow with the rows. The OTP device that verified
    the session is kept in it (staff.twofactor.verified)."""
    log(tenant_a, n=3)
    client = tenant_a.client("lead")
    _filtered(client, doel=Purpose.CASE_HANDLING)
    with django_assert_num_queries(4):
        client.get(URL)
    log(tenant_a, bsn=OTHER_BSN, n=30)
    with django_assert_num_queries(4):
        client.get(URL)


# One staff read of one page for one subject is one row.


def _reads_and_rows(tenant, do):
    """What ``do()`` added to the log: (action, object_type) per row."""
    before = _entries(tenant)
    response = do()
    after = _entries(tenant)[len(before) :]
    return response, [(entry.action, entry.object_type) for entry in after]


def test_the_360_view_is_one_read_and_the_search_before_it_a_search(tenant_a):
    client = tenant_a.client("agent")
    response, rows = _reads_and_rows(
        tenant_a, lambda: client.post("/desk/personen/zoeken/", {"bsn": tenant_a.person.bsn})
    )
    assert response.status_code == 302 and rows == [(Action.SEARCH, "persoon")]
    for _ in range(2):
        response, rows = _reads_and_rows(tenant_a, lambda: client.get("/desk/persoon/"))
        assert response.status_code == 200 and rows == [(Action.READ, "persoon")]


def test_the_case_page_is_one_read_also_after_an_action(tenant_a):
    case = tenant_a.open_case()
    client = tenant_a.client("worker")
    page = f"/desk/zaken/{case.number}/"
    response, rows = _reads_and_rows(tenant_a, lambda: client.get(page))
    assert response.status_code == 200 and rows == [(Action.READ, "zaak")]
    # A refused form shows the page again: one read, not the lookup's and the page's.
    response, rows = _reads_and_rows(tenant_a, lambda: client.post(f"{page}notitie/", {}))
    assert response.status_code == 400 and rows == [(Action.READ, "zaak")]
    response, rows = _reads_and_rows(
        tenant_a, lambda: client.post(f"{page}status/", {"status_type": "x"})
    )
    assert response.status_code == 400 and rows == [(Action.READ, "zaak")]
    # A done action is its change; the page it leads to is the read.
    response, rows = _reads_and_rows(
        tenant_a, lambda: client.post(f"{page}notitie/", {"text": "Gebeld"}, follow=True)
    )
    assert response.status_code == 200
    assert rows == [(Action.UPDATE, "zaak"), (Action.READ, "zaak")]


def test_a_list_of_one_persons_cases_is_one_read_not_one_per_case(tenant_a):
    client = tenant_a.client("agent")
    session = client.session
    session[ACTIVE_PERSON] = tenant_a.person.bsn
    session.save()
    for _ in range(3):
        tenant_a.open_case()
    _, rows = _reads_and_rows(tenant_a, lambda: client.get("/desk/persoon/zaken/"))
    assert rows == [(Action.READ, "persoon")]
