"""The e-loket: choose a product, fill in its form, get a case number and a date."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from achterkant.cases.promise import case_promise, promise_for_new_case
from achterkant.cases.selectors import case_get_for_party
from achterkant.cases.services.web_requests import ensure_may_request
from achterkant.catalog.selectors import product_offered_online
from achterkant.contacts.services import web_request_receive
from achterkant.identity.actors import NotPermitted
from achterkant.identity.assurance import AssuranceTooLow
from achterkant.identity.lookup import PersonLookupError
from achterkant.identity.services import person_for_self_service
from achterkant.portal.request_form import request_form_class
from achterkant.portal.session import NEXT_KEY, current_party, save_draft, take_draft
from achterkant.portal.triage_views import request_list_context
from achterkant.portal.views import citizen_required, mark_citizen, party_actor


@citizen_required
def request_list(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/request_list.html", request_list_context(request))


def request_form(request: HttpRequest, code: str) -> HttpResponse:
    party = current_party(request)
    if party is None:
        return _to_login_keeping_draft(request, code)
    mark_citizen(request, party)
    found = product_offered_online(code, timezone.localdate())
    if found is None:
        raise Http404("Dit product kunt u niet online aanvragen.")
    product, case_type = found
    actor = party_actor(party)
    try:
        ensure_may_request(actor=actor, product=product)
    except (NotPermitted, AssuranceTooLow) as refusal:
        return _refused(request, product, refusal)

    draft = take_draft(request, party, code)
    error = None
    if request.method == "POST":
        # The service reads the citizen's record itself (logged with the request), and a
        # form shown again holds what was sent: a submit needs no read of its own here.
        try:
            case, created = web_request_receive(
                actor=actor,
                product_code=code,
                answers=request.POST,
                files=request.FILES,
                key=request.POST.get("submission_key", ""),
            )
        except ValidationError as refused_answers:
            error = refused_answers
        except (NotPermitted, AssuranceTooLow) as refusal:
            return _refused(request, product, refusal)
        else:
            if not created:
                what = "melding" if case_type.is_report else "aanvraag"
                messages.info(
                    request,
                    f"Dit formulier had u al verstuurd. Hieronder ziet u die {what}. Wilt u "
                    "iets veranderen of aanvullen? Neem dan contact met ons op en noem uw "
                    "zaaknummer.",
                )
            return redirect("portal:request_received", number=case.number)
    # The form is only built to be shown: a submit that opened a case never needs it.
    posted = request.method == "POST"
    form = request_form_class(case_type.form_definition)(
        request.POST if posted else None,
        request.FILES if posted else None,
        person=None if posted else _own_record(party["bsn"]),
        initial=draft,
    )
    if error is not None:
        form.show_errors(error)
    context = {
        "product": product,
        "case_type": case_type,
        "form": form,
        "addresses": form.address_groups(),
        "restored_draft": bool(draft),
        "promise": promise_for_new_case(case_type),
    }
    return render(request, "portal/request_form.html", context)


@citizen_required
def request_received(request: HttpRequest, number: str) -> HttpResponse:
    # Only the applicant's own case, and reading it is logged, like the case page.
    case = case_get_for_party(actor=request.citizen, number=number)
    if case is None or request.citizen_kvk:
        raise Http404("Deze zaak bestaat niet.")
    context = {
        "case": case,
        "promise": case_promise(case),
        "is_report": case.case_type.is_report,
    }
    return render(request, "portal/request_received.html", context)


def _refused(request: HttpRequest, product, refusal: Exception) -> HttpResponse:
    context = {"product": product, "reason": str(refusal)}
    return render(request, "portal/request_refused.html", context, status=403)


def _own_record(bsn: str):
    """The citizen's register record for prefill; a form without prefill if it is down."""
    try:
        return person_for_self_service(bsn=bsn)
    except PersonLookupError:
        return None


def _to_login_keeping_draft(request: HttpRequest, code: str) -> HttpResponse:
    """The session ran out: keep what was typed (not the files) for the same person."""
    request.session[NEXT_KEY] = request.path
    if request.method == "POST":
        fields = {
            key: value
            for key, value in request.POST.items()
            if key != "csrfmiddlewaretoken" and len(value) <= 10_000
        }
        if save_draft(request, product_code=code, data=fields):
            messages.info(
                request,
                "U was te lang niet actief. Daarom bent u uitgelogd. Log opnieuw in. Wat u had "
                "ingevuld, staat dan weer klaar. Een bijlage moet u opnieuw kiezen.",
            )
    return redirect("portal:login")
