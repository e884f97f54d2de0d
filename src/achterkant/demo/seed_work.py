"""Demo work: routing rules, and cases in every SLA state so the desk has something to show."""

import random
from datetime import timedelta

from django.utils import timezone

from achterkant.cases.models import Case
from achterkant.cases.services import close_case, extend_case, open_case, set_result
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
