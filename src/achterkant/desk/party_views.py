"""The 360° view of the person or company the agent is helping, and its full lists.

The 360° view is a summary: the newest few contacts, cases, messages and documents.
*Alle contacten* and *Alle zaken* page through the rest, newest first. The person is
read (and the read logged) the same way on every one of these pages.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from achterkant.audit.services import Purpose
from achterkant.cases.party_selectors import cases_of_party
from achterkant.contacts.selectors import contact_rows_for, party_summary
from achterkant.desk import forms_kcc as forms
from achterkant.desk.contact_form_cache import unbound_contact_form_html
from achterkant.desk.links import SAMPLE_ID, SAMPLE_NUMBER, url_pattern
from achterkant.desk.party_rows import case_rows, with_contact_texts, with_summary_texts
from achterkant.desk.views import page_param
from achterkant.identity.lookup import PersonLookupError
from achterkant.identity.services import company_find_by_kvk, person_read_by_bsn

# Who the agent is helping. Kept in the session, so BSNs stay out of URLs and logs.
ACTIVE_PERSON = "desk_active_bsn"
ACTIVE_COMPANY = "desk_active_kvk"

SUMMARY_SIZE = 10  # rows of each list on the 360° view
PAGE_SIZE = 25  # rows of a page of *Alle contacten* / *Alle zaken*


def _active_person(request: HttpRequest):
    """The person the agent is helping, read from the person source and logged; or the
    response that sends the agent back to the search."""
    bsn = request.session.get(ACTIVE_PERSON)
    if not bsn:
        messages.info(request, "Zoek eerst een persoon.")
        return redirect("desk:home")
    try:
        person = person_read_by_bsn(actor=request.user, bsn=bsn, purpose=Purpose.CONTACT_HANDLING)
    except PersonLookupError as error:
        messages.error(request, f"De gegevens kunnen nu niet worden opgehaald: {error}")
        return redirect("desk:home")
    if person is None:
        del request.session[ACTIVE_PERSON]
        return redirect("desk:home")
    return person


def _active_company(request: HttpRequest):
    kvk_number = request.session.get(ACTIVE_COMPANY)
    company = company_find_by_kvk(kvk_number=kvk_number) if kvk_number else None
    if company is None:
        messages.info(request, "Zoek eerst een bedrijf.")
        return redirect("desk:home")
    return company


@login_required
@permission_required("identity.view_person", raise_exception=True)
def person_detail(request: HttpRequest) -> HttpResponse:
    person = _active_person(request)
    if isinstance(person, HttpResponse):
        return person
    return render_party(request, person=person)


@login_required
@permission_required("identity.view_person", raise_exception=True)
def company_detail(request: HttpRequest) -> HttpResponse:
    company = _active_company(request)
    if isinstance(company, HttpResponse):
        return company
    return render_party(request, company=company)


def _first(rows: list, size: int) -> tuple[list, bool]:
    """The first ``size`` rows, and whether there were more (the caller read one extra)."""
    return rows[:size], len(rows) > size


def _case_links(request, cases) -> None:
    """``case.url``: its page, for staff who may see cases (else "": no link)."""
    link = (
        url_pattern("desk:case", SAMPLE_NUMBER) if request.user.has_perm("cases.view_case") else ""
    )
    for case in cases:
        case.url = link.format(case.number) if link else ""


def render_party(
    request: HttpRequest,
    *,
    contact_form: forms.ContactForm | None = None,
    person=None,
    company=None,
    status: int = 200,
) -> HttpResponse:
    """The 360° view: the newest of everything we hold about this person or company.

    Two queries for the lists: the cases (with their promise), and the rest in one
    (``party_summary``); the rows are plain values with their links filled in here.
    ``contact_form``: the form after a failed POST; None: an empty one (ready-made,
    ``desk.contact_form_cache``).
    """
    bsn = person.bsn if person else ""
    kvk_number = company.kvk_number if company else ""
    party = {"bsn": bsn, "kvk_number": kvk_number}
    summary = with_summary_texts(party_summary(**party, size=SUMMARY_SIZE))
    contacts, more_contacts = _first(summary["contacts"], SUMMARY_SIZE)
    cases, more_cases = _first(cases_of_party(**party, limit=SUMMARY_SIZE + 1), SUMMARY_SIZE)
    _case_links(request, cases)
    if summary["documents"] and request.user.has_perm("cases.view_case"):
        link = url_pattern("desk:case_document", SAMPLE_NUMBER, SAMPLE_ID)
        for document in summary["documents"]:
            document["url"] = link.format(document["case_number"], document["pk"])
    link = url_pattern("desk:attachment", SAMPLE_ID)
    for attachment in summary["attachments"]:
        attachment["url"] = link.format(attachment["pk"])
    prefix = "desk:person" if person else "desk:company"
    context = {
        "person": person,
        "company": company,
        "summary_size": SUMMARY_SIZE,
        "contacts": with_contact_texts(contacts),
        "all_contacts_url": reverse(f"{prefix}_contacts") if more_contacts else "",
        "cases": case_rows(cases),
        "all_cases_url": reverse(f"{prefix}_cases") if more_cases else "",
        "contact_requests": summary["contact_requests"],
        "sent": summary["sent"],
        "documents": summary["documents"],
        "attachments": summary["attachments"],
        "contact_form": contact_form,
        "contact_form_html": (
            unbound_contact_form_html(
                request,
                party="person" if person else "company",
                party_name=person.full_name if person else company.name,
                known_phone=(person or company).phone,
                known_email=(person or company).email,
            )
            if contact_form is None
            else ""
        ),
    }
    return render(request, "desk/party.html", context, status=status)


LISTS = {
    "contacts": (contact_rows_for, "Alle contacten"),
    "cases": (cases_of_party, "Alle zaken"),
}


def _party_list(request: HttpRequest, *, kind: str, person=None, company=None) -> HttpResponse:
    """One page of a person's or company's contacts or cases, newest first."""
    fetch, title = LISTS[kind]
    before = page_param(request.GET.get("voor"))
    bsn = person.bsn if person else ""
    kvk_number = company.kvk_number if company else ""
    rows, more = _first(
        fetch(bsn=bsn, kvk_number=kvk_number, before=before, limit=PAGE_SIZE + 1), PAGE_SIZE
    )
    if kind == "cases":
        _case_links(request, rows)
        last = rows[-1].pk if rows else None
        rows = case_rows(rows)
    else:
        last = rows[-1]["pk"] if rows else None
        rows = with_contact_texts(rows)
    context = {
        "person": person,
        "company": company,
        "kind": kind,
        "title": title,
        "rows": rows,
        "next_before": last if more else None,
        "later_page": before is not None,
        "back_url": reverse("desk:person" if person else "desk:company"),
    }
    return render(request, "desk/party_list.html", context)


@login_required
@permission_required("identity.view_person", raise_exception=True)
def party_list(request: HttpRequest, party: str, kind: str) -> HttpResponse:
    """*Alle contacten* / *Alle zaken* of the active person or company (``party`` and
    ``kind`` come from the URL pattern)."""
    if party == "person":
        person = _active_person(request)
        if isinstance(person, HttpResponse):
            return person
        return _party_list(request, person=person, kind=kind)
    company = _active_company(request)
    if isinstance(company, HttpResponse):
        return company
    return _party_list(request, company=company, kind=kind)
