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


def _model_fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_the_case_and_its_parts_are_what_the_orm_gives(tenant_a, tenant_b, settings, tmp_path):
    """``case_for_page`` reads the case, its decisions, documents and result through queries
    compiled once per process: the same instances, related objects and annotations as the
    ORM's, per case; another organisation's number finds nothing."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from achterkant.cases.models import Decision, Document, Result
    from achterkant.cases.services import add_document
    from achterkant.cases.services.decisions import DecisionData, decision_create
    from achterkant.cases.services.parts import set_result
    from tests.portal.test_portal import PDF

    settings.MEDIA_ROOT = str(tmp_path)
    worker = tenant_a.staff["worker"]
    empty, full = tenant_a.open_case(), tenant_a.open_case()
    with tenant_a.active():
        decision_type = DecisionType.objects.create(
            catalogue=tenant_a.case_type.catalogue, description="Besluit melding",
            valid_from="2020-01-01",
        )  # fmt: skip
        DecisionType.objects.filter(pk=decision_type.pk).update(is_concept=False)
        decision_type.case_types.add(tenant_a.case_type)
        take_case(actor=worker, case=full)
        for title in ("Eerste foto", "Tweede foto"):
            add_document(actor=worker, case=full, title=title,
                         upload=SimpleUploadedFile("a.pdf", PDF))  # fmt: skip
        decision_create(actor=worker, data=DecisionData(
            case=full, decision_type=decision_type, decided_on=date(2026, 11, 2),
            effective_from=date(2026, 11, 3),
        ))  # fmt: skip
        result_type = ResultType.objects.filter(case_type=full.case_type).first()
        set_result(actor=worker, case=full, result_type=result_type)

        for case in (empty, full, empty):  # the second read of a shape is compiled already
            page = case_for_page(actor=worker, number=case.number)
            orm = Case.objects.select_related(
                "case_type", "product", "current_status__status_type", "team"
            ).get(pk=case.pk)
            assert _model_fields(page) == _model_fields(orm)
            assert _model_fields(page.case_type) == _model_fields(orm.case_type)
            assert _model_fields(page.current_status.status_type) == _model_fields(
                orm.current_status.status_type
            )
            assert (page.team_id, page.product_id) == (orm.team_id, orm.product_id)
            decisions = list(Decision.objects.filter(case=case).order_by("decided_on", "pk"))
            assert [_model_fields(d) for d in page.page_decisions] == [
                _model_fields(d) for d in decisions
            ]
            assert {d.decision_type.description for d in page.page_decisions} <= {"Besluit melding"}
            documents = list(Document.objects.filter(case=case).order_by("-uploaded_at", "-pk"))
            assert [d.title for d in page.page_documents] == [d.title for d in documents]
            assert all(d.case is page for d in page.page_documents)
            result = Result.objects.filter(case=case).first()
            assert (page.result.pk if page.has_result else None) == (result and result.pk)
        assert page.page_documents == [] and not page.has_result  # the empty case again
    # Tenant B's third case: a number tenant A has not given out (numbers are per organisation).
    elsewhere = [tenant_b.open_case() for _ in range(3)][-1]
    with tenant_a.active():
        assert not Case.objects.filter(number=elsewhere.number).exists()
        assert case_for_page(actor=worker, number=elsewhere.number) is None


def test_the_side_panel_shows_what_the_forms_and_reverse_give(tenant_a):
    """The panel's empty forms come from renderings kept by what they show
    (``desk.case_page.panel_form``) and its URLs from one reversal per process
    (``action_url``): the same fields and URLs as a fresh form and ``reverse()``; other
    choices (the next statuses after a status change) render anew."""
    from django.urls import reverse

    from achterkant.desk.case_page import EmptyForm, make_form

    case = tenant_a.open_case()
    client = tenant_a.client("lead")  # may assign: that form is made per view
    url = f"/desk/zaken/{case.number}/"

    def check_panel() -> dict:
        panel = client.get(url).context["panel"]
        with tenant_a.active():
            page = case_for_page(actor=tenant_a.staff["lead"], number=case.number)
            choices = case_form_choices(page)
        for item in panel:
            action, form = item["action"], item["form"]
            if action.has_form:
                assert isinstance(form, EmptyForm) == (action.key != "assign")
                with tenant_a.active():
                    assert form.fields_html == _fields(make_form(action.key, page, choices=choices))
            args = [case.number, action.slug] if action.slug else [case.number]
            name = "desk:case_action" if action.slug else "desk:case_set_status"
            assert item["post_url"] == reverse(name, args=args)
        return {item["action"].key: item["form"] for item in panel}

    first = check_panel()
    assert {"assign", "status", "note", "decision", "result"} <= set(first)
    assert check_panel()["note"].fields_html is first["note"].fields_html  # kept
    with tenant_a.active():
        set_status(actor=tenant_a.staff["worker"], case=case, status_type=tenant_a.status_type(2))
    after = check_panel()
    assert after["status"].fields_html != first["status"].fields_html
    assert "Ingepland" in first["status"].fields_html
    assert "Ingepland" not in after["status"].fields_html


def test_the_assignee_and_the_penalty_are_what_the_orm_gives(tenant_a, today):
    """The assignee comes from a compiled query, the dwangsom from the compiled notices
    and the decisions the page read: as ``case.assignee`` and ``case_penalty`` give them."""
    from achterkant.cases.penalty import case_penalty
    from achterkant.cases.services.default_notice import register_default_notice

    today(date(2026, 6, 28))
    worker = tenant_a.staff["worker"]
    case = tenant_a.open_case(start_date=date(2026, 4, 1))
    with tenant_a.active():
        take_case(actor=worker, case=case)
        register_default_notice(
            actor=worker, case=case, received_on=date(2026, 6, 1), channel="letter"
        )
    client = tenant_a.client("worker")
    for _ in range(2):  # the second view runs the compiled queries
        context = client.get(f"/desk/zaken/{case.number}/").context
        page = context["case"]
        with tenant_a.active():
            orm = Case.objects.get(pk=case.pk)
            assert _model_fields(page.assignee) == _model_fields(orm.assignee)
            assert context["penalty"] == case_penalty(orm)
            assert context["penalty"].days == 14
