"""Mijn overzicht (a summary of what the municipality holds) and *Al mijn zaken*.

The start page shows the newest of everything, with links to the full lists; each case
links to its own page (``case_views``), where its history is. Reads go through the same
selectors the desk uses, so citizen and staff see one truth.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from achterkant.cases.overview_selectors import case_summary, cases_page
from achterkant.cases.selectors import decisions_for, documents_for_bsn
from achterkant.contacts.selectors import contacts_for, open_contact_requests_for, rated_ids
from achterkant.notify.selectors import unread_count_for_bsn
from achterkant.portal.forms import InformationResponseForm
from achterkant.portal.views import citizen_required

ON_OVERVIEW = 10  # contacts, decisions and documents on the start page


@citizen_required
def home(request: HttpRequest) -> HttpResponse:
    """The newest open and closed cases, contacts, decisions and documents of this person
    or business, on any channel, and what is asked of them."""
    bsn, kvk_number, branch = request.citizen_bsn, request.citizen_kvk, request.citizen_branch
    summary = case_summary(actor=request.citizen)
    # Contacts are registered per company, not per branch: a branch log-in does not see them.
    company_wide = not branch
    contacts = (
        contacts_for(bsn=bsn, kvk_number=kvk_number, limit=ON_OVERVIEW) if company_wide else []
    )
    rated_cases, rated_contacts = (
        rated_ids(bsn=bsn, kvk_number=kvk_number) if summary.closed or contacts else (set(), set())
    )
    context = {
        "open_cases": summary.open,
        "more_open": summary.more_open,
        "closed_cases": [(case, case.pk not in rated_cases) for case in summary.closed],
        "business": kvk_number,
        "branch": branch,
        "contacts": [(contact, contact.pk not in rated_contacts) for contact in contacts],
        "contact_requests": open_contact_requests_for(bsn=bsn, kvk_number=kvk_number)
        if company_wide
        else [],
        "decisions": decisions_for(
            bsn=bsn, kvk_number=kvk_number, branch_number=branch, limit=ON_OVERVIEW
        ),
        "unread": unread_count_for_bsn(bsn=bsn) if bsn else 0,
        "documents": documents_for_bsn(bsn=bsn, shared_only=True, limit=ON_OVERVIEW),
        # The answer form, only when we wait for this person's answer in a case shown.
        "response_form": InformationResponseForm()
        if not kvk_number and any(case.promise.clock_stopped for case in summary.open)
        else None,
    }
    return render(request, "portal/home.html", context)


@citizen_required
def all_cases(request: HttpRequest) -> HttpResponse:
    """Al mijn zaken: every case, newest first, 25 a page (keyset: ``?na=<id>``)."""
    before = request.GET.get("na", "")
    before_id = int(before) if before.isdigit() and len(before) < 19 else None
    page, next_id = cases_page(actor=request.citizen, before=before_id)
    context = {
        "cases": page,
        "next_id": next_id,
        "first_page": before_id is None,
        "business": request.citizen_kvk,
        "branch": request.citizen_branch,
    }
    return render(request, "portal/all_cases.html", context)
