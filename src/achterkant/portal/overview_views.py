"""Mijn overzicht (a summary of what the municipality holds) and *Al mijn zaken*.

The start page shows the newest of everything, with links to the full lists; each case
links to its own page (``case_views``), where its history is. Reads go through the same
rules the desk uses, so citizen and staff see one truth.

The start page reads in few queries (issue 13): one for the cases (with whether each
closed one was rated), one for the contacts (the same), and one that asks everything
else at once: the unread messages, and whether there are decisions, documents and open
contact requests; only the lists that have rows are then read. Most people have none,
so the page is four queries with its session.
"""

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from achterkant.cases.overview_selectors import (
    CHANNEL_LABELS,
    case_summary,
    cases_page,
    overview_has,
)
from achterkant.cases.selectors import decisions_for, documents_for_bsn
from achterkant.contacts.models import Contact, ContactRequest, Feedback
from achterkant.contacts.selectors import open_contact_requests_for
from achterkant.notify.selectors import berichtenbox_for
from achterkant.portal.forms import InformationResponseForm
from achterkant.portal.views import citizen_required
from achterkant.tenancy.context import require_organisation, settings_versions_seen
from achterkant.tenancy.models import Organisation

ON_OVERVIEW = 10  # contacts, decisions and documents on the start page


def _party(bsn: str, kvk_number: str) -> Q:
    """A person's or company's own contacts, requests and ratings: the rule of
    ``contacts.selectors`` (by BSN, else by KvK number; a branch log-in is the company)."""
    if bsn:
        return Q(bsn=bsn)
    if kvk_number:
        return Q(kvk_number=kvk_number)
    return Q(pk__in=[])


def _rated(party: Q, field: str) -> Exists:
    """Whether this person or company already rated the row (``contacts.rated_ids``)."""
    return Exists(Feedback.objects.filter(party, **{field: OuterRef("pk")}))


def _contact_rows(party: Q, limit: int) -> list[dict]:
    """The newest contacts, as ``contacts_for`` reads them (the newest ids from the
    party's index first, then only those rows), with only what a row shows."""
    newest = Contact.objects.filter(party).order_by("-started_at", "-pk").values("pk")[:limit]
    rows = list(
        Contact.objects.filter(pk__in=newest)
        .order_by("-started_at", "-pk")
        .values(
            "pk", "started_at", "channel", "subject", "question", rated=_rated(party, "contact")
        )
    )
    for row in rows:
        row["channel_label"] = CHANNEL_LABELS.get(row["channel"], row["channel"])
    return rows


def _count(queryset) -> Subquery:
    """``SELECT COUNT(*)`` of ``queryset`` as a subquery (always one row, 0 for none)."""
    count = Func(F("pk"), function="COUNT", output_field=IntegerField())
    return Subquery(queryset.order_by().values(n=count)[:1], output_field=IntegerField())


def _what_there_is(request: HttpRequest, *, company_wide: bool) -> dict:
    """One query (on the organisation's row, so there is always one answer): the unread
    messages, whether the lists read only when they have rows have any, and the
    organisation's settings version, which the dates of the cases need next."""
    bsn, kvk_number = request.citizen_bsn, request.citizen_kvk
    checks = overview_has(actor=request.citizen)
    if bsn:
        checks["unread"] = _count(berichtenbox_for(bsn).filter(read_at__isnull=True))
    if company_wide:
        checks["has_requests"] = Exists(
            ContactRequest.objects.filter(
                _party(bsn, kvk_number), status=ContactRequest.Status.TODO
            )
        )
    organisation = require_organisation()
    there = Organisation.objects.filter(pk=organisation.pk).values("settings_version", **checks)
    there = there.get()
    # The version this request would read first thing for the promises' settings
    # (tenancy.settings_cache): read here in the same query, so not again.
    seen = settings_versions_seen()
    if seen is not None:
        seen.setdefault(organisation.pk, there["settings_version"])
    return there


@citizen_required
def home(request: HttpRequest) -> HttpResponse:
    """The newest open and closed cases, contacts, decisions and documents of this person
    or business, on any channel, and what is asked of them."""
    bsn, kvk_number, branch = request.citizen_bsn, request.citizen_kvk, request.citizen_branch
    # Contacts are registered per company, not per branch: a branch log-in does not see them.
    company_wide = not branch
    party = _party(bsn, kvk_number)
    there = _what_there_is(request, company_wide=company_wide)
    summary = case_summary(actor=request.citizen, annotations={"rated": _rated(party, "case")})
    context = {
        "open_cases": summary.open,
        "more_open": summary.more_open,
        "closed_cases": summary.closed,
        "business": kvk_number,
        "branch": branch,
        "contacts": _contact_rows(party, ON_OVERVIEW) if company_wide else [],
        "contact_requests": open_contact_requests_for(bsn=bsn, kvk_number=kvk_number)
        if there.get("has_requests")
        else [],
        "decisions": decisions_for(
            bsn=bsn, kvk_number=kvk_number, branch_number=branch, limit=ON_OVERVIEW
        )
        if there["has_decisions"]
        else [],
        "unread": there.get("unread") or 0,
        "documents": documents_for_bsn(bsn=bsn, shared_only=True, limit=ON_OVERVIEW)
        if there.get("has_documents")
        else [],
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
