"""Demo work: routing rules, and cases in every SLA state so the desk has something to show."""

import random
from datetime import timedelta

from django.utils import timezone

from achterkant.cases.models import Case, CaseDefaultNotice
from achterkant.cases.services import (
    close_case,
    extend_case,
    open_case,
    register_default_notice,
    set_result,
)
from achterkant.cases.services.assignment import take_case
from achterkant.cases.services.information import request_information
from achterkant.catalog.models import Product, ResultType
from achterkant.identity.models import Person
from achterkant.routing.models import RoutingRule, Team
from achterkant.staff.models import User

RULES = [
    # order, product code, team identification
    (10, "paspoort-aanvragen", "publiekszaken"),
    (20, "verhuizing-doorgeven", "publiekszaken"),
    (30, "melding-openbare-ruimte", "stadsbeheer"),
    (40, "afvalcontainer-aanvragen", "stadsbeheer"),
    (50, "parkeervergunning", "vergunningen"),
    (60, "omgevingsvergunning", "vergunningen"),
    (70, "evenementenvergunning", "vergunningen"),
    (80, "bijzondere-bijstand", "vergunningen"),
    (90, "klacht", "kcc"),
]
CHANNELS = ["web", "phone", "email", "counter", "letter"]


def seed_work(*, suffix: str, cases: int = 30) -> None:
    teams = {team.identification: team for team in Team.objects.all()}
    for order, product_code, team_code in RULES:
        RoutingRule.objects.get_or_create(
            order=order, product_code=product_code, defaults={"team": teams[team_code]}
        )
    if Case.objects.exists():
        _seed_default_notice(suffix=suffix)  # came later: also on a database seeded before
        return  # seeded before: cases are not idempotent by nature, so add them once
    rng = random.Random(f"work{suffix}")
    agent = User.objects.get(username=f"agent{suffix}")
    worker = User.objects.get(username=f"behandelaar{suffix}")
    products = list(Product.objects.exclude(case_type_identification="").order_by("code"))
    people = list(Person.objects.exclude(email="").order_by("bsn")[:cases])
    today = timezone.localdate()
    for index, person in enumerate(people):
        product = products[index % len(products)]
        # Spread start dates so the seeded cases are on time, nearly late and late.
        case = open_case(
            actor=agent, case_type_identification=product.case_type_identification,
            channel=rng.choice(CHANNELS), initiator_bsn=person.bsn, product=product,
            description=f"{product.name} voor {person.surname}",
            start_date=today - timedelta(days=rng.choice([0, 1, 3, 6, 9, 15, 30, 50])),
            postcode=person.postcode,
        )  # fmt: skip
        if index % 3 == 0:
            take_case(actor=worker, case=case)
        if index % 7 == 6:
            result = ResultType.objects.filter(case_type=case.case_type).first()
            set_result(actor=worker, case=case, result_type=result)
            close_case(actor=worker, case=case)
        elif index % 5 == 2 and case.case_type.suspension_possible:
            # A stopped clock, to see one date with "termijn staat stil" on every screen.
            request_information(
                actor=worker, case=case, question="Wilt u een kopie van uw legitimatie sturen?",
                respond_before=today + timedelta(days=14),
            )  # fmt: skip
        elif index % 5 == 4 and case.case_type.extension_possible:
            extend_case(actor=worker, case=case, reason="Wij wachten op advies.")
    _seed_default_notice(suffix=suffix)


def _seed_default_notice(*, suffix: str) -> None:
    """One overdue parking permit whose applicant sent a notice of default (Awb 4:17), so
    the case page and the team lead show a dwangsom that runs. Added once, like the cases.

    Received 100 days ago, 8 weeks: due about 44 days ago. Notice 30 days ago, so the
    penalty runs from 16 days ago: about 17 days, € 427 by today.
    """
    if CaseDefaultNotice.objects.exists():
        return
    person = Person.objects.exclude(email="").order_by("bsn").first()
    product = Product.objects.filter(code="parkeervergunning").first()
    if person is None or product is None or not product.case_type_identification:
        return
    agent = User.objects.get(username=f"agent{suffix}")
    worker = User.objects.get(username=f"behandelaar{suffix}")
    today = timezone.localdate()
    case = open_case(
        actor=agent, case_type_identification=product.case_type_identification,
        channel="letter", initiator_bsn=person.bsn, product=product,
        description=f"{product.name} voor {person.surname} (te laat)",
        start_date=today - timedelta(days=100), postcode=person.postcode,
    )  # fmt: skip
    take_case(actor=worker, case=case)
    register_default_notice(
        actor=worker, case=case, received_on=today - timedelta(days=30), channel="letter",
        note="Brief van de aanvrager: u bent te laat met beslissen.",
    )  # fmt: skip
