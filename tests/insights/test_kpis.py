"""Every KPI of docs/insights.md on a small history counted by hand.

The history lives in organisation A, in the two weeks Monday 2 – Friday 13 March 2026
(no holidays), measured at Friday 13 March 12:00 (Amsterdam). Organisation B gets a copy
of part of it and must never show up in A's figures. The expected numbers are literals;
the comment beside each says how it was counted.

Rows are made with the real models, with the dates the case promise would have stored
(``sla_due_at``, ``latest_end_date``): the insights read those and compute none.
"""

import uuid
from datetime import date, datetime, time
from decimal import Decimal

import pytest

from achterkant.cases.models import (
    Case,
    CaseDefaultNotice,
    CaseExtension,
    CaseSuspension,
    Decision,
    WebSubmission,
)
from achterkant.catalog.models import CaseType, DecisionType, Product
from achterkant.contacts.models import Contact, ContactRequest, Feedback, Outcome
from achterkant.insights.models import DailyAggregate
from achterkant.insights.selectors import Filters, channel_mix, consistency, figures, trend
from achterkant.insights.services import aggregates_update
from achterkant.notify.models import OutboxMessage
from achterkant.routing.models import Team
from achterkant.worktime.holiday_calendar import AMSTERDAM
from tests.conftest import make_case_type

FIRST, LAST = date(2026, 3, 2), date(2026, 3, 13)
NOW = datetime(2026, 3, 13, 12, 0, tzinfo=AMSTERDAM)
X, Y, Z, W = "999993653", "999990019", "999990020", "999990032"  # people, by BSN
KVK = "12345678"


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


def d(month: int, day: int) -> date:
    return date(2026, month, day)


class History:
    """Makes rows of one organisation with the real models; call inside its tenant."""

    def __init__(self, organisation, product: Product, case_type: CaseType) -> None:
        self.organisation = organisation
        self.product = product
        self.case_type = case_type
        self.numbers = 0
        self.decision_type = None

    def contact(self, channel, day_time, *, bsn="", kvk="", product=None, outcome="answered"):
        return Contact.objects.create(
            channel=channel, bsn=bsn, kvk_number=kvk, product=product, question="Vraag",
            outcome=outcome, started_at=day_time, ended_at=day_time,
        )  # fmt: skip

    def case(self, channel, start, *, end=None, registered=None, product=None, team=None,
             sla_due_at=None, latest_end_date=None, case_type=None) -> Case:  # fmt: skip
        self.numbers += 1
        return Case.objects.create(
            number=f"ZAAK-{self.organisation.slug}-{self.numbers}",
            case_type=case_type or self.case_type,
            product=product,
            team=team,
            responsible_organisation_rsin=self.organisation.rsin,
            registered_on=registered or start,
            start_date=start,
            end_date=end,
            channel=channel,
            confidentiality="zaakvertrouwelijk",
            sla_due_at=sla_due_at,
            latest_end_date=latest_end_date,
        )

    def decision(self, case: Case, day: date) -> Decision:
        if self.decision_type is None:
            self.decision_type = DecisionType.objects.create(
                catalogue=self.case_type.catalogue, description="Besluit", valid_from=d(1, 1)
            )
        return Decision.objects.create(
            case=case, decision_type=self.decision_type, identification=f"B-{case.pk}",
            decided_on=day, effective_from=day,
        )  # fmt: skip

    def message(self, reference: str, sent: datetime, *, read: datetime | None = None, bsn=X):
        message = OutboxMessage.objects.create(
            event_code="status", bsn=bsn, subject="Bericht", body="Tekst", reference=reference,
            in_berichtenbox=True, read_at=read,
        )  # fmt: skip
        OutboxMessage.objects.filter(pk=message.pk).update(created_at=sent)
        return message

    def rating(self, score: int, given: datetime, *, channel: str, product_code: str, case=None,
               contact=None) -> Feedback:  # fmt: skip
        rating = Feedback.objects.create(
            case=case, contact=contact, score=score, channel=channel, product_code=product_code
        )
        Feedback.objects.filter(pk=rating.pk).update(created_at=given)
        return rating

    def request(self, *, due_at, closed_at=None, contact=None, team, product=None):
        request = ContactRequest.objects.create(
            contact=contact, name="Iemand", phone="0612345678", question="Bel terug",
            team=team, product=product, due_at=due_at,
            status=ContactRequest.Status.DONE if closed_at else ContactRequest.Status.TODO,
            closed_at=closed_at,
        )  # fmt: skip
        return request


