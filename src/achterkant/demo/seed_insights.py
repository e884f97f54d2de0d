"""Demo history for Inzicht: twelve months of contacts, cases, requests, ratings and
messages, with deliberately different service levels per channel (docs/insights.md,
"Demo history").

The web is fast and keeps the norm, the counter and the phone come close, e-mail is
slower and a letter is often late; the phone resolves most questions at first contact.
So every chart, and the channel consistency index, shows something real.

Cases get their stored promise from the same code a real case gets it from
(``cases.sla.compute``, once per case type and start date), and their end date from a
channel's speed relative to that promise: the aggregates then read exactly what a real
history would give them. Rows go in with ``bulk_create``; the whole history of one demo
organisation takes a few seconds on SQLite. Deterministic for a seed and organisation.
"""

import random
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from achterkant.cases.insight_selectors import local_day
from achterkant.cases.models import Case, CaseDefaultNotice, CaseNumberCounter, CaseStatus
from achterkant.cases.models.parts import Decision, Result, Role
from achterkant.cases.models.submission import WebSubmission
from achterkant.cases.numbering import (
    case_numbers_loaded,
    format_case_number,
    highest_number_in_use,
)
from achterkant.cases.promise import PromiseContext
from achterkant.cases.sla import compute
from achterkant.catalog.models import (
    CaseType,
    DecisionType,
    Product,
    ResultType,
    RoleType,
    ServiceNorm,
    StatusType,
)
from achterkant.catalog.selectors import NoValidCaseType, case_type_version_for
from achterkant.contacts.models import Contact, ContactRequest, Feedback, Outcome
from achterkant.demo.scale.sql import QUESTIONS
from achterkant.identity.models import Person
from achterkant.insights.services import aggregates_rebuild
from achterkant.notify.models import OutboxMessage
from achterkant.routing.models import RoutingRule, Team, TeamMembership
from achterkant.routing.sla import SlaState
from achterkant.staff.models import User
from achterkant.tenancy.context import require_organisation
from achterkant.worktime.calendar import add_working_days, is_working_day
from achterkant.worktime.holiday_calendar import AMSTERDAM, WorkCalendar

# Set on the history's first contact: a second seed sees the history is there.
HISTORY_MARKER = uuid.uuid5(uuid.NAMESPACE_URL, "achterkant:demo:service-history")
CASE_CHANNELS = ("web", "counter", "phone", "email", "letter", "social")


@dataclass(frozen=True)
class Level:
    """How one channel serves, in the demo."""

    case_weight: float  # share of cases that come in on it (before the web grows)
    speed: float  # median lead time as a fraction of the time the promise gives
    contact_weight: float
    answered: float  # share of its contacts answered at once
    repeat: float  # chance the same person comes back about it within a week
    request_in_time: float  # callbacks asked for on it, closed in time
    read: float  # share of berichtenbox messages read, for cases that came in on it
    scores: tuple[int, int, int, int, int]  # weights of ratings 1..5


LEVELS = {
    "web": Level(0.34, 0.45, 0.15, 0.62, 0.10, 0.85, 0.88, (2, 3, 9, 40, 46)),
    "counter": Level(0.16, 0.60, 0.12, 0.82, 0.05, 0.88, 0.45, (2, 4, 12, 42, 40)),
    "phone": Level(0.16, 0.70, 0.40, 0.84, 0.04, 0.92, 0.50, (3, 5, 14, 42, 36)),
    "email": Level(0.18, 0.85, 0.18, 0.55, 0.18, 0.72, 0.62, (7, 10, 24, 35, 24)),
    "letter": Level(0.16, 1.10, 0.05, 0.45, 0.22, 0.55, 0.25, (13, 16, 25, 29, 17)),
    "chat": Level(0.0, 0.7, 0.07, 0.70, 0.12, 0.85, 0.5, (4, 6, 18, 40, 32)),
    "social": Level(0.05, 0.80, 0.03, 0.50, 0.20, 0.70, 0.5, (8, 10, 25, 35, 22)),
}
# Working days with this many cases and contacts (times ``volume``), on average.
CASES_PER_DAY = 9
CONTACTS_PER_DAY = 18
# A product without a service norm is measured against the legal term: it is handled
# well within it, as municipalities do (and a letter still runs late sometimes).
LEGAL_TERM_SPEED = 0.55


