"""The catalogue admin: concepts are edited and deleted, published versions only ended."""

from datetime import date

import pytest

from achterkant.catalog.models import CaseType, DecisionType, DocumentType
from achterkant.catalog.services import case_type_new_version, case_type_publish

INLINE_COUNTS = {
    "status_types": 3, "result_types": 2, "role_types": 2, "property_types": 0,
    "document_type_links": 0,
}  # fmt: skip


def _change_case_type(client, case_type, valid_until):
    """POST the change form of a published case type: only valid_until is a field."""
    data = {"valid_until": valid_until}
    for prefix, count in INLINE_COUNTS.items():
        data.update({f"{prefix}-TOTAL_FORMS": str(count), f"{prefix}-INITIAL_FORMS": str(count)})
    return client.post(f"/admin/catalog/casetype/{case_type.pk}/change/", data)


def test_a_published_case_type_cannot_be_deleted_but_a_concept_can(tenant_a):
    client = tenant_a.client("admin")
    published = tenant_a.case_type
    with tenant_a.active():
        concept = case_type_new_version(case_type=published, valid_from=date(2026, 6, 1))
    assert client.get(f"/admin/catalog/casetype/{published.pk}/delete/").status_code == 403
    client.post(
        "/admin/catalog/casetype/",
        {"action": "delete_selected", "_selected_action": [published.pk], "post": "yes"},
    )
    assert client.get(f"/admin/catalog/casetype/{concept.pk}/delete/").status_code == 200
    response = client.post(f"/admin/catalog/casetype/{concept.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    with tenant_a.active():
        assert CaseType.objects.filter(pk=published.pk).exists()
        assert not CaseType.objects.filter(pk=concept.pk).exists()


def test_ending_a_published_version_goes_through_the_service(tenant_a):
    client = tenant_a.client("admin")
    response = _change_case_type(client, tenant_a.case_type, "2026-12-31")
    assert response.status_code == 302
    with tenant_a.active():
        assert CaseType.objects.get(pk=tenant_a.case_type.pk).valid_until == date(2026, 12, 31)


@pytest.mark.parametrize(
    ("valid_until", "message"),
    [("2019-12-31", "ligt voor het begin"), ("", "overlapt"), ("2026-07-01", "overlapt")],
)
def test_an_impossible_end_of_validity_is_a_form_error(tenant_a, valid_until, message):
    with tenant_a.active():
        successor = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2026, 6, 1))
        case_type_publish(case_type=successor)
    response = _change_case_type(tenant_a.client("admin"), tenant_a.case_type, valid_until)
    assert response.status_code == 200
    assert message in response.content.decode()
    with tenant_a.active():
        assert CaseType.objects.get(pk=tenant_a.case_type.pk).valid_until == date(2026, 5, 31)


@pytest.mark.parametrize(("model", "url"), [(DocumentType, "documenttype"),
                                            (DecisionType, "decisiontype")])  # fmt: skip
def test_document_and_decision_types_are_published_then_read_only(tenant_a, model, url):
    client = tenant_a.client("admin")
    with tenant_a.active():
        extra = {"category": "aanvraag", "confidentiality": "intern"}
        versioned = model.objects.create(
            catalogue=tenant_a.case_type.catalogue, description="Aanvraag",
            valid_from=date(2020, 1, 1), **(extra if model is DocumentType else {}),
        )  # fmt: skip
    page = client.get(f"/admin/catalog/{url}/{versioned.pk}/change/").content.decode()
    assert 'name="description"' in page
    assert client.get(f"/admin/catalog/{url}/{versioned.pk}/delete/").status_code == 200

    response = client.post(
        f"/admin/catalog/{url}/", {"action": "publish", "_selected_action": [versioned.pk]},
        follow=True,
    )  # fmt: skip
    assert "is gepubliceerd" in response.content.decode()
    with tenant_a.active():
        assert not model.objects.get(pk=versioned.pk).is_concept
    page = client.get(f"/admin/catalog/{url}/{versioned.pk}/change/").content.decode()
    assert 'name="description"' not in page
    assert 'name="valid_until"' in page
    assert client.get(f"/admin/catalog/{url}/{versioned.pk}/delete/").status_code == 403

    response = client.post(
        f"/admin/catalog/{url}/{versioned.pk}/change/",
        {"valid_until": "2019-01-01", "description": "Anders"},
    )
    assert response.status_code == 200
    assert "ligt voor het begin" in response.content.decode()
    response = client.post(
        f"/admin/catalog/{url}/{versioned.pk}/change/",
        {"valid_until": "2030-12-31", "description": "Anders"},
    )
    assert response.status_code == 302
    with tenant_a.active():
        saved = model.objects.get(pk=versioned.pk)
    assert (saved.description, saved.valid_until) == ("Aanvraag", date(2030, 12, 31))


def test_a_concept_ending_before_it_starts_is_a_dutch_form_error(tenant_a):
    with tenant_a.active():
        extra = {"category": "aanvraag", "confidentiality": "intern"}
        concept = DocumentType.objects.create(
            catalogue=tenant_a.case_type.catalogue, description="Aanvraag",
            valid_from=date(2026, 1, 1), **extra,
        )  # fmt: skip
    response = tenant_a.client("admin").post(
        f"/admin/catalog/documenttype/{concept.pk}/change/",
        {"catalogue": concept.catalogue_id, "description": "Aanvraag", "valid_from": "2026-01-01",
         "valid_until": "2025-12-31", **extra},
    )  # fmt: skip
    assert response.status_code == 200
    assert "ligt voor het begin (01-01-2026)" in response.content.decode()
    with tenant_a.active():
        assert DocumentType.objects.get(pk=concept.pk).valid_until is None