@pytest.fixture
def history(tenant_a, tenant_b):
    """Organisation A's two weeks (the cases k1–k8, contacts c1–c10 of the docstrings),
    and B's look-alike rows on the same days."""
    with tenant_a.active():
        lex_type = make_case_type(tenant_a.organisation, identification="ZT-LEX", lex_silencio=True)
    rows = {}
    with tenant_a.active():
        h = History(tenant_a.organisation, tenant_a.product, tenant_a.case_type)
        p1 = tenant_a.product
        p2 = Product.objects.create(code="paspoort", name="Paspoort")
        team = Team.objects.create(identification="burgerzaken", name="Burgerzaken")
        rows.update(p1=p1, p2=p2, team=team)

        # Contacts (c8 lies after the range: it only makes c4 a repeat).
        c1 = h.contact("phone", at(d(3, 2)), bsn=X, product=p1)
        c2 = h.contact("web", at(d(3, 2), 11), bsn=Y, product=p1)
        h.contact("phone", at(d(3, 5), 9), bsn=X, product=p1)  # c3: c4 is 7 days later
        h.contact("phone", at(d(3, 12), 9), bsn=X, product=p1)  # c4
        h.contact("counter", at(d(3, 6)), bsn=X, product=p2)  # c5: X, other product
        h.contact("phone", at(d(3, 3)), product=p1)  # c6: anonymous
        c7 = h.contact("phone", at(d(3, 3), 14), bsn=Z, product=p1, outcome=Outcome.REFERRED)
        h.contact("phone", at(d(3, 16)), bsn=X, product=p1)  # c8
        h.contact("phone", at(d(3, 4)), bsn=W, product=p1, outcome=Outcome.OPEN)  # c9
        # c10: 00:30 on 10 March in Amsterdam is 9 March in UTC: it counts on the 10th.
        c10 = h.contact("email", at(d(3, 10), 0, 30), kvk=KVK, product=p1)
        rows.update(c1=c1, c2=c2, c10=c10)

        k1 = h.case("phone", d(3, 2), end=d(3, 4), product=p1, team=team,
                    sla_due_at=at(d(3, 6), 17), latest_end_date=d(4, 27))  # fmt: skip
        k2 = h.case("web", d(3, 2), end=d(3, 12), product=p1, team=team,
                    sla_due_at=at(d(3, 6), 17), latest_end_date=d(4, 27))  # fmt: skip
        k3 = h.case("letter", d(3, 3), end=d(3, 13), product=p1, team=team,
                    sla_due_at=at(d(3, 13), 17), latest_end_date=d(3, 10))  # fmt: skip
        k4 = h.case("phone", d(3, 2), product=p2, team=team, sla_due_at=at(d(3, 9), 17))
        k5 = h.case("phone", d(3, 5), product=p1, team=team, sla_due_at=at(d(3, 13), 17))
        k6 = h.case("counter", d(2, 9), product=p1, team=team)
        k7 = h.case("phone", d(1, 12), product=p2, team=team, latest_end_date=d(3, 9),
                    case_type=lex_type)  # fmt: skip
        k8 = h.case("phone", d(1, 5), end=d(3, 11), product=p1, team=team,
                    latest_end_date=d(2, 2))  # fmt: skip
        h.decision(k3, d(3, 9))
        WebSubmission.objects.create(key=uuid.uuid4(), case=k2, product=p1, initiator_bsn=Y)
        CaseSuspension.objects.create(
            case=k5, reason="Foto ontbreekt", requested_on=d(3, 6), term_ends_on=d(3, 20)
        )
        extension = CaseExtension.objects.create(case=k6, reason="Advies nodig", term="P6W")
        CaseExtension.objects.filter(pk=extension.pk).update(created_at=at(d(3, 10), 15))
        # k8: legal date 2 February, notice of default on 9 February (valid).
        CaseDefaultNotice.objects.create(case=k8, received_on=d(2, 9), channel="letter")
        rows.update(k1=k1, k2=k2, k3=k3, k4=k4, k5=k5, k6=k6, k7=k7, k8=k8)

        # Berichtenbox: read, unread, one without a BSN (in nobody's berichtenbox), and
        # one about a contact.
        h.message(k2.number, at(d(3, 4)), read=at(d(3, 5)))
        h.message(k1.number, at(d(3, 3)))
        h.message(k1.number, at(d(3, 3)), bsn="")
        h.message(f"klantcontact-{c2.pk}", at(d(3, 2), 12), read=at(d(3, 2), 13), bsn=Y)

        h.request(contact=c7, team=team, product=p1, due_at=at(d(3, 4), 17),
                  closed_at=at(d(3, 4), 10))  # fmt: skip
        h.request(team=team, product=p1, due_at=at(d(3, 5), 17), closed_at=at(d(3, 6), 9))
        h.request(team=team, product=p1, due_at=at(d(3, 5), 17))  # still open

        # Ten phone ratings of P1 on 10 March (of February contacts) and one web rating.
        for index, score in enumerate([5, 5, 5, 4, 4, 3, 2, 1, 5, 4]):
            rated = h.contact("phone", at(d(2, 2), 9, index), bsn=X, product=p1)
            h.rating(score, at(d(3, 10), 12), channel="phone", product_code="melding",
                     contact=rated)  # fmt: skip
        h.rating(5, at(d(3, 12), 12), channel="web", product_code="melding", case=k2)

    with tenant_b.active():
        b = History(tenant_b.organisation, tenant_b.product, tenant_b.case_type)
        for hour in range(9, 15):
            b.contact("phone", at(d(3, 3), hour), bsn=X, product=tenant_b.product)
        b.case("phone", d(3, 2), end=d(3, 3), product=tenant_b.product,
               sla_due_at=at(d(3, 2), 17), latest_end_date=d(3, 2))  # fmt: skip
        b.case("web", d(2, 2), product=tenant_b.product)
        b.rating(1, at(d(3, 10)), channel="phone", product_code="melding",
                 contact=Contact.objects.first())  # fmt: skip
        aggregates_update(FIRST, LAST, now=NOW)
    with tenant_a.active():
        aggregates_update(FIRST, LAST, now=NOW)
    return rows


