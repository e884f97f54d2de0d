"""Staff pages. Each view parses input, calls one service or selector, and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from achterkant.audit.models import Action
from achterkant.audit.selectors import processing_log_for_bsn
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.selectors import case_get_for, case_history, cases_for_bsn, recent_cases
from achterkant.cases.services import CaseError, set_status
from achterkant.contacts.selectors import contacts_for_bsn
from achterkant.contacts.services import contact_register
from achterkant.desk.forms import (
    OUTCOME,
    ContactForm,
    PersonSearchForm,
    ProcessingLogForm,
    SetStatusForm,
)
from achterkant.identity.lookup import PersonLookupError
from achterkant.identity.services import person_find_by_bsn
from achterkant.notify.selectors import sent_messages

# The person the agent is helping. Kept in the session, so BSNs stay out of URLs and logs.
ACTIVE_PERSON = "desk_active_bsn"


def _add_validation_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "desk/home.html", {"search_form": PersonSearchForm()})


@login_required
@permission_required("identity.view_person", raise_exception=True)
@require_POST
def person_search(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.POST)
    if form.is_valid():
        bsn = form.cleaned_data["bsn"]
        try:
            person = person_find_by_bsn(
                actor=request.user, bsn=bsn, purpose=Purpose.CONTACT_HANDLING
            )
        except PersonLookupError as error:
            form.add_error(None, f"Zoeken lukt nu niet: {error}")
        else:
            if person is None:
                form.add_error("bsn", "Er is geen persoon gevonden met dit BSN.")
            else:
                request.session[ACTIVE_PERSON] = person.bsn
                return redirect("desk:person")
    return render(request, "desk/home.html", {"search_form": form}, status=400)


@login_required
@permission_required("identity.view_person", raise_exception=True)
def person_detail(request: HttpRequest) -> HttpResponse:
    bsn = request.session.get(ACTIVE_PERSON)
    if not bsn:
        messages.info(request, "Zoek eerst een persoon.")
        return redirect("desk:home")
    try:
        person = person_find_by_bsn(actor=request.user, bsn=bsn, purpose=Purpose.CONTACT_HANDLING)
    except PersonLookupError as error:
        messages.error(request, f"De gegevens kunnen nu niet worden opgehaald: {error}")
        return redirect("desk:home")
    if person is None:
        del request.session[ACTIVE_PERSON]
        return redirect("desk:home")
    return _render_person(request, person, ContactForm())


def _render_person(request, person, contact_form, status: int = 200) -> HttpResponse:
    context = {
        "person": person,
        "contacts": contacts_for_bsn(bsn=person.bsn),
        "cases": cases_for_bsn(bsn=person.bsn),
        "contact_form": contact_form,
    }
    return render(request, "desk/person.html", context, status=status)


@login_required
@permission_required("contacts.add_contact", raise_exception=True)
@require_POST
def contact_create(request: HttpRequest) -> HttpResponse:
    bsn = request.session.get(ACTIVE_PERSON)
    if not bsn:
        messages.error(request, "Zoek eerst de persoon voor wie u het contact vastlegt.")
        return redirect("desk:home")
    form = ContactForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        start_case = data["outcome"] == OUTCOME.CASE
        try:
            contact = contact_register(
                actor=request.user,
                channel=data["channel"],
                bsn=bsn,
                product=data["product"],
                subject=data["subject"],
                question=data["question"],
                answer=data["answer"],
                answered_at_first_contact=data["outcome"] == OUTCOME.ANSWERED,
                started_at=min(data["started_at"], timezone.now()),
                ended_at=timezone.now(),
                start_case=start_case,
                idempotency_key=data["idempotency_key"],
            )
        except ValidationError as error:
            _add_validation_errors(form, error)
        except CaseError as error:
            form.add_error(None, str(error))
        else:
            if contact.case_id:
                messages.success(
                    request, f"Contact vastgelegd en zaak {contact.case.number} gestart."
                )
            else:
                messages.success(request, "Contact vastgelegd.")
            return redirect("desk:person")
    person = person_find_by_bsn(actor=request.user, bsn=bsn, purpose=Purpose.CONTACT_HANDLING)
    return _render_person(request, person, form, status=400)


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_list(request: HttpRequest) -> HttpResponse:
    before = request.GET.get("voor")
    cases = recent_cases(before_id=int(before) if before and before.isdigit() else None)
    return render(request, "desk/case_list.html", {"cases": cases})


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_detail(
    request: HttpRequest, number: str, form: SetStatusForm | None = None
) -> HttpResponse:
    case = case_get_for(actor=request.user, number=number)
    if case is None:
        return HttpResponseNotFound(render(request, "desk/not_found.html").content)
    context = {
        "case": case,
        "history": case_history(case),
        "status_form": form or SetStatusForm(case=case),
        "can_change": request.user.has_perm("cases.change_case"),
    }
    return render(request, "desk/case.html", context, status=400 if form else 200)


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
    before = request.GET.get("voor")
    sent = sent_messages(before_id=int(before) if before and before.isdigit() else None)
    processing_log_record(
        actor=request.user,
        action=Action.READ,
        bsns=[m.bsn for m in sent],
        purpose=Purpose.CITIZEN_NOTIFICATION,
        object_type="bericht",
    )
    return render(request, "desk/sent_messages.html", {"sent": sent})


@login_required
@permission_required("audit.view_processinglogentry", raise_exception=True)
def processing_log(request: HttpRequest) -> HttpResponse:
    form = ProcessingLogForm(request.POST or None)
    entries = None
    if request.method == "POST" and form.is_valid():
        bsn = form.cleaned_data["bsn"]
        entries = processing_log_for_bsn(bsn=bsn)
        # Reading the log is itself a processing of that BSN.
        processing_log_record(
            actor=request.user,
            action=Action.READ,
            bsns=[bsn],
            purpose=Purpose.PRIVACY_SUPERVISION,
            object_type="verwerkingenlog",
        )
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(
        request, "desk/processing_log.html", {"form": form, "entries": entries}, status=status
    )
