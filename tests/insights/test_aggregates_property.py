"""For random histories, the aggregates summed by the selectors equal a naive
recomputation straight from the raw rows (issue 16: "a property test proves the
aggregates equal a recomputation from the raw rows").

The naive side reads every row with the ORM and counts in the plainest way the
definitions of docs/insights.md allow; it shares no code with the aggregation but the
working-day count of ``worktime`` (the definition of a working day).
"""

import uuid
from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from achterkant.cases.models import Case, CaseExtension, CaseSuspension, WebSubmission
from achterkant.catalog.models import Product
from achterkant.contacts.models import Contact, ContactRequest, Feedback, Outcome
from achterkant.insights.aggregate import COUNTERS, backlog_bucket
from achterkant.insights.selectors import Filters, breakdown, consistency, figures, trend
from achterkant.insights.services import aggregates_update
from achterkant.notify.models import OutboxMessage
from achterkant.routing.models import Team
from achterkant.worktime.calendar import working_days_between
from achterkant.worktime.holiday_calendar import AMSTERDAM
from tests.conftest import make_case_type
from tests.insights.test_kpis import History

# Two weeks around Easter and King's Day would do as well; these hold Easter Monday
# (6 April 2026), so the working-day counts meet a holiday.
FIRST, LAST = date(2026, 3, 30), date(2026, 4, 12)
NOW = datetime(2026, 4, 12, 14, 0, tzinfo=AMSTERDAM)
TODAY = NOW.date()
CHANNELS = ("phone", "web", "letter")
PEOPLE = ("999993653", "999990019", "")  # two people by BSN, and anonymous

offsets = st.integers(min_value=-12, max_value=16)  # days from FIRST: before, in, after
hours = st.integers(min_value=0, max_value=23)

contact_rows = st.fixed_dictionaries({
    "offset": offsets, "hour": hours, "channel": st.sampled_from(CHANNELS),
    "person": st.sampled_from(PEOPLE), "product": st.sampled_from((0, 1, None)),
    "outcome": st.sampled_from([Outcome.ANSWERED, Outcome.ANSWERED, Outcome.REFERRED,
                                Outcome.OPEN]),
})  # fmt: skip
case_rows = st.fixed_dictionaries({
    "start": offsets, "length": st.one_of(st.none(), st.integers(0, 20)),
    "channel": st.sampled_from(CHANNELS), "product": st.sampled_from((0, 1, None)),
    "team": st.booleans(), "norm": st.one_of(st.none(), st.integers(0, 12)),
    "legal": st.one_of(st.none(), st.integers(-3, 20)), "lex": st.booleans(),
    "decision": st.one_of(st.none(), st.integers(0, 20)), "web": st.booleans(),
    "suspended": st.one_of(st.none(), offsets), "extended": st.one_of(st.none(), offsets),
    "message": st.one_of(st.none(), st.tuples(offsets, st.booleans(), st.booleans())),
})  # fmt: skip
request_rows = st.fixed_dictionaries({
    "due": offsets, "closed": st.one_of(st.none(), offsets), "hour": hours,
    "contact": st.booleans(), "product": st.sampled_from((0, 1, None)),
})  # fmt: skip
rating_rows = st.fixed_dictionaries({
    "offset": offsets, "score": st.integers(1, 5), "channel": st.sampled_from(CHANNELS),
    "product": st.sampled_from(("melding", "paspoort", "")),
})  # fmt: skip
histories = st.fixed_dictionaries({
    "contacts": st.lists(contact_rows, max_size=14),
    "cases": st.lists(case_rows, max_size=10),
    "requests": st.lists(request_rows, max_size=4),
    "ratings": st.lists(rating_rows, max_size=14),
})  # fmt: skip


@pytest.fixture
def setup(tenant_a) -> dict:
    """The catalogue and team every example shares (each example's rows roll back)."""
    lex_type = make_case_type(tenant_a.organisation, identification="ZT-LEX", lex_silencio=True)
    with tenant_a.active():
        paspoort = Product.objects.create(code="paspoort", name="Paspoort")
        team = Team.objects.create(identification="team", name="Team")
    return {"products": (tenant_a.product, paspoort), "team": team, "lex_type": lex_type}


def day(offset: int) -> date:
    return FIRST + timedelta(days=offset)


def at(offset: int, hour: int) -> datetime:
    return datetime.combine(day(offset), time(hour), tzinfo=AMSTERDAM)