def total(tenant, **filters):
    with tenant.active():
        return figures(Filters(FIRST, LAST, **filters))[None]


def test_first_contact_resolution(tenant_a, history):
    f = total(tenant_a)
    # c1 c2 c3 c4 c5 c6 c7 c9 c10 started in the range (c8 on 16 March, and the eleven
    # February contacts behind the ratings, did not).
    assert f.contacts == 9
    # Eligible: a known person and handled; not c6 (anonymous) nor c9 (still open).
    assert f.contacts_fcr_eligible == 7
    # Resolved: c2 (Y, no repeat), c5 (X, but the repeats are about P1), c10 (KvK, no
    # repeat). Not c1 (X comes back on 5 March), c3 (X again exactly 7 days later), c4
    # (c8 on 16 March, after the range), c7 (referred).
    assert f.contacts_first_contact_resolved == 3
    assert f.first_contact_resolution == pytest.approx(3 / 7)


def test_contact_days_are_amsterdam_days(tenant_a, history):
    with tenant_a.active():
        per_day = figures(Filters(FIRST, LAST, period="day"), by="period")
    assert per_day[d(3, 10)].contacts == 1  # c10 at 00:30 Amsterdam (23:30 UTC on the 9th)
    assert d(3, 9) not in per_day or per_day[d(3, 9)].contacts == 0


def test_volume_and_channel_mix(tenant_a, history):
    f = total(tenant_a)
    # Registered in the range: k1 k2 k4 (2 March), k3 (3 March), k5 (5 March).
    assert f.cases_in == 5
    with tenant_a.active():
        mix = channel_mix(Filters(FIRST, LAST))
        contacts_mix = channel_mix(Filters(FIRST, LAST), by=None, measure="contacts")
        by_week = channel_mix(Filters(FIRST, LAST, period="week"), by="period")
    p1, p2 = history["p1"].pk, history["p2"].pk
    # P1 came in by phone (k1, k5), web (k2) and letter (k3); P2 by phone (k4).
    assert mix[p1].counts == {"phone": 2, "web": 1, "letter": 1}
    assert mix[p1].share("web") == 0.25
    assert mix[p2].shares == {"phone": 1.0}
    # c1 c3 c4 c6 c7 c9 by phone, c2 web, c5 counter, c10 e-mail.
    assert contacts_mix[None].counts == {"phone": 6, "web": 1, "counter": 1, "email": 1}
    # Week of 2 March: k1 k2 k3 k4 k5; week of 9 March: none.
    assert by_week == {d(3, 2): by_week[d(3, 2)]}
    assert by_week[d(3, 2)].total == 5


