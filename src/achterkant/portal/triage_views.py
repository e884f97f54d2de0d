"""*Beschrijf uw vraag* in the e-loket: suggestions as the citizen types, and the general
request when nothing fits (portal.question; docs/triage.md, "The e-loket and the desk").

The question travels in a POST body only (htmx, or the form without JavaScript), so it
never lands in a URL or an access log.
"""

import uuid
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from achterkant.catalog.selectors import products_offered_online
from achterkant.contacts.models import Contact
from achterkant.contacts.norms import response_promise
from achterkant.contacts.services.general_requests import general_request_receive
from achterkant.identity.actors import NotPermitted
from achterkant.identity.assurance import AssuranceTooLow
from achterkant.portal.question import NOTHING, QuestionForm, citizen_suggestions, question_text
from achterkant.portal.session import NEXT_KEY, current_party
from achterkant.portal.views import citizen_required

LIST_TEMPLATE = "portal/request_list.html"


def request_list_context(
    request: HttpRequest, form: QuestionForm | None = None, suggestions=NOTHING
) -> dict:
    """What the e-loket page shows: the question box (and its answer) above the list."""
    return {
        "offered": products_offered_online(timezone.localdate()),
        "business": request.citizen_kvk,
        "question_form": form or QuestionForm(),
        "suggestions": suggestions,
    }


def _partial_login_aware(view):
    """Like ``citizen_required``, but an htmx request whose session ran out is sent to the
    log-in page as a whole page (``HX-Redirect``), not as a fragment inside the e-loket."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.headers.get("HX-Request") == "true" and current_party(request) is None:
            request.session[NEXT_KEY] = reverse("portal:request_list")
            return HttpResponse(status=401, headers={"HX-Redirect": reverse("portal:login")})
        return citizen_required(view)(request, *args, **kwargs)

    return wrapper


@require_POST
@_partial_login_aware
def request_suggestions(request: HttpRequest) -> HttpResponse:
    """The product forms and articles that match the question: the fragment for htmx, the
    whole e-loket page without JavaScript. Odd or empty text gets "no suggestion"."""
    text = question_text(request.POST.get("vraag", ""))
    suggestions = NOTHING if request.citizen_kvk else citizen_suggestions(text)
    if request.headers.get("HX-Request") == "true":
        context = {"suggestions": suggestions, "business": request.citizen_kvk}
        return render(request, "portal/_suggestions.html", context)
    form = QuestionForm(initial={"vraag": text, **_posted_key(request)})
    return render(request, LIST_TEMPLATE, request_list_context(request, form, suggestions))


def _posted_key(request: HttpRequest) -> dict:
    """The page's submission key, kept when the page is shown again: a general request
    sent from it is still filed once. A key that is not a UUID is replaced."""
    try:
        return {"submission_key": uuid.UUID(request.POST.get("submission_key", ""))}
    except ValueError:
        return {}


@require_POST
@citizen_required
def general_request(request: HttpRequest) -> HttpResponse:
    """*Stel uw vraag aan de gemeente*: the question as a general request, filed once per
    key; an agent confirms where it goes (``general_request_receive``)."""
    if request.citizen_kvk:
        raise Http404("Als ondernemer kunt u hier nog geen vraag stellen.")
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            contact, created = general_request_receive(
                actor=request.citizen,
                text=form.cleaned_data["vraag"],
                key=form.cleaned_data["submission_key"],
            )
        except ValidationError as refused:
            # The gate's own words, under the box they are about.
            fields = {"text": "vraag", "key": "submission_key"}
            for name, errors in getattr(refused, "error_dict", {None: refused.error_list}).items():
                form.add_error(fields.get(name), [e for error in errors for e in error.messages])
        except (NotPermitted, AssuranceTooLow) as refusal:
            form.add_error(None, str(refusal))
        else:
            if not created:
                messages.info(
                    request,
                    "Deze vraag had u al gesteld. Hieronder ziet u die. Wilt u nog iets "
                    "vragen? Stel dan een nieuwe vraag.",
                )
            return redirect("portal:general_request_received", pk=contact.pk)
    suggestions = citizen_suggestions(request.POST.get("vraag", ""))
    context = request_list_context(request, form, suggestions)
    return render(request, LIST_TEMPLATE, context, status=400)


@citizen_required
def general_request_received(request: HttpRequest, pk: int) -> HttpResponse:
    """The confirmation: what happens next and by when (the date the contact was given
    when it came in, from its norm; nothing is computed here)."""
    contact = (
        Contact.objects.filter(pk=pk, bsn=request.citizen_bsn).exclude(bsn="").first()
        if not request.citizen_kvk
        else None
    )
    if contact is None:
        raise Http404("Deze vraag bestaat niet.")
    # The promise's words ("binnen 2 werkdagen antwoord") for when no date was set.
    context = {"contact": contact, "promise": response_promise(contact.channel, contact.product)}
    return render(request, "portal/general_request_received.html", context)
