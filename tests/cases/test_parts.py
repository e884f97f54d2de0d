from datetime import date

import pytest
from django.core.exceptions import ValidationError

from achterkant.cases.models import Decision, Role
from achterkant.cases.services import CaseError, add_decision, add_role, set_property
from achterkant.catalog.models import CasePropertyType, DecisionType, RoleType
from achterkant.catalog.services import decision_type_publish


def _role_type(tenant, generic="behandelaar"):
    return RoleType.objects.get(case_type=tenant.case_type, generic_description=generic)


def test_roles_for_a_person_a_business_and_a_representative(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        worker = tenant_a.staff["worker"]
        add_role(actor=worker, case=case, role_type=_role_type(tenant_a, "initiator"),
                 subject_type="niet_natuurlijk_persoon", kvk_number="6963 6938")  # fmt: skip
        add_role(actor=worker, case=case, role_type=_role_type(tenant_a, "initiator"),
                 subject_type="natuurlijk_persoon", bsn="999990019",
                 authorisation="gemachtigde")  # fmt: skip
        add_role(actor=worker, case=case, role_type=_role_type(tenant_a),
                 subject_type="medewerker", staff_member=worker)  # fmt: skip
        roles = list(Role.objects.filter(case=case).order_by("pk"))
    assert [r.subject_type for r in roles] == [
        "natuurlijk_persoon", "niet_natuurlijk_persoon", "natuurlijk_persoon", "medewerker",
    ]  # fmt: skip
    assert roles[1].kvk_number == "69636938"
    assert roles[2].authorisation == "gemachtigde"


@pytest.mark.parametrize(
    ("subject_type", "identifiers", "message"),
    [
        ("natuurlijk_persoon", {"bsn": "123456789"}, "BSN"),
        ("niet_natuurlijk_persoon", {"kvk_number": "123"}, "KvK-nummer"),
        ("niet_natuurlijk_persoon", {}, "KvK-nummer of RSIN"),
        ("vestiging", {"branch_number": "12"}, "12 cijfers"),
    ],
)
def test_invalid_role_identifiers_are_refused(tenant_a, subject_type, identifiers, message):
    case = tenant_a.open_case()
    with tenant_a.active():
        with pytest.raises(ValidationError, match=message):
            add_role(actor=tenant_a.staff["worker"], case=case, role_type=_role_type(tenant_a),
                     subject_type=subject_type, **identifiers)  # fmt: skip
        assert Role.objects.filter(case=case).count() == 1


def test_property_values_are_checked_against_their_type(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        date_type = CasePropertyType.objects.create(
            case_type=tenant_a.case_type, name="datum", definition="Datum", format="datum",
            length=10,
        )  # fmt: skip
        choice_type = CasePropertyType.objects.create(
            case_type=tenant_a.case_type, name="soort", definition="Soort", format="tekst",
            length=20, allowed_values=["lantaarnpaal", "stoeptegel"],
        )  # fmt: skip
        worker = tenant_a.staff["worker"]
        with pytest.raises(ValidationError, match="geldige waarde"):
            set_property(actor=worker, case=case, property_type=date_type, value="morgen")
        with pytest.raises(ValidationError, match="toegestane waarden"):
            set_property(actor=worker, case=case, property_type=choice_type, value="boom")
        set_property(actor=worker, case=case, property_type=date_type, value="2026-05-01")
        assert case.properties.get().value == "2026-05-01"


def test_a_decision_type_must_belong_to_the_case_type(tenant_a):
    case = tenant_a.open_case()
    with tenant_a.active():
        catalogue = tenant_a.case_type.catalogue
        unrelated = DecisionType.objects.create(
            catalogue=catalogue, description="Los besluit", valid_from=date(2020, 1, 1)
        )
        with pytest.raises(CaseError, match="besluittype hoort niet"):
            add_decision(actor=tenant_a.staff["worker"], case=case, decision_type=unrelated,
                         decided_on=date(2026, 3, 1), effective_from=date(2026, 3, 2))  # fmt: skip
        unrelated.case_types.add(tenant_a.case_type)
        unrelated = decision_type_publish(decision_type=unrelated)
        decision = add_decision(
            actor=tenant_a.staff["worker"], case=case, decision_type=unrelated,
            decided_on=date(2026, 3, 1), effective_from=date(2026, 3, 2),
        )  # fmt: skip
        assert Decision.objects.get() == decision
    assert decision.identification == f"{case.number}-B1"