def test_norm_compliance_of_cases_and_requests(tenant_a, history):
    f = total(tenant_a)
    # Closed in the range: k1 (4 March), k8 (11th), k2 (12th), k3 (13th).
    assert f.cases_closed == 4
    # With a norm: k1 k2 k3 (k8 has none). Within: k1 (4th ≤ 6th), k3 (13th ≤ 13th); k2
    # closed on the 12th, its norm day was the 6th.
    assert (f.cases_closed_with_norm, f.cases_closed_within_norm) == (3, 2)
    assert f.norm_compliance == pytest.approx(2 / 3)
    # Requests closed: r1 (by its due time) and r2 (closed the day after its due day);
    # r3 is still open. r2 has no contact, so it counts as a phone request.
    assert (f.requests_closed, f.requests_closed_in_time) == (2, 1)
    assert f.requests_in_time == 0.5
    assert f.service_norm_compliance == 0.6  # together: (2 + 1) / (3 + 2)
    assert total(tenant_a, channel="phone").requests_closed == 2


def test_legal_term_lex_silencio_and_dwangsom(tenant_a, history):
    f = total(tenant_a)
    # Decided within the legal date: k1, k2 (27 April), k3 (decision 9 March, legal date
    # the 10th, closed the 13th); not k8 (closed 11 March, legal date 2 February).
    assert (f.cases_decided_with_legal_term, f.cases_decided_within_legal_term) == (4, 3)
    assert f.legal_compliance == 0.75
    # k7 (lex silencio, legal date 9 March, no decision): given on 10 March.
    assert f.lex_silencio == 1
    with tenant_a.active():
        per_day = figures(Filters(FIRST, LAST, period="day"), by="period")
    assert per_day[d(3, 10)].lex_silencio == 1
    # k8: notice 9 February, first penalty day 23 February; the close on 11 March stops
    # it: 23 Feb – 10 Mar is 16 days = 14 × €23 + 2 × €35 = €392, on 11 March.
    assert (f.penalty_cases, f.penalty_euros) == (1, Decimal("392.00"))
    assert per_day[d(3, 11)].penalty_euros == Decimal("392.00")


def test_lead_time_breaches_suspensions_extensions(tenant_a, history):
    f = total(tenant_a)
    # Working days after the start up to the end: k1 2 March → 4 March: 2; k2 → 12 March:
    # 8; k3 3 → 13 March: 8; k8 5 January → 11 March: 4 + 15 + 20 + 8 = 47.
    assert dict(f.lead_time_days) == {2: 1, 8: 2, 47: 1}
    assert f.lead_time_median == 8  # nearest rank: the 2nd of 4
    assert f.lead_time_p90 == 47  # the 4th of 4 (ceil(3.6))
    # Breaches: k2 (norm 6 March, closed the 12th) and k4 (norm 9 March, still open). k5's
    # norm is 13 March 17:00, after the moment of measuring; k3 closed on its norm day.
    assert f.norm_breaches == 2
    assert (f.suspensions, f.extensions) == (1, 1)  # k5 on 6 March, k6 on 10 March


def test_backlog_by_age_bucket(tenant_a, history):
    f = total(tenant_a)
    # Open at the end of 13 March, age in working days since the start: k4 (2 March): 9,
    # k5 (5 March): 6 → "6–10"; k6 (9 February): 14 + 10 = 24 → "21–40"; k7 (12 January):
    # 14 + 20 + 10 = 44 → "meer dan 40".
    assert f.backlog == [0, 2, 0, 1, 1]
    assert f.backlog_total == 4
    with tenant_a.active():
        per_channel = figures(Filters(FIRST, LAST), by="channel")
        weeks = figures(Filters(FIRST, LAST, period="week"), by="period")
    assert per_channel["phone"].backlog == [0, 2, 0, 0, 1]  # k4 k5 k7
    assert per_channel["counter"].backlog == [0, 0, 0, 1, 0]  # k6
    assert per_channel["web"].backlog == [0, 0, 0, 0, 0]  # k2 closed on the 12th
    # Week of 2 March: its last day, Sunday 8 March. Open: k2 (4), k3 (3), k4 (4), k5 (1),
    # k6 (14 + 5 = 19), k7 (14 + 20 + 5 = 39), k8 (4 + 15 + 20 + 5 = 44).
    assert weeks[d(3, 2)].backlog == [4, 0, 1, 1, 1]
    assert weeks[d(3, 9)].backlog == [0, 2, 0, 1, 1]


