"""The case-worker desk: my work, team queues and the case page's actions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from achterkant.cases import queues
from achterkant.cases.errors import CaseError
from achterkant.cases.selectors import case_get_for
from achterkant.cases.services import (
    add_decision,
    add_document,
    close_case,
    extend_case,
    reopen_case,
    set_result,
)
from achterkant.cases.services.assignment import add_note, assign_case, take_case
from achterkant.cases.services.default_notice import register_default_notice
from achterkant.cases.services.information import (
    LATE_REQUEST_NOTE,
    record_information_received,
    request_information,
)
from achterkant.contacts.selectors import (
    contact_request_queue,
)
from achterkant.desk import case_page
from achterkant.desk import forms_work as forms
from achterkant.desk.links import SAMPLE_ID, SAMPLE_NUMBER, url_pattern
from achterkant.desk.party_rows import day_text, due_text
from achterkant.identity.actors import NotPermitted
from achterkant.routing.selectors import teams, teams_of
from achterkant.tenancy.settings_cache import organisation_setting

# The team queue shows the most urgent contact requests; *Contactverzoeken* has them all.
TEAM_REQUESTS_SHOWN = 10


@login_required
@permission_required("cases.view_case", raise_exception=True)
def my_work(request: HttpRequest) -> HttpResponse:
    after = queues.parse_cursor(request.GET.get("na", ""))
    cases = queues.case_queue(assignee_id=request.user.pk, after=after)
    context = {
        "rows": _queue_rows(cases),
        "next_page": _next_page(request, cases),
        "requests": _with_links(contact_request_queue(team_ids=[], user=request.user)),
        "my_teams": teams_of(request.user),
        # The same numbers the team lead sees for this worker (queues.workload).
        "counts": queues.open_work_counts([request.user.pk])[request.user.pk],
        "now": timezone.now(),
    }
    return render(request, "desk/my_work.html", context)


@login_required
@permission_required("cases.view_case", raise_exception=True)
def team_queue(request: HttpRequest, identification: str) -> HttpResponse:
    team = next((t for t in teams() if t.identification == identification), None)
    if team is None:
        raise Http404("Dit team bestaat niet.")
    form = forms.QueueFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    filters = queues.QueueFilter(
        product_id=data.get("product"), status_name=data.get("status", ""),
        overdue=data.get("overdue", False), unassigned=data.get("unassigned", False),
    )  # fmt: skip
    after = queues.parse_cursor(request.GET.get("na", ""))
    cases = queues.case_queue(team_id=team.pk, filters=filters, after=after)
    context = {
        "team": team, "rows": _queue_rows(cases), "form": form, "now": timezone.now(),
        "empty_filter_fields": (
            None if form.errors or any(data.values()) else _empty_filter_fields()
        ),
        "next_page": _next_page(request, cases),
        "requests": _with_links(contact_request_queue(
            team_ids=[team.pk], user=None, limit=TEAM_REQUESTS_SHOWN
        )) if after is None else None,
        "requests_shown": TEAM_REQUESTS_SHOWN,
        # A team lead selects rows and assigns them at once (lead_views.team_queue_assign).
        "assign_form": (
            forms.AssignForm(organisation=team.organisation_id)
            if request.user.has_perm("cases.assign_case") else None
        ),
    }  # fmt: skip
    return render(request, "desk/team_queue.html", context)


def _empty_filter_fields() -> str:
    """The queue filter's fields with nothing filled in, rendered once per process for the
    organisation's settings version (its products and statuses are the options; a save of
    either renews it). They are the same on every page without a filter (nearly every page:
    paging keeps the filters in the query string), and rendering them cost as much as 25
    rows."""
    return organisation_setting(
        "desk.queue_filter_fields",
        lambda: render_to_string(
            "desk/partials/queue_filter_fields.html", {"form": forms.QueueFilterForm()}
        ),
    )


def _queue_rows(cases: list[queues.QueueRow]) -> list[dict]:
    """What each queue row prints, ready-made (``desk/partials/queue_rows.html``).

    Plain dicts: the template engine finds a dict's key at its first try. The dates are
    the ones ``|date:"SHORT_DATETIME_FORMAT"`` and ``|date:"DATE_FORMAT"`` printed, in the
    current time zone.
    """
    link = url_pattern("desk:case", SAMPLE_NUMBER)
    rows = []
    for case in cases:
        promise = case.promise
        rows.append({
            "url": link.format(case.number), "number": case.number, "subject": case.subject,
            "status": case.status,
            "norm_due": due_text(promise.norm_due_at) or "—",
            "late": promise.late, "state": promise.state_label,
            "decision_due": day_text(promise.decision_due) or "—",
            "working_days_left": (
                "—" if case.working_days_left is None else case.working_days_left
            ),
            "urgency": case.urgency, "assignee": case.assignee or "—",
        })  # fmt: skip
    return rows


def _with_links(requests: list) -> list:
    """Set ``url`` on each contact request: its page, reversed once for the list."""
    link = url_pattern("desk:contact_request", SAMPLE_ID)
    for item in requests:
        item.url = link.format(item.pk)
    return requests


def _next_page(request: HttpRequest, cases) -> str:
    """The query string of the queue's next page ("" on the last), filters kept."""
    params = request.GET.copy()
    params["na"] = queues.queue_cursor(cases)
    return params.urlencode() if params["na"] else ""


