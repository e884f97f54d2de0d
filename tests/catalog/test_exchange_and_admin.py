import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from achterkant.catalog.exchange import catalogue_export, catalogue_import
from achterkant.catalog.models import CaseType, Catalogue
from achterkant.demo.seed import seed_demo
from achterkant.tenancy.context import use_organisation
from achterkant.tenancy.models import Organisation


def test_export_then_import_round_trips_exactly(db):
    seed_demo(persons_per_organisation=0)
    with use_organisation(Organisation.objects.get(slug="voorbeeld")):
        exported = catalogue_export(Catalogue.objects.get(domain="ZAKEN"))
    # Through JSON text, as on disk.
    data = json.loads(json.dumps(exported))
    with use_organisation(Organisation.objects.get(slug="proefdorp")):
        Catalogue.objects.filter(domain="ZAKEN").update(domain="OUD")
        imported = catalogue_import(data)
        assert catalogue_export(imported) == exported
        assert CaseType.objects.filter(catalogue=imported, is_concept=False).count() >= 8


def test_a_broken_file_imports_nothing(tenant_a):
    with tenant_a.active():
        exported = catalogue_export(Catalogue.objects.get())
        exported["catalogue"]["domain"] = "NIEUW"
        exported["case_types"][0]["status_types"][0]["sequence"] = "geen getal"
        before = CaseType.objects.count()
        with pytest.raises(ValidationError):
            catalogue_import(exported)
        assert not Catalogue.objects.filter(domain="NIEUW").exists()
        assert CaseType.objects.count() == before
        with pytest.raises(ValidationError, match="Dit is geen catalogusbestand"):
            catalogue_import({"format": "iets anders"})


def test_catalogue_command_exports_and_imports(tenant_a, tmp_path):
    path = tmp_path / "catalogus.json"
    call_command("catalogue", "export", organisation="a", file=str(path))
    with tenant_a.active():
        Catalogue.objects.update(domain="OUD")
    call_command("catalogue", "import", organisation="a", file=str(path))
    with tenant_a.active():
        assert Catalogue.objects.filter(domain="ZAKEN").exists()


def test_admin_shows_a_dutch_error_for_an_invalid_iso_duration(tenant_a):
    client = tenant_a.client("admin")
    with tenant_a.active():
        catalogue = Catalogue.objects.get()
    response = client.post(
        "/admin/catalog/casetype/add/",
        {
            "catalogue": catalogue.pk, "identification": "ZT-X", "description": "X",
            "purpose": "p", "reason": "r", "subject": "s", "confidentiality": "intern",
            "scope": "extern", "initiator_action": "a", "handler_action": "b",
            "lead_time": "8 weken", "responsible": "x", "reference_process_name": "y",
            "valid_from": "2026-01-01", "version_date": "2026-01-01",
            "keywords": "[]", "accountability_relations": "[]", "products_or_services": "[]",
            **{f"{prefix}-{k}": v for prefix in (
                "status_types", "result_types", "role_types", "property_types",
                "document_type_links",
            ) for k, v in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))},
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert "ISO 8601" in response.content.decode()
    with tenant_a.active():
        assert not CaseType.objects.filter(identification="ZT-X").exists()


def test_a_published_case_type_is_read_only_in_the_admin(tenant_a):
    client = tenant_a.client("admin")
    page = client.get(f"/admin/catalog/casetype/{tenant_a.case_type.pk}/change/").content.decode()
    assert 'name="description"' not in page  # shown as text, not as an input
    assert 'name="valid_until"' in page  # the end of validity may still be set
    assert 'name="status_types-0-name"' not in page


@pytest.mark.parametrize(
    "model",
    ["catalogue", "casetype", "documenttype", "decisiontype", "product"],
)
def test_functional_admins_manage_the_whole_catalogue(tenant_a, model):
    client = tenant_a.client("admin")
    assert client.get(f"/admin/catalog/{model}/").status_code == 200
    assert client.get(f"/admin/catalog/{model}/add/").status_code == 200


def test_functional_admins_set_opening_hours_and_see_decree_days(tenant_a):
    client = tenant_a.client("admin")
    assert client.get("/admin/worktime/openinghours/add/").status_code == 200
    assert client.get("/admin/worktime/decreeholiday/").status_code == 200
    assert client.get("/admin/worktime/decreeholiday/add/").status_code == 403


