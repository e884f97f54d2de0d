"""Published catalogue versions are immutable, except for their end of validity."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from achterkant.catalog.models import (
    CaseType,
    CaseTypeDocumentType,
    DecisionType,
    DocumentType,
)
from achterkant.catalog.services import (
    PublishedTypeIsImmutable,
    case_type_new_version,
    case_type_publish,
    case_type_set_end_of_validity,
    decision_type_publish,
    document_type_publish,
)


def _successor(tenant, valid_from=date(2026, 6, 1)):
    with tenant.active():
        new = case_type_new_version(case_type=tenant.case_type, valid_from=valid_from)
        return case_type_publish(case_type=new)


def test_the_end_of_validity_cannot_precede_the_start(tenant_a):
    with tenant_a.active():
        with pytest.raises(ValidationError, match="ligt voor het begin") as error:
            case_type_set_end_of_validity(tenant_a.case_type, date(2019, 12, 31))
        assert "valid_until" in error.value.message_dict
        assert CaseType.objects.get(pk=tenant_a.case_type.pk).valid_until is None


def test_the_end_of_validity_cannot_overlap_another_published_version(tenant_a):
    _successor(tenant_a)
    with tenant_a.active():
        with pytest.raises(ValidationError, match="overlapt"):
            case_type_set_end_of_validity(tenant_a.case_type, date(2026, 6, 1))
        with pytest.raises(ValidationError, match="overlapt"):
            case_type_set_end_of_validity(tenant_a.case_type, None)
        assert CaseType.objects.get(pk=tenant_a.case_type.pk).valid_until == date(2026, 5, 31)
        ended = case_type_set_end_of_validity(tenant_a.case_type, date(2026, 3, 31))
        assert ended.valid_until == date(2026, 3, 31)
        assert CaseType.objects.get(pk=tenant_a.case_type.pk).valid_until == date(2026, 3, 31)


def test_a_second_new_version_on_the_same_day_is_a_clear_error(tenant_a):
    with tenant_a.active():
        case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2026, 6, 1))
        with pytest.raises(ValidationError, match="Er is al een versie"):
            case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2026, 6, 1))
        assert CaseType.objects.filter(identification="ZT-MELDING").count() == 2


@pytest.mark.skipif(
    not connection.features.has_select_for_update, reason="this database has no row locks"
)
def test_publishing_locks_every_version_of_the_identification(tenant_a):
    with tenant_a.active():
        new = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2026, 6, 1))
        with CaptureQueriesContext(connection) as queries:
            case_type_publish(case_type=new)
    locks = [q["sql"] for q in queries if "FOR UPDATE" in q["sql"]]
    # Before the overlap check: all versions by identification, not just this row.
    assert locks
    assert '"identification"' in locks[0]


def _document_type(tenant, description="Aanvraag", **fields):
    with tenant.active():
        return DocumentType.objects.create(
            catalogue=tenant.case_type.catalogue, description=description, category="aanvraag",
            confidentiality="intern", **{"valid_from": date(2020, 1, 1), **fields},
        )  # fmt: skip


def test_publishing_refuses_a_case_type_with_concept_document_types(tenant_a):
    document_type = _document_type(tenant_a)
    with tenant_a.active():
        concept = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2026, 6, 1))
        CaseTypeDocumentType.objects.create(
            case_type=concept, document_type=document_type, sequence=1, direction="inkomend"
        )
        with pytest.raises(ValidationError, match="Publiceer eerst de documenttypen"):
            case_type_publish(case_type=concept)
        assert CaseType.objects.get(pk=concept.pk).is_concept
        document_type_publish(document_type=document_type)
        assert not case_type_publish(case_type=concept).is_concept


def test_document_types_publish_once_and_never_overlap(tenant_a):
    first = _document_type(tenant_a, valid_until=date(2025, 12, 31))
    clash = _document_type(tenant_a, valid_from=date(2025, 6, 1))
    with tenant_a.active():
        assert not document_type_publish(document_type=first).is_concept
        with pytest.raises(PublishedTypeIsImmutable, match="Dit documenttype is gepubliceerd"):
            document_type_publish(document_type=first)
        with pytest.raises(ValidationError, match="overlapt"):
            document_type_publish(document_type=clash)
        assert DocumentType.objects.get(pk=clash.pk).is_concept


def test_a_decision_type_publishes_before_its_document_types(tenant_a):
    """ztc-012 asks published relations of a case type only (the test above), not of a
    decision type: the official suite's set-up publishes one before its document type."""
    document_type = _document_type(tenant_a)
    with tenant_a.active():
        decision_type = DecisionType.objects.create(
            catalogue=tenant_a.case_type.catalogue, description="Vergunning",
            valid_from=date(2020, 1, 1),
        )  # fmt: skip
        decision_type.document_types.add(document_type)
        assert not decision_type_publish(decision_type=decision_type).is_concept
        assert DocumentType.objects.get(pk=document_type.pk).is_concept
