import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from achterkant.catalog.models import (
    CasePropertyType,
    CaseType,
    ResultType,
    RoleType,
    StatusType,
)
from achterkant.catalog.selectors import NoValidCaseType, case_type_version_for
from achterkant.catalog.services import (
    PublishedTypeIsImmutable,
    case_type_new_version,
    case_type_publish,
    ensure_concept,
)
from tests.conftest import make_case_type


def _concept(tenant, **overrides):
    fields = {
        "catalogue": tenant.case_type.catalogue, "identification": "ZT-NIEUW",
        "description": "Nieuw", "purpose": "p", "reason": "r", "subject": "s",
        "confidentiality": "intern", "scope": "extern", "initiator_action": "a",
        "handler_action": "b", "lead_time": "P4W", "responsible": "x",
        "reference_process_name": "y", "valid_from": date(2026, 1, 1),
        "version_date": date(2026, 1, 1), **overrides,
    }  # fmt: skip
    return CaseType.objects.create(**fields)


def test_publishing_checks_completeness(tenant_a):
    with tenant_a.active():
        concept = _concept(tenant_a)
        StatusType.objects.create(case_type=concept, sequence=1, name="Ontvangen")
        with pytest.raises(ValidationError) as error:
            case_type_publish(case_type=concept)
        assert error.value.messages == [
            "Een zaaktype heeft minstens 2 statustypen nodig.",
            "Een zaaktype heeft minstens 1 resultaattype nodig.",
            "Een zaaktype heeft minstens 1 roltype nodig.",
        ]
        concept.refresh_from_db()
        assert concept.is_concept


def test_a_complete_concept_publishes(tenant_a):
    with tenant_a.active():
        concept = _concept(tenant_a)
        StatusType.objects.create(case_type=concept, sequence=1, name="Ontvangen")
        StatusType.objects.create(case_type=concept, sequence=2, name="Klaar")
        ResultType.objects.create(case_type=concept, description="Klaar",
                                  archive_nomination="vernietigen",
                                  source_date_derivation="afgehandeld")  # fmt: skip
        RoleType.objects.create(case_type=concept, description="A", generic_description="initiator")
        published = case_type_publish(case_type=concept)
        assert not published.is_concept
        with pytest.raises(PublishedTypeIsImmutable):
            ensure_concept(published)


def test_extension_possible_needs_a_term(tenant_a):
    with tenant_a.active():
        concept = _concept(tenant_a, extension_possible=True)
        with pytest.raises(ValidationError, match="verlengingstermijn"):
            case_type_publish(case_type=concept)


def test_a_published_version_cannot_be_published_again(tenant_a):
    with tenant_a.active(), pytest.raises(PublishedTypeIsImmutable):
        case_type_publish(case_type=tenant_a.case_type)


def test_a_new_version_is_a_copy_that_takes_over_when_published(tenant_a):
    with tenant_a.active():
        new = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2026, 6, 1))
        old = CaseType.objects.get(pk=tenant_a.case_type.pk)
        assert new.is_concept and new.pk != old.pk
        assert list(new.status_types.values_list("sequence", "name", "inform_citizen")) == list(
            old.status_types.values_list("sequence", "name", "inform_citizen")
        )
        assert new.result_types.count() == old.result_types.count() == 2
        assert new.role_types.count() == old.role_types.count() == 2
        # Until the new version is published, the old one stays in force.
        assert case_type_version_for("ZT-MELDING", date(2026, 7, 1)) == old
        case_type_publish(case_type=new)
        old.refresh_from_db()
        assert old.valid_until == date(2026, 5, 31)
        assert case_type_version_for("ZT-MELDING", date(2026, 5, 31)) == old
        assert case_type_version_for("ZT-MELDING", date(2026, 6, 1)) == new
        with pytest.raises(NoValidCaseType):
            case_type_version_for("ZT-MELDING", date(2019, 1, 1))


