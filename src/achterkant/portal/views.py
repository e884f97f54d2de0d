"""Mijn gemeente: the citizen's own picture of every case and contact, on any channel.

Reads go through the same selectors the desk uses, so citizen and staff see one truth.
"""

import secrets
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from achterkant.cases.errors import CaseError
from achterkant.cases.models import Case
from achterkant.cases.services import add_document
from achterkant.cases.services.information import record_information_received
from achterkant.catalog.models import Channel
from achterkant.contacts.models import Contact
from achterkant.contacts.services.feedback import AlreadyRated, feedback_give
from achterkant.identity.actors import Citizen, Company
from achterkant.identity.assurance import AssuranceLevel
from achterkant.identity.validators import is_valid_bsn
from achterkant.notify.selectors import berichtenbox, message_for_bsn
from achterkant.notify.services import message_mark_read
from achterkant.portal import saml
from achterkant.portal.forms import EherkenningMockForm, FeedbackForm, InformationResponseForm
from achterkant.portal.session import (
    NEXT_KEY,
    current_party,
    drop_stale_draft,
    login_citizen,
    logout_citizen,
    next_path,
    seconds_left,
    session_seconds_left,
    stay_logged_in,
)

STATE_KEY = "portal_digid_state"
MOCK_LEVEL_KEY = "portal_digid_mock_level"


def citizen_required(view):
    """A logged-in person or business; ``request.citizen_bsn`` / ``citizen_kvk`` say who."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        party = current_party(request)
        if party is None:
            if request.method == "GET":
                request.session[NEXT_KEY] = request.get_full_path()
            return redirect("portal:login")
        mark_citizen(request, party)
        return view(request, *args, **kwargs)

    return wrapper


def party_actor(party: dict) -> Citizen | Company:
    """The logged-in person (DigiD) or business (eHerkenning, maybe one branch), with the
    assurance level of the log-in, as the services know them."""
    if party["kvk"]:
        return Company(
            kvk_number=party["kvk"], branch_number=party.get("branch") or "",
            assurance=party["assurance"],
        )  # fmt: skip
    return Citizen(bsn=party["bsn"], assurance=party["assurance"])


def mark_citizen(request: HttpRequest, party: dict) -> None:
    """Say on the request who is logged in, for the view and the page's session warning."""
    request.citizen = party_actor(party)
    request.citizen_bsn, request.citizen_kvk = party["bsn"], party["kvk"]
    # A log-in for one vestiging (eHerkenning) sees only what belongs to that branch.
    request.citizen_branch = party.get("branch", "")
    request.citizen_name = party.get("name", "")  # read at log-in (session.login_citizen)
    request.citizen_session_seconds = seconds_left(request)
    request.citizen_session_warning = settings.PORTAL_SESSION_WARNING_SECONDS


@require_POST
def keepalive(request: HttpRequest) -> HttpResponse:
    """'Ingelogd blijven': a request counts as activity, so the idle clock starts again."""
    if not stay_logged_in(request):
        return JsonResponse({"seconds_left": 0}, status=401)
    return JsonResponse({"seconds_left": seconds_left(request)})


def session_status(request: HttpRequest) -> HttpResponse:
    """How long the session has left; asking does not count as activity."""
    return JsonResponse({"seconds_left": session_seconds_left(request)})


def login(request: HttpRequest) -> HttpResponse:
    drop_stale_draft(request)
    if request.GET.get("verlopen"):
        messages.info(
            request, "U was te lang niet actief. Daarom bent u uitgelogd. Log opnieuw in."
        )
        return redirect("portal:login")
    context = {
        "digid_saml": saml.digid_enabled(),
        "eherkenning_saml": saml.eherkenning_enabled(),
        "digid_mock": settings.DIGID_MOCK,
        "eherkenning_mock": settings.EHERKENNING_MOCK,
        "levels": AssuranceLevel.choices,
        "mock_level": settings.DIGID_MOCK_ASSURANCE,
    }
    return render(request, "portal/login.html", context)


