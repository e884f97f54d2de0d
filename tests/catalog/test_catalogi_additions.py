"""What the Catalogi API added to the catalogue, seen from the desk side: a new version copies
the new parts and links, the admin checks Selectielijst references like the API."""

import pytest
from django.core.cache import cache

from achterkant.catalog.archive_rules import archive_procedure_problems
from achterkant.catalog.models import (
    CaseObjectType,
    CasePropertyType,
    ResultType,
    StatusType,
)
from achterkant.catalog.services import case_type_new_version
from tests.zgw.standins import zgw_standins_fixture  # noqa: F401 - registers zgw_standins


def test_a_new_version_copies_object_types_and_relinks_status_types(tenant_a):
    with tenant_a.active():
        case_type = tenant_a.case_type
        status = StatusType.objects.filter(case_type=case_type).order_by("sequence").last()
        CasePropertyType.objects.create(case_type=case_type, name="datum", definition="d",
                                        format="datum", length=10, status_type=status)  # fmt: skip
        CaseObjectType.objects.create(case_type=case_type, object_type="https://x.nl/1",
                                      relation_description="pand",
                                      valid_from=case_type.valid_from)  # fmt: skip
        new = case_type_new_version(case_type=case_type, valid_from=case_type.valid_from.replace(
            year=case_type.valid_from.year + 1))  # fmt: skip
        copied = CasePropertyType.objects.get(case_type=new, name="datum")
        assert copied.status_type.case_type_id == new.pk
        assert copied.status_type.sequence == status.sequence
        assert CaseObjectType.objects.filter(case_type=new).count() == 1


@pytest.mark.parametrize(
    ("derivation", "fields", "problems"),
    [
        ("afgehandeld", {}, []),
        ("termijn", {}, [("source_date_process_term", "required")]),
        ("afgehandeld", {"source_date_end_date_known": True},
         [("source_date_end_date_known", "must-be-empty")]),
        ("zaakobject", {"source_date_attribute": "d"}, [("source_date_object_type", "required")]),
        ("hoofdzaak", {"source_date_registration": "BAG"},
         [("source_date_registration", "must-be-empty")]),
    ],
)  # fmt: skip
def test_archive_procedure_rules(derivation, fields, problems):
    result_type = ResultType(source_date_derivation=derivation, **fields)
    assert [(f, c) for f, c, _ in archive_procedure_problems(result_type)] == problems


def test_the_admin_checks_a_selectielijst_procestype(tenant_a, zgw_standins, settings):
    settings.SELECTIELIJST_API_URL = zgw_standins.referentielijst_url + "/"
    cache.clear()
    from achterkant.catalog.admin import check_selectielijst_fields

    class Form:
        changed_data = ["selection_list_process_type"]
        errors: dict = {}

        def add_error(self, name, message):
            self.errors[name] = message

    procestype = zgw_standins.referentielijsten.records("procestypen")[0]["url"]
    form = Form()
    check_selectielijst_fields(form, {"selection_list_process_type": procestype})
    assert form.errors == {}
    check_selectielijst_fields(form, {"selection_list_process_type": "https://elders.nl/p/1"})
    assert "selection_list_process_type" in form.errors
