"""Every case service writes the processing log (verwerkingenlogging) for the citizen."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from achterkant.audit.models import ProcessingLogEntry
from achterkant.cases.services import (
    add_document,
    add_role,
    close_case,
    extend_case,
    reopen_case,
    set_result,
    set_status,
    suspend_case,
)
from achterkant.catalog.models import ResultType, RoleType

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
OTHER_BSN = "999990019"


def _entries(tenant, case, actor, object_type):
    return list(
        ProcessingLogEntry.objects.filter(
            actor=actor, object_type=object_type, object_id=case.number
        ).values_list("action", "bsn")
    )


def test_set_status_is_logged(tenant_a):
    case = tenant_a.open_case()
    worker = tenant_a.staff["worker"]
    with tenant_a.active():
        set_status(actor=worker, case=case, status_type=tenant_a.status_type(2))
        assert _entries(tenant_a, case, worker, "zaak") == [("update", tenant_a.person.bsn)]
        # Informeren read the person's address: that is logged too.
        assert ProcessingLogEntry.objects.filter(
            actor=worker, action="read", object_type="persoon"
        ).exists()


def test_add_role_is_logged_for_the_initiator_and_the_new_person(tenant_a):
    case = tenant_a.open_case()
    worker = tenant_a.staff["worker"]
    with tenant_a.active():
        role_type = RoleType.objects.get(
            case_type=tenant_a.case_type, generic_description="initiator"
        )
        add_role(actor=worker, case=case, role_type=role_type, subject_type="natuurlijk_persoon",
                 bsn=OTHER_BSN, authorisation="gemachtigde")  # fmt: skip
        assert sorted(_entries(tenant_a, case, worker, "rol")) == sorted(
            [("create", tenant_a.person.bsn), ("create", OTHER_BSN)]
        )


def test_add_document_is_logged(tenant_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    case = tenant_a.open_case()
    worker = tenant_a.staff["worker"]
    with tenant_a.active():
        add_document(actor=worker, case=case, title="Foto",
                     upload=SimpleUploadedFile("a.pdf", PDF))  # fmt: skip
        assert _entries(tenant_a, case, worker, "document") == [("create", tenant_a.person.bsn)]


@pytest.mark.parametrize("operation", ["suspend", "extend"])
def test_the_awb_clock_is_logged(tenant_a, today, operation):
    today(date(2026, 3, 2))
    case = tenant_a.open_case(start_date=date(2026, 2, 9))
    worker = tenant_a.staff["worker"]
    with tenant_a.active():
        if operation == "suspend":
            suspend_case(actor=worker, case=case, reason="Tekening",
                         term_ends_on=date(2026, 3, 30))  # fmt: skip
        else:
            extend_case(actor=worker, case=case, reason="Advies nodig")
        assert _entries(tenant_a, case, worker, "zaak") == [("update", tenant_a.person.bsn)]


def test_reopen_is_logged_as_the_team_lead(tenant_a):
    case = tenant_a.open_case()
    worker, lead = tenant_a.staff["worker"], tenant_a.staff["lead"]
    with tenant_a.active():
        result_type = ResultType.objects.get(case_type=tenant_a.case_type, description="Opgelost")
        set_result(actor=worker, case=case, result_type=result_type)
        close_case(actor=worker, case=case)
        lead.user_permissions.add(Permission.objects.get(codename="reopen_case"))
        lead = type(lead).objects.get(pk=lead.pk)
        reopen_case(actor=lead, case=case, reason="Niet opgelost")
        assert _entries(tenant_a, case, lead, "zaak") == [("update", tenant_a.person.bsn)]