@require_POST
def login_again(request: HttpRequest) -> HttpResponse:
    """'Opnieuw inloggen' at a higher level, from a page that refused the level of this
    log-in: a new DigiD log-in that asks for ``niveau``, then back to ``next``.

    The session stays until the new log-in replaces it, so cancelling at DigiD loses
    nothing. DigiD itself asks the citizen for the stronger means (``saml.digid_login``).
    """
    level = request.POST.get("niveau", "")
    if level not in AssuranceLevel.values:
        messages.error(request, "Dit betrouwbaarheidsniveau kennen wij niet. Log opnieuw in.")
        return redirect("portal:login")
    target = next_path_from(request, request.POST.get("next", ""))
    if target:
        request.session[NEXT_KEY] = target
    if saml.digid_enabled():
        query = {"niveau": level, **({"next": target} if target else {})}
        return redirect(f"{reverse('portal_saml:digid_login')}?{urlencode(query)}")
    if settings.DIGID_MOCK:
        return redirect(f"{reverse('portal:digid_mock_login')}?{urlencode({'niveau': level})}")
    messages.error(request, saml.DIGID_OFF)
    return redirect("portal:login")


def next_path_from(request: HttpRequest, value: str) -> str:
    """``value`` if it is a path on this site (never another host), else ""."""
    local = value.startswith("/") and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}
    )
    return value if local else ""


def eherkenning_mock_login(request: HttpRequest) -> HttpResponse:
    """Development-only stand-in for eHerkenning (the library has no mock for it).

    Settings tie it to DEBUG, so it can never be on in production. It plays the IdP: the
    KvK number typed here is what a real eHerkenning assertion would carry.
    """
    if not settings.EHERKENNING_MOCK:
        raise Http404("Inloggen met de test-eHerkenning staat uit.")
    form = EherkenningMockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        login_citizen(
            request,
            kvk_number=form.cleaned_data["kvk_number"],
            branch_number=form.cleaned_data["branch_number"],
            via="eherkenning-mock",
            assurance=form.cleaned_data["assurance"],
        )
        return redirect(next_path(request, reverse("portal:home")))
    return render(request, "portal/eherkenning_mock.html", {"form": form})


def digid_mock_login(request: HttpRequest) -> HttpResponse:
    """Start a log-in at the library's mock DigiD IdP (demo and tests only)."""
    if not settings.DIGID_MOCK:
        raise Http404("Inloggen met de test-DigiD staat uit.")
    # One-time state: the mock returns the BSN in the URL, so only our own round trip counts.
    state = request.session[STATE_KEY] = secrets.token_urlsafe(16)
    # The mock IdP knows no levels; the tester picks one here (demo only, like the mock).
    level = request.GET.get("niveau", "")
    request.session[MOCK_LEVEL_KEY] = (
        level if level in AssuranceLevel.values else settings.DIGID_MOCK_ASSURANCE
    )
    acs = request.build_absolute_uri(reverse("portal:digid_mock_acs"))
    home = request.build_absolute_uri(reverse("portal:home"))
    params = {"acs": f"{acs}?{urlencode({'state': state})}", "next": home, "cancel": home}
    return redirect(f"{reverse('digid-mock:login')}?{urlencode(params)}")


