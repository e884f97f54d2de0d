"""A small organisation whose maturity score is computed by hand (test_maturity.py).

Catalogue (4 products):

| product  | online | public article | web norm | transact | prefill | channels with a norm      |
|----------|--------|----------------|----------|----------|---------|---------------------------|
| paspoort | yes    | yes            | yes      | yes      | yes     | web, phone, counter, email|
| melding  | yes    | internal only  | no       | no       | no      | phone, email              |
| afval    | no     | yes            | yes      | no       | no      | web                       |
| klacht   | no     | no             | no       | no       | no      | letter, email, phone      |

Aggregates in the period (2026-08-23 .. 2026-11-20), one row outside it that must not count.
"""

from datetime import date

from achterkant.catalog.models import DecisionType, Product, ServiceNorm
from achterkant.catalog.services import decision_type_publish
from achterkant.contacts.models import KnowledgeArticle
from achterkant.insights.models import DailyAggregate
from achterkant.tenancy.context import use_organisation
from tests.conftest import make_case_type, make_organisation

TODAY = date(2026, 11, 20)
FORM = {"fields": [{"name": "wat", "label": "Wat?", "type": "text"}]}
FORM_PREFILLED = {
    "fields": [
        {"name": "naam", "label": "Uw naam", "type": "text", "prefill": "name"},
        {"name": "wat", "label": "Wat?", "type": "text"},
    ]
}


def _norms(product, *channels):
    for channel in channels:
        ServiceNorm.objects.create(
            product=product, channel=channel, amount=2, unit="working_days", promise="snel"
        )


def _article(question, audience, *products):
    article = KnowledgeArticle.objects.create(
        question=question, answer="Zo werkt het.", audience=audience, valid_from=date(2020, 1, 1)
    )
    article.products.set(products)


def _row(organisation, day, channel, product, **counts):
    DailyAggregate.objects.create(
        organisation=organisation, day=day, channel=channel, product=product, **counts
    )


def build(name="Gemeente Maat", slug="maat", rsin="004000006", host="maat.localhost"):
    """The organisation and its catalogue and aggregates; returns the organisation."""
    organisation = make_organisation(name, slug, rsin, host)
    passport_type = make_case_type(
        organisation, identification="ZT-PAS", form_definition=FORM_PREFILLED
    )
    make_case_type(organisation, identification="ZT-MELDING", form_definition=FORM)
    with use_organisation(organisation):
        decision = DecisionType.objects.create(
            catalogue=passport_type.catalogue, description="Besluit paspoort",
            valid_from=date(2020, 1, 1),
        )  # fmt: skip
        decision.case_types.add(passport_type)
        decision_type_publish(decision_type=decision)
        passport = Product.objects.create(
            code="paspoort", name="Paspoort", case_type_identification="ZT-PAS"
        )
        report = Product.objects.create(
            code="melding", name="Melding", case_type_identification="ZT-MELDING"
        )
        waste = Product.objects.create(code="afval", name="Afval")
        complaint = Product.objects.create(code="klacht", name="Klacht indienen")
        _norms(passport, "web", "phone", "counter", "email")
        _norms(report, "phone", "email")
        _norms(waste, "web")
        _norms(complaint, "letter", "email", "phone")
        _article("Hoe vraag ik een paspoort aan?", "everyone", passport)
        _article("Wanneer wordt afval opgehaald?", "citizens", waste)
        _article("Interne werkinstructie meldingen", "internal", report)

        day = date(2026, 11, 1)
        _row(organisation, day, "web", passport, contacts=0, cases_in=25, cases_closed=40,
             cases_closed_with_norm=40, cases_closed_within_norm=36,
             cases_with_digid_activity=30, ratings=16, ratings_satisfied=12, ratings_sum=64,
             messages=60, messages_read=45, lead_time_days={"2": 40})  # fmt: skip
        _row(organisation, day, "phone", passport, contacts=96, cases_in=13, cases_closed=20,
             cases_closed_with_norm=20, cases_closed_within_norm=14, ratings=4,
             ratings_satisfied=2, ratings_sum=14, messages=20, messages_read=15,
             lead_time_days={"2": 20})  # fmt: skip
        _row(organisation, date(2026, 11, 2), "letter", complaint, cases_in=1, cases_closed=4,
             cases_closed_with_norm=4, cases_closed_within_norm=2,
             cases_decided_with_legal_term=4, cases_decided_within_legal_term=3,
             lead_time_days={"20": 4})  # fmt: skip
        _row(organisation, date(2026, 11, 3), "api", report, cases_in=2)
        # Outside the period: must not count.
        _row(organisation, date(2026, 1, 1), "web", passport, cases_in=1000, ratings=1000,
             ratings_satisfied=0, contacts=1000)  # fmt: skip
    return organisation
