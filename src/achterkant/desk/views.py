"""Staff pages. Each view parses input, calls one service or selector, and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.case_page import (
    case_for_page,
    case_form_choices,
    case_outcome,
    case_page_penalty,
    case_timeline,
)
from achterkant.cases.promise import case_promise
from achterkant.cases.selectors import PAGE_SIZE as CASE_PAGE_SIZE
from achterkant.cases.selectors import case_get_for, recent_cases
from achterkant.cases.services import CaseError, set_status
from achterkant.contacts.selectors import contacts_for_case
from achterkant.desk import forms_work
from achterkant.desk.forms import SetStatusForm
from achterkant.desk.forms_case_list import CaseListFilterForm
from achterkant.notify.selectors import messages_for_reference, sent_messages


def page_param(value: str | None) -> int | None:
    """A keyset position from the URL, or None for anything that is not a plain id."""
    if value and value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_list(request: HttpRequest) -> HttpResponse:
    """The newest cases, narrowed by product, status, team and "te laat"; paging keeps
    the filters in the query string. A value that is no option: the error, no rows."""
    form = CaseListFilterForm(request.GET if _FILTERS & request.GET.keys() else None)
    if form.is_bound and not form.is_valid():
        context = {"form": form, "cases": [], "page_size": CASE_PAGE_SIZE}
        return render(request, "desk/case_list.html", context, status=400)
    cases = recent_cases(before_id=page_param(request.GET.get("voor")), filters=form.filters())
    context = {"form": form, "cases": cases, "page_size": CASE_PAGE_SIZE}
    return render(request, "desk/case_list.html", context)


_FILTERS = {"product", "status", "team", "overdue"}


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_detail(
    request: HttpRequest,
    number: str,
    form: SetStatusForm | None = None,
    forms_override: dict | None = None,
) -> HttpResponse:
    """The case page. ``form`` / ``forms_override``: bound forms that failed, shown again
    with their errors and what was typed (status 400)."""
    case = case_for_page(actor=request.user, number=number)
    if case is None:
        return HttpResponseNotFound(render(request, "desk/not_found.html").content)
    outcome = case_outcome(case)
    promise = case_promise(case)
    user = request.user
    context = {
        "case": case,
        "promise": promise,
        "penalty": case_page_penalty(case),
        "timeline": case_timeline(
            case,
            contacts=contacts_for_case(case.pk),
            messages=messages_for_reference(case.number),
            decisions=outcome["decisions"],
            documents=outcome["documents"],
        ),
        "can_change": user.has_perm("cases.change_case"),
        "can_assign": user.has_perm("cases.assign_case"),
        "can_reopen": user.has_perm("cases.reopen_case"),
        "outcome": outcome,
    }
    context.update(_action_forms(context, form, forms_override or {}))
    failed = form is not None or bool(forms_override)
    return render(request, "desk/case.html", context, status=400 if failed else 200)


def _action_forms(context: dict, failed_status: SetStatusForm | None, failed: dict) -> dict:
    """The forms of the actions the case page offers now: the one place that decides.

    The template shows the section of every form given here and no other; only those
    forms are made (and their choices read, in one query). A failed form replaces the
    empty one of its action.
    """
    case, promise = context["case"], context["promise"]
    if not context["can_change"]:
        return {"status_form": None, "forms": {}}
    if case.end_date:
        wanted = {"reason": forms_work.ReasonForm} if context["can_reopen"] else {}
        return {"status_form": None, "forms": _made(wanted, failed)}
    case_type = case.case_type
    choices = case_form_choices(case)
    wanted = {
        "note": forms_work.NoteForm,
        "document": forms_work.DocumentForm,
        "default_notice": forms_work.DefaultNoticeForm,
        "result": lambda: forms_work.ResultForm(case=case, choices=choices["result"]),
        "decision": lambda: forms_work.DecisionForm(case=case, choices=choices["decision"]),
    }
    if context["can_assign"]:
        wanted["assign"] = lambda: forms_work.AssignForm(organisation=case.organisation_id)
    if promise.clock_stopped:
        wanted["info_received"] = forms_work.InformationReceivedForm
    elif case_type.suspension_possible:
        wanted["info_request"] = forms_work.InformationRequestForm
    if (
        case_type.extension_possible
        and case_type.extension_term
        and not getattr(case, "extension", None)
        and not promise.legal_overdue()
    ):
        wanted["extension"] = forms_work.ExtensionForm
    if failed_status is not None and failed_status.errors:
        status_form = failed_status
    elif choices["status"]:
        status_form = SetStatusForm(case=case, choices=choices["status"])
    else:
        status_form = None
    return {"status_form": status_form, "forms": _made(wanted, failed)}


def _made(wanted: dict, failed: dict) -> dict:
    return {key: failed.get(key) or make() for key, make in wanted.items()}


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_POST
def case_set_status(request: HttpRequest, number: str) -> HttpResponse:
    case = case_get_for(actor=request.user, number=number)
    if case is None:
        return HttpResponseNotFound(render(request, "desk/not_found.html").content)
    form = SetStatusForm(request.POST, case=case)
    if form.is_valid():
        try:
            status = set_status(
                actor=request.user,
                case=case,
                status_type=form.cleaned_data["status_type"],
                note=form.cleaned_data["note"],
            )
        except CaseError as error:
            form.add_error("status_type", str(error))
        else:
            messages.success(request, f"Status gezet op '{status.status_type.name}'.")
            return redirect(reverse("desk:case", args=[case.number]))
    return case_detail(request, number, form=form)


@login_required
@permission_required("notify.view_outboxmessage", raise_exception=True)
def sent_message_list(request: HttpRequest) -> HttpResponse:
    sent = sent_messages(before_id=page_param(request.GET.get("voor")))
    processing_log_record(
        actor=request.user,
        action=Action.READ,
        bsns=[m.bsn for m in sent],
        purpose=Purpose.CITIZEN_NOTIFICATION,
        object_type="bericht",
    )
    return render(request, "desk/sent_messages.html", {"sent": sent})
