"""Mijn overzicht (a summary of what the municipality holds) and *Al mijn zaken*.

The start page shows the newest of everything, with links to the full lists; each case
links to its own page (``case_views``), where its history is. Reads go through the same
rules the desk uses, so citizen and staff see one truth.

The start page reads in few queries (issue 13): one for the cases (with whether each
closed one was rated), one for the contacts (the same), and one that asks everything
else at once: the unread messages, and whether there are decisions, documents and open
contact requests; only the lists that have rows are then read. Most people have none,
so the page is four queries with its session.

Those three queries are the same for every citizen of an organisation but for the
party's numbers: they are compiled once per process (``tenancy.compiled``). The rows are
formatted here (dates, links), so the template only prints them.
"""

from datetime import date, datetime
from functools import lru_cache
from urllib.parse import quote

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import template_localtime
from django.utils.translation import get_language

from achterkant.cases.models import Case
from achterkant.cases.overview_selectors import (
    CHANNEL_LABELS,
    CaseRow,
    CaseSummary,
    case_summary_of,
    case_summary_query,
    cases_page,
    overview_has,
)
from achterkant.cases.selectors import decisions_for, documents_for_bsn
from achterkant.contacts.models import Contact, ContactRequest, Feedback
from achterkant.contacts.selectors import open_contact_requests_for
from achterkant.contacts.services.feedback import RATABLE_OUTCOMES
from achterkant.identity.actors import Citizen, Company
from achterkant.notify.selectors import berichtenbox_for
from achterkant.portal.forms import InformationResponseForm
from achterkant.portal.views import citizen_required
from achterkant.tenancy.compiled import compiled_rows
from achterkant.tenancy.context import require_organisation, settings_versions_seen
from achterkant.tenancy.models import Organisation

ON_OVERVIEW = 10  # contacts, decisions and documents on the start page
LONG_DATE, DATE = "l j F Y", "j F Y"


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


def _contacts_query(bsn: str, kvk_number: str, limit: int):
    """The newest contacts, as ``contacts_for`` reads them (the newest ids from the
    party's index first, then only those rows), with only what a row shows."""
    party = _party(bsn, kvk_number)
    newest = Contact.objects.filter(party).order_by("-started_at", "-pk").values("pk")[:limit]
    return (
        Contact.objects.filter(pk__in=newest)
        .order_by("-started_at", "-pk")
        .values(
            "pk",
            "started_at",
            "channel",
            "subject",
            "question",
            "outcome",
            rated=_rated(party, "contact"),
        )
    )


def _count(queryset) -> Subquery:
    """``SELECT COUNT(*)`` of ``queryset`` as a subquery (always one row, 0 for none)."""
    count = Func(F("pk"), function="COUNT", output_field=IntegerField())
    return Subquery(queryset.order_by().values(n=count)[:1], output_field=IntegerField())


def _what_there_is_query(actor, bsn: str, kvk_number: str, *, company_wide: bool):
    """The unread messages, whether the lists read only when they have rows have any, and
    the organisation's settings version (on the organisation's row, so always one row)."""
    checks = overview_has(actor=actor)
    if bsn:
        checks["unread"] = _count(berichtenbox_for(bsn).filter(read_at__isnull=True))
    if company_wide:
        checks["has_requests"] = Exists(
            ContactRequest.objects.filter(
                _party(bsn, kvk_number), status=ContactRequest.Status.TODO
            )
        )
    organisation = require_organisation()
    return Organisation.objects.filter(pk=organisation.pk).values("settings_version", **checks)


# Two sets of stand-ins for a party's numbers (the BSN, or the KvK and branch number):
# the overview's three queries are compiled with these (``tenancy.compiled``).
_STAND_INS = (("\x00number\x00", "\x00branch\x00"), ("\x00other\x00", "\x00branch2\x00"))


def _stand_ins(numbers: tuple) -> tuple[tuple, tuple]:
    """Stand-ins for as many numbers as the party has."""
    return (_STAND_INS[0][: len(numbers)], _STAND_INS[1][: len(numbers)])


def _stand_in(request: HttpRequest):
    """The kind of party (the key of the compiled queries), the numbers the queries take
    (the BSN; else the KvK number and a branch's number) and this request's actor, which
    stands for a party without numbers."""
    bsn, kvk_number, branch = request.citizen_bsn, request.citizen_kvk, request.citizen_branch
    kind = (bool(bsn), bool(kvk_number), bool(branch))
    if bsn:
        numbers = (bsn,)
    elif kvk_number:
        numbers = (kvk_number, branch) if branch else (kvk_number,)
    else:
        numbers = ()
    return kind, numbers, request.citizen


def _party_of(kind, citizen, number: str = "", branch: str = ""):
    """The actor and ``(bsn, kvk_number)`` of a party of ``kind`` with these numbers."""
    if kind[0]:
        return Citizen(bsn=number), number, ""
    if kind[1]:
        return Company(kvk_number=number, branch_number=branch), "", number
    return citizen, "", ""  # no numbers: nothing to stand in for


