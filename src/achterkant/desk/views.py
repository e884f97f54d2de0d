"""Staff pages. Each view parses input, calls one service or selector, and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.selectors import PAGE_SIZE as CASE_PAGE_SIZE
from achterkant.cases.selectors import case_get_for, recent_cases
from achterkant.cases.services import CaseError, set_status
from achterkant.desk import case_page
from achterkant.desk.forms_case_list import CaseListFilterForm
from achterkant.identity.actors import NotPermitted
from achterkant.notify.selectors import sent_messages


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
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    """The case page: summary, timeline, and the actions the case allows now in a side
    panel (``desk.case_page``)."""
    return case_page.render_page(request, number)


@login_required
@permission_required("cases.change_case", raise_exception=True)
@require_POST
def case_set_status(request: HttpRequest, number: str) -> HttpResponse:
    case = case_get_for(actor=request.user, number=number)
    if case is None:
        return HttpResponseNotFound(render(request, "desk/not_found.html").content)
    form = case_page.make_form("status", case, request.POST)
    if not form.is_valid():
        return case_page.refused(request, case=case, key="status", form=form)
    try:
        status = set_status(
            actor=request.user,
            case=case,
            status_type=form.cleaned_data["status_type"],
            note=form.cleaned_data["note"],
            shared_with_party=form.shared(),  # the service stores it with the explanation
        )
    except (CaseError, ValidationError, NotPermitted) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        form.add_error("status_type", text)
        return case_page.refused(request, case=case, key="status", form=form, error=text)
    done = f"Status gezet op '{status.status_type.name}'."
    if status.shared_with_party:
        done += " De aanvrager leest de toelichting in Mijn gemeente."
    messages.success(request, done)
    if case_page.is_htmx(request):
        return case_page.render_page(request, number, done="status")
    return redirect(reverse("desk:case", args=[case.number]))


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