def test_satisfaction_hidden_below_ten_ratings(tenant_a, history):
    f = total(tenant_a)
    # Ten phone ratings 5 5 5 4 4 3 2 1 5 4 (seven of 4 or 5, sum 38) and one web 5.
    assert (f.ratings, f.ratings_satisfied, f.ratings_sum) == (11, 8, 43)
    assert f.csat == pytest.approx(8 / 11)
    assert f.average_rating == pytest.approx(43 / 11)
    with tenant_a.active():
        per_channel = figures(Filters(FIRST, LAST), by="channel")
    assert per_channel["phone"].csat == 0.7 and per_channel["phone"].average_rating == 3.8
    assert per_channel["web"].ratings == 1
    assert per_channel["web"].csat is None and per_channel["web"].average_rating is None


def test_portal_adoption(tenant_a, history):
    f = total(tenant_a)
    # Closed cases k1 k2 k3 k8; only k2 has DigiD activity (a web request, a message read).
    assert (f.cases_closed, f.cases_with_digid_activity) == (4, 1)
    assert f.digid_share == 0.25
    # Berichtenbox: k2's (read), k1's (unread), c2's acknowledgement (read); k1's message
    # without a BSN is in nobody's berichtenbox.
    assert (f.messages, f.messages_read) == (3, 2)
    assert f.messages_read_share == pytest.approx(2 / 3)


def test_filters_per_product_and_team(tenant_a, history):
    p2 = total(tenant_a, product_id=history["p2"].pk)
    # P2: c5; k4 in; breach of k4; lex silencio of k7; backlog k4 (6–10), k7 (> 40).
    assert (p2.contacts, p2.cases_in, p2.norm_breaches, p2.lex_silencio) == (1, 1, 1, 1)
    assert p2.backlog == [0, 1, 0, 0, 1]
    team = total(tenant_a, team_id=history["team"].pk)
    # Every case and request has the team; contacts have no case, so no team.
    assert (team.contacts, team.cases_in, team.cases_closed, team.requests_closed) == (0, 5, 4, 2)


def test_trend_per_week_and_channel(tenant_a, history):
    with tenant_a.active():
        weeks = trend(Filters(FIRST, LAST, period="week"), by="channel")
    assert list(weeks) == [d(3, 2), d(3, 9)]
    # Week of 2 March: k1 closed (phone); week of 9 March: k8 (phone), k2 (web), k3 (letter).
    assert weeks[d(3, 2)]["phone"].cases_closed == 1
    assert {c: f.cases_closed for c, f in weeks[d(3, 9)].items() if f.cases_closed} == {
        "phone": 1, "web": 1, "letter": 1,
    }  # fmt: skip


def test_other_organisation_never_shows(tenant_a, tenant_b, history):
    """B's six contacts, two cases and one rating stay B's; A's update leaves B's rows."""
    with tenant_b.active():
        b = figures(Filters(FIRST, LAST))[None]
        b_products = set(DailyAggregate.objects.values_list("product_id", flat=True))
    assert (b.contacts, b.cases_in, b.cases_closed, b.ratings) == (6, 1, 1, 1)
    assert b_products == {tenant_b.product.pk}
    a = total(tenant_a)
    assert (a.contacts, a.ratings) == (9, 11)
    with tenant_a.active():
        a_products = set(DailyAggregate.objects.values_list("product_id", flat=True))
    assert tenant_b.product.pk not in a_products


def consistency_row(tenant, product, channel, day, *, closed, within, lead_days):
    """One aggregate row: ``closed`` cases with a norm, ``within`` of them in time, all
    with lead time ``lead_days``."""
    with tenant.active():
        DailyAggregate.objects.create(
            day=day, channel=channel, product=product, cases_closed=closed,
            cases_closed_with_norm=closed, cases_closed_within_norm=within,
            lead_time_days={str(lead_days): closed},
        )  # fmt: skip