def _what_there_is(request: HttpRequest, stand_in, *, company_wide: bool) -> dict:
    """One query: see :func:`_what_there_is_query`. The settings version is the one the
    dates of the cases need next."""
    kind, numbers, citizen = stand_in

    def build(*numbers):
        actor, bsn, kvk_number = _party_of(kind, citizen, *numbers)
        return _what_there_is_query(actor, bsn, kvk_number, company_wide=company_wide)

    (there,) = compiled_rows(
        "overview.there",
        Organisation,
        build,
        numbers,
        stand_ins=_stand_ins(numbers),
        key=kind,
        named=True,
    )
    # The version this request would read first thing for the promises' settings
    # (tenancy.settings_cache): read here in the same query, so not again.
    seen = settings_versions_seen()
    if seen is not None:
        seen.setdefault(require_organisation().pk, there["settings_version"])
    return there


def _summary(stand_in) -> CaseSummary:
    """The cases of :func:`case_summary_query`, each with whether this party rated it."""
    kind, numbers, citizen = stand_in
    now = timezone.now()
    today = timezone.localdate(now)

    def build(*numbers):
        actor, bsn, kvk_number = _party_of(kind, citizen, *numbers)
        rated = _rated(_party(bsn, kvk_number), "case")
        return case_summary_query(actor=actor, today=today, annotations={"rated": rated})

    rows = compiled_rows(
        "overview.cases",
        Case,
        build,
        numbers,
        stand_ins=_stand_ins(numbers),
        key=kind,
        day=today,
        named=True,
    )
    return case_summary_of(rows, extra=("rated",), now=now)


def _contact_rows(stand_in) -> list[dict]:
    kind, numbers, citizen = stand_in
    numbers = numbers[:1]  # contacts are the company's, whatever the branch

    def build(*numbers):
        _actor, bsn, kvk_number = _party_of(kind, citizen, *numbers)
        return _contacts_query(bsn, kvk_number, ON_OVERVIEW)

    rows = compiled_rows(
        "overview.contacts",
        Contact,
        build,
        numbers,
        stand_ins=_stand_ins(numbers),
        key=kind,
        named=True,
    )
    for row in rows:
        row["channel_label"] = CHANNEL_LABELS.get(row["channel"], row["channel"])
        # Rated only once finished (the rule of ``feedback_give``), and once.
        row["offer_rating"] = row["outcome"] in RATABLE_OUTCOMES and not row["rated"]
    return rows


@lru_cache(maxsize=2048)
def _formatted(day: date, fmt: str, language: str | None) -> str:
    """``{{ day|date:fmt }}`` for a date (not a datetime, which the filter would first
    move to the local time zone) in ``language``, the active one: the same few dates
    recur on every page."""
    return date_format(day, fmt)


def _date(day: date | None, fmt: str) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime):  # not expected here; as the filter would show it
        return date_filter(template_localtime(day), fmt)
    return _formatted(day, fmt, get_language())


def open_rows(cases: list[CaseRow], cases_url: str) -> list[dict]:
    """The open cases as the start page shows them: the promise's dates as the template's
    ``|date:"l j F Y"`` showed them (``answer_before``: ``"j F Y"``), ``waiting``: the
    stopped clock, if any."""
    rows = []
    for case in cases:
        promise = case.promise
        waiting = promise.clock_stopped
        rows.append(
            {
                "number": case.number,
                "href": f"{cases_url}{quote(case.number, safe='')}/",
                "title": case.title,
                "status": case.status,
                "channel_label": case.channel_label,
                "service_date": _date(promise.norm_due_on, LONG_DATE)
                if promise.norm_due_at
                else "",
                "expected_date": _date(promise.decision_due, LONG_DATE),
                "waiting": waiting,
                "answer_before": _date(waiting.answer_before, DATE) if waiting else "",
            }
        )
    return rows


def closed_rows(cases: list[CaseRow], cases_url: str) -> list[dict]:
    """The closed cases as the start page shows them (``end_date``: ``|date:"j F Y"``)."""
    return [
        {
            "number": case.number,
            "href": f"{cases_url}{quote(case.number, safe='')}/",
            "title": case.title,
            "end_date": _date(case.end_date, DATE),
            "has_result": case.has_result,
            "outcome": case.outcome,
            "rated": case.extra["rated"],
        }
        for case in cases
    ]


@citizen_required
def home(request: HttpRequest) -> HttpResponse:
    """The newest open and closed cases, contacts, decisions and documents of this person
    or business, on any channel, and what is asked of them."""
    bsn, kvk_number, branch = request.citizen_bsn, request.citizen_kvk, request.citizen_branch
    # Contacts are registered per company, not per branch: a branch log-in does not see them.
    company_wide = not branch
    stand_in = _stand_in(request)
    there = _what_there_is(request, stand_in, company_wide=company_wide)
    summary = _summary(stand_in)
    cases_url = reverse("portal:cases")
    context = {
        "open_cases": open_rows(summary.open, cases_url),
        "more_open": summary.more_open,
        "closed_cases": closed_rows(summary.closed, cases_url),
        "business": kvk_number,
        "branch": branch,
        "contacts": _contact_rows(stand_in) if company_wide else [],
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