def digid_mock_acs(request: HttpRequest) -> HttpResponse:
    """Where the mock IdP returns: check our state, take the BSN from its assertion."""
    if not settings.DIGID_MOCK:
        raise Http404("Inloggen met de test-DigiD staat uit.")
    expected = request.session.pop(STATE_KEY, None)
    if not expected or not secrets.compare_digest(expected, request.GET.get("state", "")):
        return HttpResponseBadRequest(
            "Deze inlogpoging is ongeldig of verlopen. Probeer het opnieuw."
        )
    bsn = request.GET.get("bsn", "")
    if not is_valid_bsn(bsn):
        messages.error(request, "Inloggen met DigiD is niet gelukt. Probeer het opnieuw.")
        return redirect("portal:login")
    level = request.session.pop(MOCK_LEVEL_KEY, settings.DIGID_MOCK_ASSURANCE)
    login_citizen(request, bsn=bsn, via="digid-mock", assurance=level)
    return redirect(next_path(request, reverse("portal:home")))


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    # Ask before the session ends: single log-out needs the NameID stored in it.
    idp_logout = saml.single_logout_url(request)
    logout_citizen(request)
    if idp_logout:
        # DigiD sends the browser back to portal_saml:digid_slo, which says "U bent uitgelogd."
        return redirect(idp_logout)
    messages.info(request, "U bent uitgelogd.")
    return redirect("portal:login")


@citizen_required
@require_POST
def respond(request: HttpRequest, number: str) -> HttpResponse:
    """The citizen answers an information request on the web: the clock runs again."""
    case = (
        Case.objects.filter(number=number, initiator_bsn=request.citizen_bsn)
        .exclude(initiator_bsn="")
        .first()
    )
    if case is None:
        raise Http404("Deze zaak bestaat niet.")
    form = InformationResponseForm(request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(errors)}")
        return redirect("portal:home")
    citizen = request.citizen
    try:
        with transaction.atomic():
            if form.cleaned_data["upload"]:
                add_document(
                    actor=citizen, case=case, upload=form.cleaned_data["upload"],
                    title="Reactie van de aanvrager",
                )  # fmt: skip
            promise = record_information_received(
                actor=citizen, case=case, note=form.cleaned_data["text"], channel=Channel.WEB
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except CaseError:
        messages.info(request, "Wij hadden uw reactie al ontvangen. Dank u wel.")
    else:
        messages.success(
            request,
            "Dank u wel. Wij gaan verder met uw zaak. U krijgt uiterlijk op "
            f"{date_format(promise.decision_due, 'l j F Y')} een besluit.",
        )
    return redirect("portal:home")


@citizen_required
@require_POST
def feedback(request: HttpRequest) -> HttpResponse:
    """A rating of a closed case or a contact. Only your own; once per item."""
    form = FeedbackForm(request.POST)
    back = next_path_from(request, request.POST.get("next", "")) or reverse("portal:home")
    if not form.is_valid():
        messages.error(request, "Kies hoe tevreden u bent: van zeer ontevreden tot zeer tevreden.")
        return redirect(back)
    party = {
        "bsn": request.citizen_bsn,
        "kvk_number": request.citizen_kvk,
        "branch_number": request.citizen_branch,
    }
    case = contact = None
    if form.cleaned_data["case"]:
        case = Case.objects.filter(number=form.cleaned_data["case"]).first()
    elif form.cleaned_data["contact"]:
        contact = Contact.objects.filter(pk=form.cleaned_data["contact"]).first()
    if case is None and contact is None:
        raise Http404("Dit bestaat niet.")
    try:
        feedback_give(
            **party, case=case, contact=contact, score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
        )  # fmt: skip
    except ValidationError as error:
        # Someone else's case or contact: the same answer as one that does not exist.
        raise Http404("Dit bestaat niet.") from error
    except AlreadyRated:
        messages.info(request, "U had dit al beoordeeld. Dank u wel.")
    else:
        messages.success(
            request, "Dank u wel voor uw beoordeling. Wij gebruiken die om beter te worden."
        )
    return redirect(back)


@citizen_required
def message_list(request: HttpRequest) -> HttpResponse:
    """The berichtenbox: every message to this person, newest first, unread marked."""
    context = {"inbox": berichtenbox(bsn=request.citizen_bsn), "nav": "messages"}
    return render(request, "portal/messages.html", context)


@citizen_required
def message_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    message = message_for_bsn(bsn=request.citizen_bsn, message_id=message_id)
    if message is None:
        raise Http404("Dit bericht bestaat niet.")
    message_mark_read(message)
    return render(request, "portal/message.html", {"message": message, "nav": "messages"})