def build(tenant, setup, history) -> None:
    h = History(tenant.organisation, tenant.product, tenant.case_type)
    products = setup["products"]
    contacts = []
    for row in history["contacts"]:
        person = row["person"]
        contacts.append(h.contact(
            row["channel"], at(row["offset"], row["hour"]), bsn=person,
            product=None if row["product"] is None else products[row["product"]],
            outcome=row["outcome"],
        ))  # fmt: skip
    for row in history["cases"]:
        start = day(row["start"])
        end = None if row["length"] is None else start + timedelta(days=row["length"])
        case = h.case(
            row["channel"], start, end=end,
            product=None if row["product"] is None else products[row["product"]],
            team=setup["team"] if row["team"] else None,
            sla_due_at=None if row["norm"] is None else datetime.combine(
                start + timedelta(days=row["norm"]), time(17), tzinfo=AMSTERDAM),
            latest_end_date=None if row["legal"] is None else start + timedelta(days=row["legal"]),
            case_type=setup["lex_type"] if row["lex"] else None,
        )  # fmt: skip
        if row["decision"] is not None:
            h.decision(case, start + timedelta(days=row["decision"]))
        if row["web"]:
            WebSubmission.objects.create(
                key=uuid.uuid4(), case=case, product=tenant.product, initiator_bsn=PEOPLE[0]
            )
        if row["suspended"] is not None:
            requested = day(row["suspended"])
            CaseSuspension.objects.create(
                case=case, reason="Vraag", requested_on=requested,
                term_ends_on=requested + timedelta(days=14),
            )  # fmt: skip
        if row["extended"] is not None:
            extension = CaseExtension.objects.create(case=case, reason="Advies", term="P2W")
            CaseExtension.objects.filter(pk=extension.pk).update(created_at=at(row["extended"], 11))
        if row["message"] is not None:
            offset, read, with_bsn = row["message"]
            h.message(
                case.number, at(offset, 9), read=at(offset, 10) if read else None,
                bsn=PEOPLE[0] if with_bsn else "",
            )  # fmt: skip
    for row in history["requests"]:
        h.request(
            contact=contacts[0] if row["contact"] and contacts else None,
            team=setup["team"],
            product=None if row["product"] is None else products[row["product"]],
            due_at=at(row["due"], 17),
            closed_at=None if row["closed"] is None else at(row["closed"], row["hour"]),
        )  # fmt: skip
    for row in history["ratings"]:
        rated = h.contact("phone", at(-30, 9), product=products[0])  # long before the range
        h.rating(
            row["score"], at(row["offset"], 12), channel=row["channel"],
            product_code=row["product"], contact=rated,
        )  # fmt: skip


def local(moment: datetime) -> date:
    return moment.astimezone(AMSTERDAM).date()


