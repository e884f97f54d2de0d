"""The case page's reads compiled once per process, and the action forms rendered once per
content (tenancy.compiled, desk.forms.RenderedByContent): what they show is what the
models and the templates give, per case, per organisation and per content."""

from datetime import date

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from achterkant.cases.case_page import case_for_page, case_form_choices, case_timeline
from achterkant.cases.models import Case
from achterkant.cases.services import set_status
from achterkant.cases.services.assignment import add_note, take_case
from achterkant.catalog.models import DecisionType, ResultType, StatusType
from achterkant.desk.forms import SetStatusForm
from achterkant.desk.forms_work import AssignForm, DecisionForm, ResultForm


def _fields(form) -> str:
    return form.FIELD_SEPARATOR.join(
        render_to_string("achterkant/field.html", {"field": field}) for field in form
    )


def _as_models_give_it(case: Case) -> list[tuple]:
    """The timeline from model instances (no ``page_history``), the user as ``str()``."""
    plain = Case.objects.get(pk=case.pk)
    return [(m, kind, text, str(who) if who else None) for m, kind, text, who in
            case_timeline(plain)]  # fmt: skip


def test_the_timeline_is_what_the_models_give(tenant_a):
    case = tenant_a.open_case()
    worker = tenant_a.staff["worker"]
    with tenant_a.active():
        take_case(actor=worker, case=case)
        add_note(actor=worker, case=case, text="Gebeld, <b>niet</b> thuis")
        set_status(actor=worker, case=case, status_type=tenant_a.status_type(2), note="Gepland")
        page = case_for_page(actor=worker, number=case.number)
        timeline = case_timeline(page)
        assert timeline == _as_models_give_it(case)
    kinds = [kind for _moment, kind, _text, _who in timeline]
    assert kinds.count("status") == 2 and "opgepakt" in kinds and "notitie" in kinds
    assert ("status", "Ingepland: Gepland") in [(k, t) for _m, k, t, _w in timeline]


def test_each_case_and_organisation_gets_its_own_rows(tenant_a, tenant_b):
    """One compiled query serves every case: the values are filled in per view, and the
    organisation is part of the key (its filter is a parameter too)."""
    first, second = tenant_a.open_case(), tenant_a.open_case()
    other = tenant_b.open_case()
    with tenant_a.active():
        set_status(actor=tenant_a.staff["worker"], case=second,
                   status_type=tenant_a.status_type(2))  # fmt: skip
    for tenant, case in ((tenant_a, first), (tenant_a, second), (tenant_b, other)):
        with tenant.active():
            page = case_for_page(actor=tenant.staff["worker"], number=case.number)
            assert case_timeline(page) == _as_models_give_it(case)
            choices = case_form_choices(page)
            current = page.current_status.status_type.sequence
            expected = StatusType.objects.filter(
                case_type_id=page.case_type_id, sequence__gt=current
            ).order_by("sequence")
            assert [row[0] for row in choices["status"]] == [s.pk for s in expected]
            results = ResultType.objects.filter(case_type_id=page.case_type_id)
            assert [row[0] for row in choices["result"]] == [r.pk for r in results]
            decisions = DecisionType.objects.filter(case_types=page.case_type_id, is_concept=False)
            assert [row[0] for row in choices["decision"]] == [d.pk for d in decisions]
            assert choices["status"] and choices["result"]


def test_the_statuses_and_events_are_one_query_and_the_version_comes_with_the_case(tenant_a):
    case = tenant_a.open_case()
    client = tenant_a.client("worker")
    client.get(f"/desk/zaken/{case.number}/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/desk/zaken/{case.number}/").status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    history = [q for q in sql if 'FROM "cases_casestatus"' in q or 'FROM "cases_caseevent"' in q]
    assert len(history) == 1 and 'FROM "cases_caseevent"' in history[0]
    assert not [q for q in sql if q.startswith('SELECT "tenancy_organisation"."settings_version"')]
    assert any('"settings_version"' in q and 'FROM "cases_case"' in q for q in sql)


def test_a_form_rendered_by_content_is_what_the_template_renders(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        case = Case.objects.select_related("current_status__status_type").get(pk=case.pk)
        choices = case_form_choices(case)
        forms = [
            SetStatusForm(case=case, choices=choices["status"]),
            ResultForm(case=case, choices=choices["result"]),
            DecisionForm(case=case, choices=choices["decision"]),
            AssignForm(organisation=case.organisation_id),
        ]
        for form in forms:
            assert form.fields_html == _fields(form)
        again = SetStatusForm(case=case, choices=choices["status"])
        assert again.fields_html is forms[0].fields_html  # rendered once


def test_other_choices_or_another_day_render_anew(tenant_a):
    """The key is the content: a renamed or added choice, another date, another colleague
    shows at once; without the choices in the key the first rendering would come back."""
    case = tenant_a.open_case()
    with tenant_a.active():
        case = Case.objects.select_related("current_status__status_type").get(pk=case.pk)
        rows = [(1, "Verleend", False), (2, "Geweigerd", False)]
        assert "Geweigerd" in ResultForm(case=case, choices=rows).fields_html
        renamed = ResultForm(case=case, choices=[(1, "Verleend", False), (2, "Afgewezen", False)])
        assert "Afgewezen" in renamed.fields_html and "Geweigerd" not in renamed.fields_html
        day = DecisionForm(case=case, choices=[], initial={"decided_on": date(2026, 1, 2)})
        assert 'value="02-01-2026"' in day.fields_html
        other_day = DecisionForm(case=case, choices=[], initial={"decided_on": date(2026, 1, 3)})
        assert 'value="03-01-2026"' in other_day.fields_html
        before = AssignForm(organisation=case.organisation_id).fields_html
        worker = tenant_a.staff["worker"]
        worker.first_name = "Willemijn"
        worker.save()
        after = AssignForm(organisation=case.organisation_id).fields_html
        assert "Willemijn" in after and "Willemijn" not in before
        bound = ResultForm({"result_type": ""}, case=case, choices=rows)
        assert bound.fields_html == ""


def test_the_staff_to_assign_to_are_read_once(tenant_a):
    """The template asks the form twice for its fields; the key (the staff) is one query."""
    case = tenant_a.open_case()
    client = tenant_a.client("lead")
    client.get(f"/desk/zaken/{case.number}/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/desk/zaken/{case.number}/").content.decode()
    assert 'name="assignee"' in page and "Worker" in page.split('name="assignee"')[1]
    staff = [q for q in queries.captured_queries if "SELECT DISTINCT" in q["sql"]]
    assert len(staff) == 1, staff