def test_admin_actions_make_a_new_version_and_report_incomplete_publishing(tenant_a):
    client = tenant_a.client("admin")
    response = client.post(
        "/admin/catalog/casetype/",
        {"action": "new_version", "_selected_action": [tenant_a.case_type.pk]},
        follow=True,
    )
    assert "Nieuwe conceptversie" in response.content.decode()
    with tenant_a.active():
        concept = CaseType.objects.get(identification="ZT-MELDING", is_concept=True)
        concept.status_types.all().delete()
    response = client.post(
        "/admin/catalog/casetype/",
        {"action": "publish", "_selected_action": [concept.pk]},
        follow=True,
    )
    assert "minstens 2 statustypen" in response.content.decode()
    with tenant_a.active():
        assert CaseType.objects.get(pk=concept.pk).is_concept


def _exported_with_a_second_version(tenant):
    """Tenant A's catalogue with a new ZT-MELDING concept from 1 June 2026, exported."""
    from achterkant.catalog.services import case_type_new_version

    with tenant.active():
        case_type_new_version(case_type=tenant.case_type, valid_from=date(2026, 6, 1))
        exported = catalogue_export(Catalogue.objects.get())
    exported["catalogue"]["domain"] = "NIEUW"
    return exported


def test_import_publishes_through_the_publish_service(tenant_a):
    exported = _exported_with_a_second_version(tenant_a)
    with tenant_a.active():
        imported = catalogue_import(exported)
        versions = CaseType.objects.filter(catalogue=imported).order_by("valid_from")
        assert [v.is_concept for v in versions] == [False, True]
        assert catalogue_export(imported)["case_types"] == exported["case_types"]


def test_import_refuses_overlapping_published_versions_and_writes_nothing(tenant_a):
    exported = _exported_with_a_second_version(tenant_a)
    # The file claims both are published, while the first still runs open-ended.
    exported["case_types"][1]["is_concept"] = False
    exported["case_types"][1]["valid_until"] = "2026-12-31"
    exported["case_types"][0]["valid_until"] = None
    exported["case_types"][0]["valid_from"] = "2026-07-01"
    exported["case_types"][0]["version_date"] = "2026-07-01"
    with tenant_a.active():
        before = CaseType.objects.count()
        with pytest.raises(ValidationError, match="kan niet worden gepubliceerd: De geldigheid"):
            catalogue_import(exported)
        assert CaseType.objects.count() == before
        assert not Catalogue.objects.filter(domain="NIEUW").exists()


def test_import_refuses_an_incomplete_published_case_type(tenant_a):
    with tenant_a.active():
        exported = catalogue_export(Catalogue.objects.get())
    exported["catalogue"]["domain"] = "NIEUW"
    exported["case_types"][0]["role_types"] = []
    with tenant_a.active(), pytest.raises(ValidationError, match="minstens 1 roltype"):
        catalogue_import(exported)
    with tenant_a.active():
        assert not Catalogue.objects.filter(domain="NIEUW").exists()


def _add_case_type(client, catalogue, **fields):
    return client.post(
        "/admin/catalog/casetype/add/",
        {
            "catalogue": catalogue.pk, "identification": "ZT-WEB", "description": "Web",
            "purpose": "p", "reason": "r", "subject": "s", "confidentiality": "intern",
            "scope": "extern", "initiator_action": "a", "handler_action": "b",
            "lead_time": "P8W", "responsible": "x", "reference_process_name": "y",
            "valid_from": "2026-01-01", "version_date": "2026-01-01",
            "keywords": "[]", "accountability_relations": "[]", "products_or_services": "[]",
            "extension_kind": "statutory",  # the preselected choice, as a browser sends it
            **{f"{prefix}-{k}": v for prefix in (
                "status_types", "result_types", "role_types", "property_types",
                "document_type_links",
            ) for k, v in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))},
            **fields,
        },
    )  # fmt: skip


def test_the_admin_checks_a_web_form_definition_on_save(tenant_a):
    client = tenant_a.client("admin")
    with tenant_a.active():
        catalogue = Catalogue.objects.get()
    bad = {"fields": [{"name": "wat", "label": "Wat?", "type": "kleur"}]}
    response = _add_case_type(client, catalogue, form_definition=json.dumps(bad))
    assert response.status_code == 200
    assert "Veld 1, &#x27;type&#x27;: kies een van text, long_text" in response.content.decode()
    with tenant_a.active():
        assert not CaseType.objects.filter(identification="ZT-WEB").exists()
    good = {"fields": [{"name": "wat", "label": "Wat?", "type": "long_text", "required": True}]}
    response = _add_case_type(client, catalogue, form_definition=json.dumps(good))
    assert response.status_code == 302
    with tenant_a.active():
        assert CaseType.objects.get(identification="ZT-WEB").form_definition == good