def naive(
    filter_row=lambda channel, product_id: True, first: date = FIRST, last: date = LAST
) -> tuple[Counter, Counter, list]:
    """Counters, lead-time histogram and backlog at the end of ``last``, from the raw
    rows, for the days ``first``..``last``."""
    counts, lead_times, backlog = Counter(), Counter(), [0] * 5
    in_range = lambda moment_day: first <= moment_day <= last  # noqa: E731

    all_contacts = list(Contact.objects.all())
    for contact in all_contacts:
        if not in_range(local(contact.started_at)):
            continue
        if not filter_row(contact.channel, contact.product_id):
            continue
        counts["contacts"] += 1
        person = contact.bsn or contact.kvk_number
        if person and contact.outcome != Outcome.OPEN:
            counts["contacts_fcr_eligible"] += 1
            repeat = any(
                (other.bsn or other.kvk_number) == person
                and other.product_id == contact.product_id
                and contact.started_at < other.started_at <= contact.started_at + timedelta(7)
                for other in all_contacts
            )
            if contact.outcome == Outcome.ANSWERED and not repeat:
                counts["contacts_first_contact_resolved"] += 1

    for case in Case.objects.select_related("case_type"):
        if not filter_row(case.channel, case.product_id):
            continue
        decisions = sorted(case.decisions.values_list("decided_on", flat=True))
        if in_range(case.registered_on):
            counts["cases_in"] += 1
        if case.end_date and in_range(case.end_date):
            counts["cases_closed"] += 1
            lead_times[max(0, working_days_between(case.start_date, case.end_date))] += 1
            if case.sla_due_at:
                counts["cases_closed_with_norm"] += 1
                counts["cases_closed_within_norm"] += case.end_date <= local(case.sla_due_at)
            if case.latest_end_date:
                decided = min([*decisions[:1], case.end_date])
                counts["cases_decided_with_legal_term"] += 1
                counts["cases_decided_within_legal_term"] += decided <= case.latest_end_date
            read = OutboxMessage.objects.filter(
                reference=case.number, read_at__isnull=False, in_berichtenbox=True
            ).exclude(bsn="")
            web = WebSubmission.objects.filter(case=case).exists()
            counts["cases_with_digid_activity"] += web or read.exists()
        due = case.sla_due_at
        if due and in_range(local(due)) and due < NOW:
            counts["norm_breaches"] += case.end_date is None or case.end_date > local(due)
        for suspension in case.suspensions.all():
            counts["suspensions"] += in_range(suspension.requested_on)
        extension = CaseExtension.objects.filter(case=case).first()
        if extension is not None:
            counts["extensions"] += in_range(local(extension.created_at))
        if case.case_type.lex_silencio and case.latest_end_date:
            given_on = case.latest_end_date + timedelta(days=1)
            undecided = (decisions[0] > case.latest_end_date) if decisions else (
                case.end_date is None or case.end_date > case.latest_end_date
            )  # fmt: skip
            if in_range(given_on) and given_on <= TODAY and undecided:
                counts["lex_silencio"] += 1
        for message in OutboxMessage.objects.filter(reference=case.number, in_berichtenbox=True):
            if message.bsn and in_range(local(message.created_at)):
                counts["messages"] += 1
                counts["messages_read"] += message.read_at is not None
        if case.start_date <= last and (case.end_date is None or case.end_date > last):
            age = max(0, working_days_between(case.start_date, last))
            backlog[backlog_bucket(age)] += 1

    for request in ContactRequest.objects.select_related("contact"):
        channel = request.contact.channel if request.contact else "phone"
        if not filter_row(channel, request.product_id):
            continue
        if request.status == "done" and in_range(local(request.closed_at)):
            counts["requests_closed"] += 1
            counts["requests_closed_in_time"] += request.closed_at <= request.due_at

    products = dict(Product.objects.values_list("code", "pk"))
    for rating in Feedback.objects.all():
        if not filter_row(rating.channel, products.get(rating.product_code)):
            continue
        if in_range(local(rating.created_at)):
            counts["ratings"] += 1
            counts["ratings_satisfied"] += rating.score >= 4
            counts["ratings_sum"] += rating.score
    return counts, lead_times, backlog


def assert_same(figure, expected) -> None:
    counts, lead_times, backlog = expected
    assert {name: figure.counts[name] for name in COUNTERS} == {
        name: counts[name] for name in COUNTERS
    }
    assert +figure.lead_time_days == lead_times
    assert figure.backlog == backlog


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(history=histories)
def test_aggregates_equal_a_recomputation_from_the_raw_rows(tenant_a, setup, history):
    with tenant_a.active():
        savepoint = transaction.savepoint()
        try:
            build(tenant_a, setup, history)
            aggregates_update(FIRST, LAST, now=NOW)
            filters = Filters(FIRST, LAST)
            total = figures(filters).get(None)
            expected = naive()
            if total is None:  # no rows at all: nothing may have happened
                assert not +expected[0] and not expected[1] and expected[2] == [0] * 5
            else:
                assert_same(total, expected)
            for channel in CHANNELS:
                per_channel = figures(Filters(FIRST, LAST, channel=channel)).get(None)
                expected = naive(lambda c, p, channel=channel: c == channel)
                if per_channel is not None:
                    assert_same(per_channel, expected)
                else:
                    assert not +expected[0] and expected[2] == [0] * 5
            products = figures(filters, by="product")
            for product_id, figure in products.items():
                assert_same(figure, naive(lambda c, p, product_id=product_id: p == product_id))
            # Per week (Monday 30 March, Monday 6 April): the backlog is that of the Sunday.
            weeks = figures(Filters(FIRST, LAST, period="week"), by="period")
            for start, figure in weeks.items():
                end = start + timedelta(days=6)
                assert_same(figure, naive(first=start, last=end))
            # The dashboard's one read (a breakdown) gives what the separate reads give.
            for period in ("day", "week", "month"):
                read = breakdown(Filters(FIRST, LAST, period=period))
                separate = Filters(FIRST, LAST, period=period)
                for by in (None, "channel", "product", "period"):
                    assert read.figures(by=by) == figures(separate, by=by)
                assert read.trend(by="channel") == trend(separate, by="channel")
                assert read.consistency() == consistency(separate)
        finally:
            transaction.savepoint_rollback(savepoint)
