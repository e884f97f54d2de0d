"""The desk's case page reads only what it shows (issue 13): a part without rows costs
no query, the choices of all action forms are one query, empty forms render once."""

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from achterkant.desk import forms_work

MOSTLY_EMPTY = (
    "cases_decision", "cases_document", "cases_casesuspension", "cases_caseextension",
    "cases_result", "cases_casedefaultnotice",
)  # fmt: skip


def _queries(client, url):
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def test_a_part_without_rows_is_not_read(tenant_a):
    case = tenant_a.open_case()
    sql = _queries(tenant_a.client("worker"), f"/desk/zaken/{case.number}/")
    case_query = next(q for q in sql if q.startswith('SELECT "cases_case"."id"'))
    # The case query knows whether each part has rows ...
    assert all(f'FROM "{table}"' in case_query for table in MOSTLY_EMPTY)
    # ... so no other query reads them.
    others = [q for q in sql if q is not case_query]
    assert not [q for q in others if any(f'FROM "{t}"' in q for t in MOSTLY_EMPTY)]


def test_the_choices_of_all_action_forms_are_one_query(tenant_a):
    case = tenant_a.open_case()
    client = tenant_a.client("worker")
    sql = _queries(client, f"/desk/zaken/{case.number}/")
    catalog = [q for q in sql if '"catalog_statustype"' in q and "cases_case" not in q]
    catalog += [q for q in sql if '"catalog_resulttype"' in q and q not in catalog]
    assert len(catalog) == 1, catalog
    assert '"catalog_decisiontype"' in catalog[0]
    page = client.get(f"/desk/zaken/{case.number}/").content.decode()
    # The next statuses, the result types and the form of a decision are there.
    assert "Ingepland (inwoner krijgt bericht)" in page and "Niet opgelost" in page
    assert 'name="decision_type"' in page


def test_a_part_with_rows_is_shown(tenant_a, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from achterkant.cases.services import add_document
    from tests.portal.test_portal import PDF

    settings.MEDIA_ROOT = str(tmp_path)
    case = tenant_a.open_case()
    with tenant_a.active():
        add_document(
            actor=tenant_a.staff["worker"], case=case,
            upload=SimpleUploadedFile("a.pdf", PDF), title="Foto van de lamp",
        )  # fmt: skip
    page = tenant_a.client("worker").get(f"/desk/zaken/{case.number}/").content.decode()
    assert "Foto van de lamp" in page.split('data-testid="documents"')[1]


def test_an_empty_form_renders_once_as_its_fields_would(settings):
    for form_class in (
        forms_work.NoteForm, forms_work.DocumentForm, forms_work.DefaultNoticeForm,
        forms_work.InformationRequestForm, forms_work.InformationReceivedForm,
        forms_work.ExtensionForm, forms_work.ReasonForm,
    ):  # fmt: skip
        form = form_class()
        fields = "".join(render_to_string("achterkant/field.html", {"field": f}) for f in form)
        assert form.fields_html == fields
        assert form_class().fields_html is form.fields_html  # rendered once
    # What was typed and the errors are never taken from the shared rendering.
    bound = forms_work.NoteForm({"text": ""})
    assert not bound.is_valid() and bound.fields_html == ""
    settings.DEBUG = True
    assert forms_work.NoteForm().fields_html == ""