@contextmanager
def _given_times(*fields) -> Iterator[None]:
    """Insert the historic moments we set instead of "now" on ``auto_now_add`` fields.
    Only for this one-off bulk insert (the demo seed runs before any request is served)."""
    saved = [(field, field.auto_now_add) for field in fields]
    for field, _ in saved:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field, value in saved:
            field.auto_now_add = value


def _field(model, name: str):
    return model._meta.get_field(name)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


@dataclass
class _ProductPlan:
    product: Product
    channels: list[str]
    case_type: CaseType | None
    team_id: int | None
    member_id: int | None
    statuses: list[int]
    initiator_type: int | None
    results: list[tuple[int, str]]
    decision_type: int | None


class _History:
    def __init__(self, *, months: int, seed: int, volume: float) -> None:
        self.organisation = require_organisation()
        self.rng = random.Random(f"{seed}:{self.organisation.slug}")
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        # The full ``months`` months before this one, and this month so far.
        back = self.today.year * 12 + self.today.month - 1 - months
        self.first_day = date(back // 12, back % 12 + 1, 1)
        self.volume = volume
        self.calendar = WorkCalendar()
        self.context = PromiseContext(calendar=self.calendar)
        self.people = list(
            Person.objects.order_by("bsn").values(
                "bsn", "given_names", "surname_prefix", "surname", "email", "phone"
            )  # fmt: skip
        )
        self.agent = (
            User.objects.filter(organisation=self.organisation, username__startswith="agent")
            .order_by("pk")
            .first()
        )
        self.plans = self._plans()
        self.promises: dict = {}

    # -- what each product offers ---------------------------------------------------------

    def _plans(self) -> list[_ProductPlan]:
        rules = dict(RoutingRule.objects.values_list("product_code", "team_id"))
        kcc = Team.objects.filter(identification="kcc").values_list("pk", flat=True).first()
        members = {}
        for team_id, user_id in TeamMembership.objects.order_by("-user__username").values_list(
            "team_id", "user_id"
        ):
            members[team_id] = user_id
        offered = defaultdict(list)
        for product_id, channel in ServiceNorm.objects.values_list("product_id", "channel"):
            offered[product_id].append(channel)
        plans = []
        for product in Product.objects.order_by("code"):
            case_type = None
            if product.case_type_identification:
                try:
                    case_type = case_type_version_for(
                        product.case_type_identification, self.first_day
                    )
                except NoValidCaseType:
                    case_type = None
            team_id = rules.get(product.code, kcc)
            plans.append(_ProductPlan(
                product=product,
                channels=[c for c in CASE_CHANNELS if c in offered[product.pk] or c == "web"],
                case_type=case_type, team_id=team_id, member_id=members.get(team_id),
                statuses=list(StatusType.objects.filter(case_type=case_type)
                              .order_by("sequence").values_list("pk", flat=True)),
                initiator_type=RoleType.objects.filter(
                    case_type=case_type, generic_description=RoleType.Generic.INITIATOR
                ).values_list("pk", flat=True).first(),
                results=list(ResultType.objects.filter(case_type=case_type).order_by("pk")
                             .values_list("pk", "description")),
                decision_type=DecisionType.objects.filter(case_types=case_type)
                .values_list("pk", flat=True).first() if case_type else None,
            ))  # fmt: skip
        return plans

    def _days(self) -> Iterator[date]:
        day = self.first_day
        while day <= self.today:
            yield day
            day += timedelta(days=1)

    def _pick(self, weights: dict[str, float]) -> str:
        names = list(weights)
        return self.rng.choices(names, weights=[weights[name] for name in names])[0]

    def _promise(self, case_type: CaseType, start: date) -> dict:
        """The stored promise of a case of ``case_type`` started on ``start``, as a real
        case got it when it was opened (``cases.sla.compute``)."""
        key = (case_type.pk, start)
        if key not in self.promises:
            case = Case(case_type=case_type, start_date=start, registered_on=start,
                        channel="web", organisation=self.organisation)  # fmt: skip
            self.promises[key] = compute(case, now=_at(start, 9), context=self.context, is_new=True)
        return self.promises[key]

    def _working_day_on_or_after(self, day: date) -> date:
        while not is_working_day(day, calendar=self.calendar):
            day += timedelta(days=1)
        return day

    # -- cases ----------------------------------------------------------------------------

    def _channel_weights(self, plan: _ProductPlan, day: date) -> dict[str, float]:
        """The web grows over the year and the letter shrinks: a channel shift to see."""
        progress = (day - self.first_day).days / max(1, (self.today - self.first_day).days)
        shift = {"web": 0.7 + 0.6 * progress, "letter": 1.3 - 0.6 * progress}
        return {c: LEVELS[c].case_weight * shift.get(c, 1.0) for c in plan.channels}

    def _case_rows(self) -> list[tuple[Case, _ProductPlan, dict]]:
        plans = [p for p in self.plans if p.case_type is not None and p.statuses]
        # Products with a service norm carry most cases: they are what the index compares.
        weights = [2.0 if p.case_type.service_norm else 1.0 for p in plans]
        rows = []
        for day in self._days():
            working = is_working_day(day, calendar=self.calendar)
            n = round(CASES_PER_DAY * self.volume * self.rng.uniform(0.6, 1.4) * (working or 0.15))
            for _ in range(n):
                plan = self.rng.choices(plans, weights=weights)[0]
                channel = self._pick(self._channel_weights(plan, day)) if working else "web"
                rows.append(self._case(plan, channel, day))
        rows.sort(key=lambda row: (row[0].start_date, row[0].created_at))
        return rows

    def _case(self, plan: _ProductPlan, channel: str, start: date):
        person = self.rng.choice(self.people)
        promise = self._promise(plan.case_type, start)
        norm_day = local_day(promise["sla_due_at"]) if promise["sla_due_at"] else None
        target = norm_day or promise["latest_end_date"]
        speed = LEVELS[channel].speed * (1 if norm_day else LEGAL_TERM_SPEED)
        lead = round(max(1, (target - start).days) * speed * self.rng.lognormvariate(0, 0.35))
        if plan.case_type.lex_silencio and channel != "web" and self.rng.random() < 0.2:
            # A permit decided after its legal date: given by operation of law (Awb 4:20b).
            lead = (target - start).days + self.rng.randint(1, 10)
        end = self._working_day_on_or_after(start + timedelta(days=lead))
        if end > self.today or (channel == "letter" and self.rng.random() < 0.02):
            end = None  # still open (a few letters got stuck)
        hour = self.rng.randint(0, 23) if channel == "web" else self.rng.randint(8, 16)
        created = _at(start, hour, self.rng.randint(0, 59))
        if end is None:
            stored = compute(
                Case(case_type=plan.case_type, start_date=start, registered_on=start,
                     channel=channel, organisation=self.organisation),
                now=self.now, context=self.context, is_new=True,
            )  # fmt: skip
        else:
            stored = {**promise, "sla_state": SlaState.DONE, "sla_next_check_at": None}
        case = Case(
            organisation=self.organisation, uuid=uuid.UUID(int=self.rng.getrandbits(128)),
            case_type=plan.case_type, product=plan.product, channel=channel,
            description=f"{plan.product.name} voor {person['surname']}"[:80],
            responsible_organisation_rsin=self.organisation.rsin,
            source_organisation_rsin=self.organisation.rsin,
            registered_on=start, start_date=start, end_date=end,
            confidentiality=plan.case_type.confidentiality, initiator_bsn=person["bsn"],
            created_at=created, created_by=None if channel == "web" else self.agent,
            team_id=plan.team_id,
            assignee_id=plan.member_id if end or self.rng.random() < 0.6 else None,
            **{name: stored[name] for name in ("latest_end_date", "planned_end_date",
                                               "sla_due_at", "queue_due_at", "sla_state",
                                               "sla_next_check_at")},
        )  # fmt: skip
        late = end is not None and end > target
        return case, plan, {"person": person, "late": late, "target": target}

    def _number(self, cases: list[Case]) -> None:
        """Case numbers after the highest one in use per year; the counter (and on
        PostgreSQL the sequence) then continues after them."""
        following: dict[int, int] = {}
        for case in cases:
            year = case.start_date.year
            if year not in following:
                following[year] = highest_number_in_use(self.organisation.pk, year) + 1
            case.number = format_case_number(year, following[year])
            following[year] += 1
        for year, after in following.items():
            counter, _ = CaseNumberCounter.objects.get_or_create(
                organisation=self.organisation, year=year
            )
            CaseNumberCounter.objects.filter(pk=counter.pk).update(
                last_number=max(counter.last_number, after - 1)
            )

    def seed_cases(self) -> list[tuple[Case, _ProductPlan, dict]]:
        rows = self._case_rows()
        cases = [case for case, _, _ in rows]
        self._number(cases)
        with _given_times(_field(Case, "created_at")):
            Case.objects.bulk_create(cases, batch_size=500)
        if connection.vendor == "postgresql":
            for year in {case.start_date.year for case in cases}:
                case_numbers_loaded(self.organisation.pk, year)
        statuses, roles, results, decisions, notices = [], [], [], [], []
        for case, plan, _extra in rows:
            statuses += self._statuses(case, plan)
            if plan.initiator_type:
                roles.append(Role(organisation=self.organisation, case=case,
                                  role_type_id=plan.initiator_type, bsn=case.initiator_bsn,
                                  subject_type=Role.SubjectType.NATURAL_PERSON,
                                  registered_at=case.created_at))  # fmt: skip
            if case.end_date is None:
                notices += self._notice(case, plan)
                continue
            result_id, description = self.rng.choices(
                plan.results, weights=([85, 10, 5] + [2] * len(plan.results))[: len(plan.results)]
            )[0] if plan.results else (None, "")  # fmt: skip
            if result_id:
                results.append(Result(organisation=self.organisation, case=case,
                                      result_type_id=result_id))  # fmt: skip
            if plan.decision_type and description != "Ingetrokken":
                decisions.append(Decision(
                    organisation=self.organisation, case=case,
                    decision_type_id=plan.decision_type, identification=f"{case.number}-B1",
                    responsible_organisation_rsin=self.organisation.rsin,
                    decided_on=case.end_date, effective_from=case.end_date,
                    sent_on=case.end_date,
                ))  # fmt: skip
                notices += self._notice(case, plan)
        with _given_times(_field(CaseStatus, "set_at"), _field(Role, "registered_at"),
                          _field(CaseDefaultNotice, "created_at")):  # fmt: skip
            CaseStatus.objects.bulk_create(statuses, batch_size=1000)
            Role.objects.bulk_create(roles, batch_size=1000)
            CaseDefaultNotice.objects.bulk_create(notices)
        Result.objects.bulk_create(results, batch_size=1000)
        Decision.objects.bulk_create(decisions, batch_size=1000)
        Case.objects.filter(
            pk__gte=cases[0].pk, pk__lte=cases[-1].pk, current_status__isnull=True
        ).update(
            current_status=Subquery(
                CaseStatus.objects.filter(case=OuterRef("pk"))
                .order_by("-set_at", "-pk").values("pk")[:1]
            )
        )  # fmt: skip
        return rows

    def _statuses(self, case: Case, plan: _ProductPlan) -> list[CaseStatus]:
        """The first status at the start; the others spread until the end date (closed),
        or the second one halfway an open case's term."""
        types = plan.statuses
        moments = [case.created_at]
        if case.end_date is not None:
            end = _at(case.end_date, 15, 30)
            steps = len(types) - 1
            for index in range(1, steps):
                moments.append(case.created_at + (end - case.created_at) * index / steps)
            if steps:
                moments.append(end)
        elif len(types) > 2 and (self.today - case.start_date).days >= 5:
            moments.append(case.created_at + timedelta(days=2, hours=1))
        return [
            CaseStatus(organisation=self.organisation, case=case, status_type_id=type_id,
                       set_at=moment, set_by_id=plan.member_id if index else None,
                       uuid=uuid.UUID(int=self.rng.getrandbits(128)))
            for index, (type_id, moment) in enumerate(zip(types, moments, strict=False))
        ]  # fmt: skip

    def _notice(self, case: Case, plan: _ProductPlan) -> list[CaseDefaultNotice]:
        """A notice of default (Awb 4:17) for some decisions made well after the legal
        date, and for a case still open past it: a dwangsom to show."""
        due = case.latest_end_date
        if plan.case_type.lex_silencio or not plan.decision_type or due is None:
            return []
        decided = case.end_date or self.today
        if (decided - due).days < 21 or self.rng.random() > 0.6:
            return []
        received = due + timedelta(days=self.rng.randint(1, 5))
        return [CaseDefaultNotice(
            organisation=self.organisation, case=case, received_on=received, channel="letter",
            note="Brief van de aanvrager: u bent te laat met beslissen.",
            created_at=_at(received, 11),
        )]  # fmt: skip

    # -- what a citizen sees of a case: web requests, messages, ratings --------------------

    def seed_case_traces(self, rows) -> None:
        submissions, messages, ratings = [], [], []
        for case, plan, extra in rows:
            person = extra["person"]
            if case.channel == "web":
                submissions.append(WebSubmission(
                    organisation=self.organisation, case=case, product=plan.product,
                    key=uuid.UUID(int=self.rng.getrandbits(128)), initiator_bsn=person["bsn"],
                    answers={"toelichting": "Aangevraagd via de website."},
                    submitted_at=case.created_at,
                ))  # fmt: skip
            events = [("case.opened", "Wij hebben uw verzoek ontvangen", case.created_at)]
            if case.end_date is not None:
                events.append(("case.closed", "Uw zaak is afgerond", _at(case.end_date, 15, 31)))
            for code, subject, at in events:
                messages.append(self._message(case, person, code, subject, at))
            level = LEVELS[case.channel]
            if case.end_date is not None and self.rng.random() < (0.4 if case.channel == "web"
                                                                   else 0.25):  # fmt: skip
                given = _at(case.end_date + timedelta(days=self.rng.randint(0, 2)), 19)
                if given < self.now:
                    score = self._score(level)
                    if extra["late"] and score > 1 and self.rng.random() < 0.6:
                        score -= 1  # late costs goodwill
                    ratings.append(Feedback(
                        organisation=self.organisation, case=case, bsn=person["bsn"],
                        score=score, channel=case.channel, product_code=plan.product.code,
                        created_at=given,
                    ))  # fmt: skip
        with _given_times(
            _field(WebSubmission, "submitted_at"),
            _field(OutboxMessage, "created_at"),
            _field(Feedback, "created_at"),
        ):
            WebSubmission.objects.bulk_create(submissions, batch_size=1000)
            OutboxMessage.objects.bulk_create(messages, batch_size=1000)
            Feedback.objects.bulk_create(ratings, batch_size=1000)  # fmt: skip

    def _message(self, case: Case, person: dict, code: str, subject: str, at: datetime):
        read_at = None
        if self.rng.random() < LEVELS[case.channel].read:
            read_at = at + timedelta(hours=self.rng.randint(1, 72))
            read_at = read_at if read_at < self.now else None
        return OutboxMessage(
            organisation=self.organisation, channel="email", event_code=code,
            recipient=person["email"], bsn=person["bsn"], subject=f"{subject} ({case.number})",
            body=f"Beste inwoner,\n\n{subject}. Uw zaaknummer is {case.number}.\n\n"
                 "Met vriendelijke groet,\nDe gemeente",
            reference=case.number, status="sent", attempts=1, created_at=at,
            sent_at=at + timedelta(minutes=1), send_attempted_at=at, in_berichtenbox=True,
            read_at=read_at,
        )  # fmt: skip

    def _score(self, level: Level) -> int:
        return self.rng.choices((1, 2, 3, 4, 5), weights=level.scores)[0]

    # -- contacts, callbacks and their ratings ---------------------------------------------

    def seed_contacts(self, rows) -> None:
        contacts: list[tuple[Contact, dict | None]] = []
        for case, _plan, extra in rows:
            if case.channel != "web":  # a case that came in by a person, on a channel
                contact = self._contact(case.channel, case.product, extra["person"],
                                        case.created_at, Outcome.CASE)  # fmt: skip
                contact.case = case
                contacts.append((contact, extra["person"]))
        offered = defaultdict(list)
        for plan in self.plans:
            for channel in plan.channels:
                offered[channel].append(plan.product)
        weekend = {"web": 1.0, "email": 1.0, "chat": 0.5, "social": 1.0}
        for day in self._days():
            working = is_working_day(day, calendar=self.calendar)
            weights = {c: level.contact_weight * (1 if working else weekend.get(c, 0))
                       for c, level in LEVELS.items()}  # fmt: skip
            n = round(CONTACTS_PER_DAY * self.volume * self.rng.uniform(0.6, 1.4)
                      * (1 if working else 0.1))  # fmt: skip
            for _ in range(n):
                channel = self._pick(weights)
                product = (self.rng.choice(offered[channel])
                           if offered[channel] and self.rng.random() < 0.8 else None)  # fmt: skip
                person = self.rng.choice(self.people) if self.rng.random() < 0.92 else None
                start = _at(day, self.rng.randint(8, 16), self.rng.randint(0, 59))
                if start > self.now:
                    continue
                outcome = self._outcome(channel, start)
                contacts.append((self._contact(channel, product, person, start, outcome),
                                 person))  # fmt: skip
                if person and self.rng.random() < LEVELS[channel].repeat:
                    again = start + timedelta(days=self.rng.randint(1, 6), hours=1)
                    if again < self.now:
                        channel_again = channel if self.rng.random() < 0.6 else "phone"
                        contacts.append((self._contact(channel_again, product, person, again,
                                                       Outcome.ANSWERED), person))  # fmt: skip
        if contacts:
            contacts[0][0].idempotency_key = HISTORY_MARKER  # "the history is there"
        Contact.objects.bulk_create([contact for contact, _ in contacts], batch_size=1000)
        self._requests_and_ratings(contacts)

    def _outcome(self, channel: str, start: datetime) -> str:
        level = LEVELS[channel]
        draw = self.rng.random()
        if draw < level.answered:
            return Outcome.ANSWERED
        if self.now - start < timedelta(days=2) and draw < level.answered + 0.05:
            return Outcome.OPEN
        return Outcome.CONTACT_REQUEST if self.rng.random() < 0.5 else Outcome.REFERRED

    def _contact(self, channel, product, person, start: datetime, outcome: str) -> Contact:
        subject, question = self.rng.choice(QUESTIONS)
        seconds = self.rng.randint(120, 900 if channel in ("phone", "counter", "chat") else 480)
        contact = Contact(
            organisation=self.organisation, channel=channel, product=product,
            bsn=person["bsn"] if person else "", subject=subject, question=question,
            answer="Uitgelegd en verwezen naar de website." if outcome == Outcome.ANSWERED
            else "",
            outcome=outcome, answered_at_first_contact=outcome == Outcome.ANSWERED,
            referred_to="Belastingsamenwerking" if outcome == Outcome.REFERRED else "",
            started_at=start, ended_at=start + timedelta(seconds=seconds),
            handling_seconds=seconds,
            agent=self.agent if channel in ("phone", "counter", "chat", "social") else None,
        )  # fmt: skip
        if channel in ("email", "letter"):
            days = 2 if channel == "email" else 15
            due = self.context.end_of_day(
                add_working_days(start.date(), days, calendar=self.calendar)
            )
            contact.response_due_at = due
            if self.rng.random() < LEVELS[channel].request_in_time:
                answered = start + (due - start) * self.rng.uniform(0.1, 0.9)
            else:
                answered = due + timedelta(days=self.rng.randint(1, 6))
            contact.responded_at = answered if answered < self.now else None
        return contact

    def _requests_and_ratings(self, contacts: list[tuple[Contact, dict | None]]) -> None:
        kcc = Team.objects.filter(identification="kcc").values_list("pk", flat=True).first()
        teams = {plan.product.pk: plan.team_id for plan in self.plans}
        requests, ratings = [], []
        for contact, person in contacts:
            level = LEVELS[contact.channel]
            if contact.outcome == Outcome.CONTACT_REQUEST and (kcc or self.agent):
                requests.append(self._request(contact, person, level, kcc, teams))
            elif (contact.outcome == Outcome.ANSWERED and person
                  and self.rng.random() < 0.12):  # fmt: skip
                given = contact.ended_at + timedelta(hours=self.rng.randint(0, 30))
                if given < self.now:
                    ratings.append(Feedback(
                        organisation=self.organisation, contact=contact, bsn=person["bsn"],
                        score=self._score(level), channel=contact.channel,
                        product_code=contact.product.code if contact.product else "",
                        created_at=given,
                    ))  # fmt: skip
        with _given_times(_field(ContactRequest, "created_at"), _field(Feedback, "created_at")):
            ContactRequest.objects.bulk_create(requests, batch_size=1000)
            Feedback.objects.bulk_create(ratings, batch_size=1000)

    def _request(self, contact: Contact, person, level: Level, kcc, teams) -> ContactRequest:
        """A callback, due at the end of the next working day (the callback rule)."""
        created = contact.ended_at
        due = self.context.end_of_day(
            add_working_days(timezone.localdate(created), 1, calendar=self.calendar)
        )
        if self.rng.random() < level.request_in_time:
            closed = created + (due - created) * self.rng.uniform(0.1, 0.95)
        else:
            closed = due + timedelta(hours=self.rng.randint(2, 70))
        done = closed < self.now
        name = " ".join(filter(None, (person["given_names"], person["surname_prefix"],
                                      person["surname"]))) if person else "Onbekend"  # fmt: skip
        team = teams.get(contact.product_id) if contact.product_id and self.rng.random() < 0.25 \
            else kcc  # fmt: skip
        return ContactRequest(
            organisation=self.organisation, contact=contact, bsn=contact.bsn, name=name,
            phone=(person or {}).get("phone") or "0201234567",
            email=(person or {}).get("email") or "", product_id=contact.product_id,
            question=contact.question, team_id=team or kcc, created_by=self.agent,
            # Without any team (an organisation that set none up): the agent calls back.
            assignee=None if team or kcc else self.agent,
            status=ContactRequest.Status.DONE if done else ContactRequest.Status.TODO,
            due_at=due, created_at=created, closed_at=closed if done else None,
            sla_state=SlaState.DONE if done else (
                SlaState.BREACHED if due < self.now else SlaState.ON_TIME),
            sla_next_check_at=None if done else max(due, self.now),
        )  # fmt: skip


def seed_service_history(*, months: int = 12, seed: int = 2026, volume: float = 1.0) -> int:
    """Seed ``months`` months of history in the active organisation, up to today, and
    build its insight aggregates. Returns the number of cases made; 0 when the history
    is there already (seeded before: history is added once, like the demo cases)."""
    if months <= 0:
        return 0
    history = _History(months=months, seed=seed, volume=volume)
    if not history.people or Contact.objects.filter(idempotency_key=HISTORY_MARKER).exists():
        return 0
    with transaction.atomic():
        rows = history.seed_cases()
        history.seed_case_traces(rows)
        history.seed_contacts(rows)
    aggregates_rebuild(history.first_day)
    return len(rows)