# action (its key in ``desk.case_page.PANEL``) → the service call. Each service enforces
# the rules itself; the forms are ``case_page.make_form``'s.
def _actions(request, case) -> dict:
    user = request.user
    return {
        "take": lambda d: take_case(actor=user, case=case),
        "assign": lambda d: assign_case(actor=user, case=case, assignee=d["assignee"]),
        "info_request": lambda d: request_information(
            actor=user, case=case, question=d["question"], respond_before=d["respond_before"]
        ),
        "info_received": lambda d: record_information_received(
            actor=user,
            case=case,
            note=d["note"],
            channel=d["channel"],
            received_on=d["received_on"],
        ),  # fmt: skip
        "extension": lambda d: extend_case(
            actor=user, case=case, reason=d["reason"], term=d["term"]
        ),
        "default_notice": lambda d: register_default_notice(
            actor=user,
            case=case,
            received_on=d["received_on"],
            channel=d["channel"],
            note=d["note"],
            no_penalty_reason=d["no_penalty_reason"],
        ),  # fmt: skip
        # The worker's choice who may read it goes to the service, which stores it.
        "note": lambda d: add_note(
            actor=user, case=case, text=d["text"], shared_with_party=d["shared"]
        ),
        "document": lambda d: add_document(
            actor=user,
            case=case,
            upload=d["upload"],
            title=d["title"],
            shared_with_party=d["shared"],
        ),  # fmt: skip
        "result": lambda d: set_result(
            actor=user, case=case, result_type=d["result_type"], explanation=d["explanation"]
        ),
        "decision": lambda d: add_decision(
            actor=user,
            case=case,
            decision_type=d["decision_type"],
            decided_on=d["decided_on"],
            effective_from=d["effective_from"],
            explanation=d["explanation"],
        ),  # fmt: skip
        "close": lambda d: close_case(actor=user, case=case),
        "reopen": lambda d: reopen_case(actor=user, case=case, reason=d["reason"]),
    }


DONE_MESSAGES = {
    "take": "U heeft de zaak opgepakt.", "assign": "De zaak is toegewezen.",
    "info_request": "Informatie gevraagd. De termijn staat stil.",
    "info_received": "Informatie ontvangen. De termijn loopt weer.",
    "extension": "De termijn is verlengd. De aanvrager krijgt bericht.",
    "default_notice": "Ingebrekestelling vastgelegd. Kijk bij Dwangsom wat dat betekent.",
    "note": "Notitie opgeslagen.", "document": "Document toegevoegd.",
    "result": "Resultaat vastgelegd.", "decision": "Besluit vastgelegd.",
    "close": "De zaak is afgesloten.", "reopen": "De zaak is heropend.",
}  # fmt: skip
SHARED_DONE = {
    "note": "Notitie opgeslagen. De aanvrager kan haar lezen in Mijn gemeente en krijgt "
    "daarover bericht.",
    "document": "Document toegevoegd. De aanvrager kan het openen in Mijn gemeente.",
}


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_POST
def case_action(request: HttpRequest, number: str, action: str) -> HttpResponse:
    """One action of the case page's side panel (``desk.case_page``): with htmx it
    answers in place, without JavaScript it redirects back to the page."""
    case = case_get_for(actor=request.user, number=number)
    if case is None:
        raise Http404("Deze zaak bestaat niet.")
    panel_action = case_page.BY_SLUG.get(action)
    if panel_action is None:
        raise Http404("Deze handeling bestaat niet.")
    key = panel_action.key
    perform = _actions(request, case)[key]
    form = (
        case_page.make_form(key, case, request.POST, request.FILES)
        if panel_action.has_form
        else None
    )
    if form is not None and not form.is_valid():
        return case_page.refused(request, case=case, key=key, form=form)
    data = dict(form.cleaned_data) if form else {}
    if hasattr(form, "shared"):  # the note's and document's choice who may read it
        data["shared"] = form.shared()
    try:
        result = perform(data)
    except (CaseError, ValidationError, NotPermitted) as error:
        text = _error_text(form, error)
        if form is None and not case_page.is_htmx(request):  # nothing typed: to the page
            messages.error(request, text)
            return redirect(reverse("desk:case", args=[number]))
        return case_page.refused(request, case=case, key=key, form=form, error=text)
    if key == "info_request" and result is None:
        messages.warning(request, f"Informatie gevraagd. {LATE_REQUEST_NOTE}")
    elif key in SHARED_DONE and data["shared"]:
        messages.success(request, SHARED_DONE[key])
    else:
        messages.success(request, DONE_MESSAGES[key])
    if case_page.is_htmx(request):
        return case_page.render_page(request, number, done=key)
    return redirect(reverse("desk:case", args=[number]))


def _error_text(form, error: CaseError | ValidationError | NotPermitted) -> str:
    """The service's refusal as one text; an error about a field of the form is also
    shown at that field."""
    if isinstance(error, CaseError | NotPermitted):
        return str(error)
    if form is not None and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            if field in form.fields:
                form.add_error(field, errors)
    return " ".join(error.messages)