def test_overlapping_published_versions_are_refused(tenant_a):
    with tenant_a.active():
        duplicate = make_case_type(tenant_a.organisation, identification="ZT-DUBBEL")
        clash = CaseType.objects.get(pk=duplicate.pk)
        clash.pk = None
        clash.uuid = uuid.uuid4()
        clash._state.adding = True
        # Starts earlier and runs into the published version: an overlap, not a successor.
        clash.valid_from = date(2019, 1, 1)
        clash.valid_until = date(2020, 6, 30)
        clash.is_concept = True
        clash.save()
        StatusType.objects.create(case_type=clash, sequence=1, name="a")
        StatusType.objects.create(case_type=clash, sequence=2, name="b")
        ResultType.objects.create(case_type=clash, description="r",
                                  archive_nomination="vernietigen",
                                  source_date_derivation="afgehandeld")  # fmt: skip
        RoleType.objects.create(case_type=clash, description="A", generic_description="initiator")
        with pytest.raises(ValidationError, match="overlapt"):
            case_type_publish(case_type=clash)


def _complete(concept, **result_fields):
    StatusType.objects.create(case_type=concept, sequence=1, name="Ontvangen")
    StatusType.objects.create(case_type=concept, sequence=2, name="Klaar")
    ResultType.objects.create(
        case_type=concept, description="Klaar", archive_nomination="vernietigen",
        **{"source_date_derivation": "afgehandeld", **result_fields},
    )  # fmt: skip
    RoleType.objects.create(case_type=concept, description="A", generic_description="initiator")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"source_date_derivation": "termijn"}, "source_date_process_term", "procestermijn"),
        ({"source_date_derivation": "eigenschap"}, "source_date_attribute", "datumkenmerk"),
    ],
)
def test_a_result_type_says_what_its_derivation_needs(tenant_a, fields, field, message):
    with tenant_a.active():
        result_type = ResultType(
            case_type=tenant_a.case_type, description="X", archive_nomination="vernietigen",
            **fields,
        )  # fmt: skip
        with pytest.raises(ValidationError, match=message) as error:
            result_type.full_clean(exclude=["organisation"])
    assert field in error.value.message_dict


def test_publishing_refuses_a_termijn_without_a_process_term(tenant_a):
    with tenant_a.active():
        concept = _concept(tenant_a)
        _complete(concept, source_date_derivation="termijn")
        with pytest.raises(ValidationError, match="Resultaattype 'Klaar': Vul de procestermijn"):
            case_type_publish(case_type=concept)


@pytest.mark.parametrize(
    ("property_format", "publishes"),
    [("datum", True), ("datum_tijd", True), ("tekst", False), (None, False)],
)
def test_eigenschap_must_name_a_date_property_of_the_case_type(
    tenant_a, property_format, publishes
):
    with tenant_a.active():
        concept = _concept(tenant_a)
        _complete(concept, source_date_derivation="eigenschap", source_date_attribute="tot")
        if property_format:
            CasePropertyType.objects.create(
                case_type=concept, name="tot", definition="Geldig tot", format=property_format,
                length=30,
            )  # fmt: skip
        if publishes:
            assert not case_type_publish(case_type=concept).is_concept
        else:
            with pytest.raises(ValidationError, match="datumkenmerk 'tot' is geen eigenschap"):
                case_type_publish(case_type=concept)
            assert CaseType.objects.get(pk=concept.pk).is_concept


def test_the_version_lookup_stays_inside_the_organisation(tenant_a, tenant_b):
    """Both organisations have ZT-MELDING valid from 2020; each finds its own."""
    with tenant_a.active():
        newer = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2026, 6, 1))
        case_type_publish(case_type=newer)
        assert case_type_version_for("ZT-MELDING", date(2026, 7, 1)) == newer
        assert case_type_version_for("ZT-MELDING", date(2021, 1, 1)) == tenant_a.case_type
    with tenant_b.active():
        assert case_type_version_for("ZT-MELDING", date(2026, 7, 1)) == tenant_b.case_type
        assert case_type_version_for("ZT-MELDING", date(2021, 1, 1)) == tenant_b.case_type