def test_channel_consistency_index(tenant_a, tenant_b):
    """P1: web 10 cases, 9 in time, 2 days; letter 10, 6 in time, 9 days. P2: phone 5/5
    in 3 days, counter 4/5 in 3 days. P3: only the web. Q: one channel with 4 cases."""
    with tenant_a.active():
        p1 = tenant_a.product
        p2 = Product.objects.create(code="p2", name="P2")
        p3 = Product.objects.create(code="p3", name="P3")
    consistency_row(tenant_a, p1, "web", d(3, 2), closed=10, within=9, lead_days=2)
    consistency_row(tenant_a, p1, "letter", d(3, 3), closed=10, within=6, lead_days=9)
    consistency_row(tenant_a, p2, "phone", d(3, 2), closed=5, within=5, lead_days=3)
    consistency_row(tenant_a, p2, "counter", d(3, 2), closed=5, within=4, lead_days=3)
    consistency_row(tenant_a, p3, "web", d(3, 2), closed=8, within=8, lead_days=1)
    consistency_row(tenant_a, p3, "phone", d(3, 2), closed=4, within=0, lead_days=20)
    consistency_row(tenant_b, tenant_b.product, "web", d(3, 2), closed=50, within=0, lead_days=1)
    with tenant_a.active():
        result = consistency(Filters(FIRST, LAST, channel="web"))  # spans every channel
    by_product = {p.product_id: p for p in result.products}
    one = by_product[p1.pk]
    # P1: 90% vs 60% = 30 points; medians 2 and 9 = 7 working days, 7/9 = 77.8% of the
    # slowest: the larger of the two, so 100 − 77.8 = 22.2.
    assert one.compliance_spread == pytest.approx(30)
    assert one.lead_time_spread == 7
    assert one.score == pytest.approx(100 - 700 / 9)
    # P2: 100% vs 80% = 20 points, same median: 80.
    assert by_product[p2.pk].compliance_spread == pytest.approx(20)
    assert by_product[p2.pk].lead_time_spread == 0
    assert by_product[p2.pk].score == pytest.approx(80)
    # P3: the phone cell has 4 cases (< 5): shown, but not compared, so no spread.
    three = by_product[p3.pk]
    assert set(three.cells) == {"web", "phone"}
    assert (three.compliance_spread, three.lead_time_spread, three.score) == (None, None, None)
    # The least consistent first; a product without a score last.
    assert [p.product_id for p in result.products] == [p1.pk, p2.pk, p3.pk]
    # Organisation-wide: (22.2 × 20 cases + 80 × 10 cases) / 30 = 41.48.
    assert result.index == pytest.approx(((100 - 700 / 9) * 20 + 80 * 10) / 30)
    assert tenant_b.product.pk not in by_product


def test_a_case_through_the_services_counts_by_the_promise_it_stored(tenant_a):
    """Opened and closed through the real services on one day: the aggregates read the
    norm and legal dates the promise stored, and the case is in time on both."""
    from achterkant.cases.promise import case_promise
    from achterkant.cases.services import close_case, set_result
    from achterkant.catalog.models import ResultType

    make_case_type(tenant_a.organisation, identification="ZT-NORM", service_norm="P5D")
    case = tenant_a.open_case(case_type_identification="ZT-NORM", product=None, channel="web")
    with tenant_a.active():
        case.refresh_from_db()
        promise = case_promise(case)
        assert case.sla_due_at == promise.norm_due_at is not None
        assert case.latest_end_date == promise.decision_due is not None
        result = ResultType.objects.filter(case_type=case.case_type).first()
        set_result(actor=tenant_a.staff["worker"], case=case, result_type=result)
        close_case(actor=tenant_a.staff["worker"], case=case)
        case.refresh_from_db()
        assert case.sla_due_at == promise.norm_due_at  # closing keeps the stored dates
        aggregates_update(case.start_date, case.end_date)
        f = figures(Filters(case.start_date, case.end_date))[None]
    assert (f.cases_in, f.cases_closed, f.cases_closed_within_norm) == (1, 1, 1)
    assert (f.cases_decided_with_legal_term, f.cases_decided_within_legal_term) == (1, 1)
    assert (f.norm_breaches, f.backlog_total, dict(f.lead_time_days)) == (0, 0, {0: 1})
