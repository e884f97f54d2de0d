"""The contact-centre workspace: identify, record, follow up (the 360° view: party_views).

Each view parses input, calls one service or selector, and renders.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from achterkant.audit.services import Purpose
from achterkant.cases.errors import CaseError
from achterkant.catalog.models import Channel
from achterkant.catalog.selectors import products_for_intake
from achterkant.contacts.knowledge_search import search_articles
from achterkant.contacts.models import Outcome
from achterkant.contacts.selectors import (
    contact_request_get,
    contact_request_queue,
    contacts_to_review,
    knowledge_articles_by_ids,
    quarantined_mail,
    unmatched_email_contacts,
    written_contacts_to_answer,
)
from achterkant.contacts.services import (
    contact_confirm_product,
    contact_link_person,
    contact_receive,
    contact_request_log_attempt,
    contact_start_case,
)
from achterkant.desk import forms_kcc as forms
from achterkant.desk.contact_form_cache import unbound_contact_form_html
from achterkant.desk.forms import PersonSearchForm
from achterkant.desk.landing import start_page
from achterkant.desk.party_views import ACTIVE_COMPANY, ACTIVE_PERSON, render_party
from achterkant.desk.triage_rows import review_rows
from achterkant.identity.actors import NotPermitted
from achterkant.identity.lookup import PersonLookupError
from achterkant.identity.services import (
    company_find_by_kvk,
    company_search_by_name,
    person_find_by_bsn,
    person_read_by_bsn,
    person_search_by_postcode_and_house_number,
    person_search_by_surname_and_birth_date,
)
from achterkant.routing.selectors import teams_of

# Who the agent is helping (ACTIVE_PERSON, ACTIVE_COMPANY, in the session) and the 360°
# view itself live in party_views.


def add_validation_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def identify_context(**forms_in_use) -> dict:
    context = {
        "search_form": PersonSearchForm(),
        "name_form": forms.PersonNameSearchForm(),
        "address_form": forms.AddressSearchForm(),
        "company_form": forms.CompanySearchForm(),
    }
    return {**context, **forms_in_use}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """``/desk/``: each role's own start page (desk.landing); the agent's is the search."""
    target = start_page(request.user)
    if target != request.path:
        return redirect(target)
    return render(request, "desk/home.html", identify_context())


@login_required
@permission_required("identity.view_person", raise_exception=True)
def identify(request: HttpRequest) -> HttpResponse:
    """The search on its own address, for whoever starts elsewhere (a case worker)."""
    return render(request, "desk/home.html", identify_context())


def activate_person(request, bsn: str):
    """Make ``bsn`` the person the agent is helping and open the 360° view (also the
    header search, ``desk.search_views``)."""
    request.session.pop(ACTIVE_COMPANY, None)
    request.session[ACTIVE_PERSON] = bsn
    return redirect("desk:person")


@login_required
@permission_required("identity.view_person", raise_exception=True)
@require_POST
def person_search(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.POST)
    if form.is_valid():
        try:
            person = person_find_by_bsn(
                actor=request.user, bsn=form.cleaned_data["bsn"], purpose=Purpose.CONTACT_HANDLING
            )
        except PersonLookupError as error:
            form.add_error(None, f"Zoeken lukt nu niet: {error}")
        else:
            if person is not None:
                return activate_person(request, person.bsn)
            form.add_error("bsn", "Er is geen persoon gevonden met dit BSN.")
    return render(request, "desk/home.html", identify_context(search_form=form), status=400)


@login_required
@permission_required("identity.view_person", raise_exception=True)
@require_POST
def person_search_name(request: HttpRequest) -> HttpResponse:
    form = forms.PersonNameSearchForm(request.POST)
    return _person_results(
        request, form, "name_form",
        lambda d: person_search_by_surname_and_birth_date(
            actor=request.user, surname=d["surname"], birth_date=d["birth_date"],
            purpose=Purpose.CONTACT_HANDLING,
        ),
    )  # fmt: skip


@login_required
@permission_required("identity.view_person", raise_exception=True)
@require_POST
def person_search_address(request: HttpRequest) -> HttpResponse:
    form = forms.AddressSearchForm(request.POST)
    return _person_results(
        request, form, "address_form",
        lambda d: person_search_by_postcode_and_house_number(
            actor=request.user, postcode=d["postcode"], house_number=d["house_number"],
            house_number_addition=d["addition"], purpose=Purpose.CONTACT_HANDLING,
        ),
    )  # fmt: skip


def _person_results(request, form, form_name: str, search) -> HttpResponse:
    people = None
    if form.is_valid():
        try:
            people = search(form.cleaned_data)
        except PersonLookupError as error:
            form.add_error(None, f"Zoeken lukt nu niet: {error}")
        else:
            if not people:
                form.add_error(None, "Er is geen persoon gevonden. Controleer de gegevens.")
    status = 200 if people else 400
    context = identify_context(**{form_name: form}, people=people)
    return render(request, "desk/home.html", context, status=status)


@login_required
@permission_required("identity.view_person", raise_exception=True)
@require_POST
def person_choose(request: HttpRequest) -> HttpResponse:
    form = forms.ChooseBsnForm(request.POST)
    if not form.is_valid():
        return redirect("desk:home")
    try:
        person = person_find_by_bsn(
            actor=request.user, bsn=form.cleaned_data["bsn"], purpose=Purpose.CONTACT_HANDLING
        )
    except PersonLookupError as error:
        messages.error(request, f"Zoeken lukt nu niet: {error}")
        return redirect("desk:home")
    if person is None:
        messages.error(request, "Er is geen persoon gevonden met dit BSN.")
        return redirect("desk:home")
    return activate_person(request, person.bsn)


@login_required
@permission_required("identity.view_person", raise_exception=True)
@require_POST
def company_search(request: HttpRequest) -> HttpResponse:
    form = forms.CompanySearchForm(request.POST)
    companies = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["kvk_number"]:
                found = company_find_by_kvk(kvk_number=data["kvk_number"])
                companies = [found] if found else []
            else:
                companies = company_search_by_name(name=data["name"])
        except ValidationError as error:
            add_validation_errors(form, error)
        if companies == []:
            form.add_error(None, "Er is geen bedrijf gevonden.")
        elif companies and len(companies) == 1:
            return activate_company(request, companies[0].kvk_number)
    status = 200 if companies else 400
    context = identify_context(company_form=form, companies=companies)
    return render(request, "desk/home.html", context, status=status)


def activate_company(request, kvk_number: str):
    """As :func:`activate_person`, for a company."""
    request.session.pop(ACTIVE_PERSON, None)
    request.session[ACTIVE_COMPANY] = kvk_number
    return redirect("desk:company")


@login_required
@permission_required("identity.view_person", raise_exception=True)
@require_POST
def company_choose(request: HttpRequest) -> HttpResponse:
    form = forms.ChooseCompanyForm(request.POST)
    if not form.is_valid():
        return redirect("desk:home")
    return activate_company(request, form.cleaned_data["kvk_number"])


@login_required
@permission_required("contacts.add_contact", raise_exception=True)
@require_POST
def contact_create(request: HttpRequest) -> HttpResponse:
    bsn = request.session.get(ACTIVE_PERSON, "")
    kvk_number = request.session.get(ACTIVE_COMPANY, "") if not bsn else ""
    form = forms.ContactForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        draft = None
        if data["outcome"] == Outcome.CONTACT_REQUEST:
            name = request.POST.get("party_name", "")[:200] or "Beller"
            draft = form.contact_request_draft(name=name)
        try:
            contact = contact_receive(
                actor=request.user, channel=data["channel"], bsn=bsn, kvk_number=kvk_number,
                product=data["product"], subject=data["subject"], question=data["question"],
                answer=data["answer"], outcome=data["outcome"], referred_to=data["referred_to"],
                articles=data["articles"], contact_request=draft,
                started_at=data["started_at"], ended_at=timezone.now(),
                idempotency_key=data["idempotency_key"],
            )  # fmt: skip
        except ValidationError as error:
            add_validation_errors(form, form.request_errors(error))
        except (CaseError, NotPermitted) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _confirmation(contact))
            return redirect("desk:person" if bsn else "desk:company" if kvk_number else "desk:home")
    if bsn:
        try:
            person = person_read_by_bsn(
                actor=request.user, bsn=bsn, purpose=Purpose.CONTACT_HANDLING
            )
        except PersonLookupError as error:
            messages.error(request, f"De gegevens kunnen nu niet worden opgehaald: {error}")
            return redirect("desk:home")
        if person is None:
            return redirect("desk:home")
        return render_party(request, person=person, contact_form=form, status=400)
    if kvk_number:
        company = company_find_by_kvk(kvk_number=kvk_number)
        if company is None:
            return redirect("desk:home")
        return render_party(request, company=company, contact_form=form, status=400)
    return render(request, "desk/anonymous_contact.html", {"contact_form": form}, status=400)


def _confirmation(contact) -> str:
    if contact.case_id:
        return f"Contact vastgelegd en zaak {contact.case.number} gestart."
    if contact.outcome == Outcome.CONTACT_REQUEST:
        return "Contact vastgelegd en terugbelverzoek gemaakt."
    return "Contact vastgelegd."


@login_required
@permission_required("contacts.add_contact", raise_exception=True)
def anonymous_contact(request: HttpRequest) -> HttpResponse:
    """A caller who does not want to or cannot be identified."""
    request.session.pop(ACTIVE_PERSON, None)
    request.session.pop(ACTIVE_COMPANY, None)
    form_html = unbound_contact_form_html(request, party="")
    return render(request, "desk/anonymous_contact.html", {"contact_form_html": form_html})


@login_required
def knowledge_search(request: HttpRequest) -> HttpResponse:
    """Full page, or the results partial when htmx asks (the contact form's side panel)."""
    query = request.GET.get("q", "")[:200]
    hits = search_articles(query) if query.strip() else []
    answers = {a.pk: a.answer for a in knowledge_articles_by_ids([h.article_id for h in hits])}
    hits = [(hit, answers.get(hit.article_id, hit.snippet)) for hit in hits]
    partial = request.headers.get("HX-Request") == "true"
    template = "desk/partials/knowledge_hits.html" if partial else "desk/knowledge.html"
    return render(request, template, {"query": query, "hits": hits, "selectable": partial})


@login_required
@permission_required("contacts.view_contactrequest", raise_exception=True)
def contact_request_list(request: HttpRequest) -> HttpResponse:
    teams = teams_of(request.user)
    queue = contact_request_queue(team_ids=[t.pk for t in teams], user=request.user)
    context = {"teams": teams, "queue": queue, "now": timezone.now()}
    return render(request, "desk/contact_requests.html", context)


@login_required
@permission_required("contacts.change_contactrequest", raise_exception=True)
def contact_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The selector applies the one rule (assignee or team) and logs the read.
    contact_request = contact_request_get(actor=request.user, pk=pk)
    if contact_request is None:
        raise Http404("Dit contactverzoek bestaat niet of is niet voor u.")
    form = forms.AttemptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_request_log_attempt(
                actor=request.user, request=contact_request,
                result=form.cleaned_data["result"], note=form.cleaned_data["note"],
            )  # fmt: skip
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Poging vastgelegd.")
            return redirect("desk:contact_request", pk=pk)
    status = 400 if request.method == "POST" else 200
    context = {"item": contact_request, "form": form, "now": timezone.now()}
    return render(request, "desk/contact_request.html", context, status=status)


@login_required
@permission_required("contacts.view_contact", raise_exception=True)
def mailbox(request: HttpRequest) -> HttpResponse:
    context = {
        "to_review": review_rows(contacts_to_review()),
        "unmatched": unmatched_email_contacts(),
        "to_answer": written_contacts_to_answer(),
        "products": products_for_intake(),
        "quarantined": quarantined_mail(),
    }
    return render(request, "desk/mailbox.html", context)


@login_required
@permission_required("contacts.add_contact", raise_exception=True)
@require_POST
def mailbox_link(request: HttpRequest, pk: int) -> HttpResponse:
    from achterkant.contacts.models import Contact

    contact = Contact.objects.filter(pk=pk, channel=Channel.EMAIL).first()
    if contact is None:
        raise Http404("Dit e-mailcontact bestaat niet.")
    form = forms.LinkPersonForm(request.POST)
    if form.is_valid():
        try:
            contact_link_person(actor=request.user, contact=contact, bsn=form.cleaned_data["bsn"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "De e-mail is aan de persoon gekoppeld.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("desk:mailbox")


@login_required
@permission_required("contacts.add_contact", raise_exception=True)
@require_POST
def mailbox_confirm_product(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a suggested product for a contact in the review queue, or correct it."""
    from achterkant.contacts.models import Contact

    contact = Contact.objects.filter(pk=pk).first()
    if contact is None:
        raise Http404("Dit contact bestaat niet.")
    form = forms.ConfirmProductForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("desk:mailbox")
    product = form.cleaned_data["product"]
    try:
        contact = contact_confirm_product(actor=request.user, contact=contact, product=product)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except NotPermitted as error:
        messages.error(request, str(error))
    else:
        where = f" Het staat nu bij {contact.team.name}." if contact.team_id else ""
        messages.success(request, f"Product ‘{product.name}’ vastgelegd.{where}")
    return redirect("desk:mailbox")


@login_required
@permission_required("contacts.add_contact", raise_exception=True)
@require_POST
def contact_start_case_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a case from an e-mail or letter that came in earlier."""
    from achterkant.contacts.models import Contact

    contact = Contact.objects.filter(pk=pk).first()
    form = forms.StartCaseForm(request.POST)
    if contact is None:
        raise Http404("Dit contact bestaat niet.")
    if not form.is_valid():
        messages.error(request, "Kies een product waarvoor u een zaak kunt starten.")
        return redirect("desk:mailbox")
    try:
        contact = contact_start_case(
            actor=request.user, contact=contact, product=form.cleaned_data["product"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except (CaseError, NotPermitted) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Zaak {contact.case.number} is gestart.")
    return redirect("desk:mailbox")


@login_required
@permission_required("contacts.add_contact", raise_exception=True)
def letter_create(request: HttpRequest) -> HttpResponse:
    form = forms.LetterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = contact_receive(
                actor=request.user, channel=Channel.LETTER, attachments=[data["scan"]],
                subject=data["subject"], question=data["question"], bsn=data["bsn"] or "",
                product=data["product"],
                outcome=Outcome.CASE if data["start_case"] else Outcome.OPEN,
                idempotency_key=data["idempotency_key"],
            )  # fmt: skip
        except ValidationError as error:
            add_validation_errors(form, error)
        except (CaseError, NotPermitted) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _confirmation(contact).replace("Contact", "Brief"))
            return redirect("desk:letter_create")
    status = 400 if request.method == "POST" else 200
    return render(request, "desk/letter.html", {"form": form}, status=status)
