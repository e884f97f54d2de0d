"""The e-loket: choose a product, fill in its form, get a case number and a date."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from achterkant.cases.deadlines import case_deadline
from achterkant.cases.models import Case
from achterkant.cases.services.web_requests import submit_web_request
from achterkant.catalog.models import Channel, ServiceNorm
from achterkant.catalog.selectors import product_offered_online, products_offered_online
from achterkant.identity.assurance import AssuranceTooLow, ensure_sufficient
from achterkant.identity.lookup import PersonLookupError
from achterkant.identity.services import person_for_self_service
from achterkant.portal.request_form import RequestForm
from achterkant.portal.session import NEXT_KEY, current_party, save_draft, take_draft
from achterkant.portal.views import citizen_required, mark_citizen


@citizen_required
def request_list(request: HttpRequest) -> HttpResponse:
    offered = products_offered_online(timezone.localdate())
    return render(
        request,
        "portal/request_list.html",
        {"offered": offered, "business": request.citizen_kvk},
    )


def request_form(request: HttpRequest, code: str) -> HttpResponse:
    party = current_party(request)
    if party is None:
        return _to_login_keeping_draft(request, code)
    mark_citizen(request, party)
    found = product_offered_online(code, timezone.localdate())
    if found is None:
        raise Http404("Dit product kunt u niet online aanvragen.")
    product, case_type = found
    if party["kvk"]:
        return render(request, "portal/request_refused.html", {
            "product": product,
            "reason": "Als ondernemer kunt u dit nog niet online aanvragen. Neem contact op "
                      "met de gemeente, dan helpen wij u verder.",
        }, status=403)  # fmt: skip
    try:
        ensure_sufficient(actual=party["assurance"], required=product.assurance_level)
    except AssuranceTooLow as refusal:
        context = {"product": product, "reason": str(refusal)}
        return render(request, "portal/request_refused.html", context, status=403)

    person = _own_record(party["bsn"])
    draft = take_draft(request, party, code)
    form = RequestForm(
        case_type.form_definition,
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        person=person,
        initial=draft,
    )
    if request.method == "POST" and form.is_valid():
        try:
            case, created = submit_web_request(
                product=product,
                bsn=party["bsn"],
                assurance=party["assurance"],
                key=form.cleaned_data["submission_key"],
                request=form.to_web_request(person),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            if not created:
                messages.info(
                    request,
                    "Dit formulier had u al verstuurd. Hieronder ziet u die aanvraag. Wilt u "
                    "iets veranderen of aanvullen? Neem dan contact met ons op en noem uw "
                    "zaaknummer.",
                )
            return redirect("portal:request_received", number=case.number)
    context = {
        "product": product,
        "case_type": case_type,
        "form": form,
        "addresses": form.address_groups(),
        "restored_draft": bool(draft),
        "norm": _web_norm(product),
    }
    return render(request, "portal/request_form.html", context)


@citizen_required
def request_received(request: HttpRequest, number: str) -> HttpResponse:
    case = (
        Case.objects.select_related("case_type", "product")
        .filter(number=number, initiator_bsn=request.citizen_bsn)
        .exclude(initiator_bsn="")
        .first()
    )
    if case is None:
        raise Http404("Deze zaak bestaat niet.")
    context = {
        "case": case,
        "deadline": case_deadline(case) if case.end_date is None else None,
        "norm": _web_norm(case.product) if case.product_id else None,
    }
    return render(request, "portal/request_received.html", context)


def _own_record(bsn: str):
    """The citizen's register record for prefill; a form without prefill if it is down."""
    try:
        return person_for_self_service(bsn=bsn)
    except PersonLookupError:
        return None


def _web_norm(product) -> ServiceNorm | None:
    return ServiceNorm.objects.filter(product=product, channel=Channel.WEB).first()


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
