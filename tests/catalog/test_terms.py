"""Terms the Awb clock cannot count are refused by the catalogue (issue 11, point 4).

The decision term (``lead_time``, Awb 4:13) and the extension term (Awb 4:14) run in
calendar days, weeks, months or years. A term in hours (``PT4H``, ``PT48H``) would crash
``open_case`` or be counted as whole days and moved by the Atw, so the admin, the
catalogue import and publishing all refuse it with the same Dutch message. A service
norm in hours stays allowed: the promise counts working hours.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from achterkant.cases.services import CaseError
from achterkant.catalog.exchange import catalogue_export, catalogue_import
from achterkant.catalog.models import CaseType, Catalogue
from achterkant.catalog.models.case_type import TERM_IN_HOURS_MESSAGES, ExtensionKind
from achterkant.catalog.services import case_type_new_version, case_type_publish
from tests.catalog.test_exchange_and_admin import _add_case_type

LEAD_TIME_IN_HOURS = (
    "Een beslistermijn in uren kan Achterkant niet tellen. Geef de termijn in dagen, "
    "weken, maanden of jaren, bijvoorbeeld P8W."
)


def test_the_message_says_what_to_do_in_plain_dutch():
    assert TERM_IN_HOURS_MESSAGES["lead_time"] == LEAD_TIME_IN_HOURS
    assert "verlengingstermijn in uren" in TERM_IN_HOURS_MESSAGES["extension_term"]


@pytest.mark.parametrize("lead_time", ["PT4H", "PT48H", "P1DT2H", "PT30M"])
def test_the_admin_refuses_a_decision_term_in_hours(tenant_a, lead_time):
    client = tenant_a.client("admin")
    with tenant_a.active():
        catalogue = Catalogue.objects.get()
    response = _add_case_type(client, catalogue, lead_time=lead_time)
    assert response.status_code == 200
    assert LEAD_TIME_IN_HOURS in response.content.decode()
    with tenant_a.active():
        assert not CaseType.objects.filter(identification="ZT-WEB").exists()


def test_the_admin_refuses_an_extension_term_in_hours(tenant_a):
    client = tenant_a.client("admin")
    with tenant_a.active():
        catalogue = Catalogue.objects.get()
    response = _add_case_type(client, catalogue, extension_possible="on", extension_term="PT48H")
    assert response.status_code == 200
    assert TERM_IN_HOURS_MESSAGES["extension_term"] in response.content.decode()
    with tenant_a.active():
        assert not CaseType.objects.filter(identification="ZT-WEB").exists()


@pytest.mark.parametrize("lead_time", ["P8W", "P56D", "P2M10D", "P1Y"])
def test_the_admin_accepts_days_weeks_months_and_years_and_a_norm_in_hours(tenant_a, lead_time):
    client = tenant_a.client("admin")
    with tenant_a.active():
        catalogue = Catalogue.objects.get()
    response = _add_case_type(client, catalogue, lead_time=lead_time, service_norm="PT4H")
    assert response.status_code == 302
    with tenant_a.active():
        saved = CaseType.objects.get(identification="ZT-WEB")
    assert (saved.lead_time, saved.service_norm) == (lead_time, "PT4H")
    assert saved.extension_kind == ExtensionKind.STATUTORY


def test_the_admin_offers_the_extension_kind_awb_4_14(tenant_a):
    page = tenant_a.client("admin").get("/admin/catalog/casetype/add/").content.decode()
    assert 'name="extension_kind"' in page
    assert "verdagingsmededeling: alleen de verwachte datum voor de inwoner schuift op" in page
    client = tenant_a.client("admin")
    with tenant_a.active():
        catalogue = Catalogue.objects.get()
    response = _add_case_type(
        client, catalogue, extension_possible="on", extension_term="P4W",
        extension_kind="notice_of_delay",
    )  # fmt: skip
    assert response.status_code == 302
    with tenant_a.active():
        assert CaseType.objects.get(identification="ZT-WEB").extension_kind == "notice_of_delay"


def _exported(tenant):
    with tenant.active():
        data = catalogue_export(Catalogue.objects.get(domain="ZAKEN"))
    data["catalogue"]["domain"] = "NIEUW"
    return data


@pytest.mark.parametrize("published", [True, False])
def test_the_import_refuses_a_decision_term_in_hours_with_the_same_message(tenant_a, published):
    data = _exported(tenant_a)
    data["case_types"][0]["lead_time"] = "PT4H"
    data["case_types"][0]["is_concept"] = not published
    with tenant_a.active():
        before = CaseType.objects.count()
        with pytest.raises(ValidationError) as refused:
            catalogue_import(data)
        assert refused.value.message_dict == {"lead_time": [LEAD_TIME_IN_HOURS]}
        assert not Catalogue.objects.filter(domain="NIEUW").exists()
        assert CaseType.objects.count() == before


def test_the_import_refuses_an_extension_term_in_hours(tenant_a):
    data = _exported(tenant_a)
    data["case_types"][0]["extension_term"] = "PT48H"
    with tenant_a.active(), pytest.raises(ValidationError) as refused:
        catalogue_import(data)
    assert refused.value.message_dict == {
        "extension_term": [TERM_IN_HOURS_MESSAGES["extension_term"]]
    }


def test_the_export_carries_the_extension_kind_and_an_older_file_means_statutory(tenant_a):
    data = _exported(tenant_a)
    assert data["case_types"][0]["extension_kind"] == "statutory"
    data["case_types"][0]["extension_kind"] = "notice_of_delay"
    with tenant_a.active():
        imported = catalogue_import(data)
        assert imported.case_types.get().extension_kind == "notice_of_delay"
        assert catalogue_export(imported)["case_types"][0]["extension_kind"] == "notice_of_delay"
    older = _exported(tenant_a)
    older["catalogue"]["domain"] = "OUDER"
    del older["case_types"][0]["extension_kind"]  # a file from before the field existed
    with tenant_a.active():
        assert catalogue_import(older).case_types.get().extension_kind == "statutory"


def test_the_import_refuses_an_unknown_extension_kind(tenant_a):
    data = _exported(tenant_a)
    data["case_types"][0]["extension_kind"] = "altijd"
    with tenant_a.active(), pytest.raises(ValidationError) as refused:
        catalogue_import(data)
    assert "extension_kind" in refused.value.message_dict


@pytest.mark.parametrize(
    ("field", "term"), [("lead_time", "PT4H"), ("lead_time", "PT48H"), ("extension_term", "PT4H")]
)
def test_publishing_refuses_a_term_in_hours_so_open_case_cannot_crash(tenant_a, field, term):
    """A concept written past the admin (the ORM, an old row) still cannot be published;
    without a published version, open_case refuses the case instead of crashing."""
    with tenant_a.active():
        concept = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2030, 1, 1))
        CaseType.objects.filter(pk=concept.pk).update(**{field: term})
        concept.refresh_from_db()
        with pytest.raises(ValidationError) as refused:
            case_type_publish(case_type=concept)
        assert TERM_IN_HOURS_MESSAGES[field] in refused.value.messages
        concept.refresh_from_db()
        assert concept.is_concept
        # Only the concept carries the term; the case opened on 2030-01-02 finds no
        # published version of it and uses the published one before it (P8W), no crash.
    case = tenant_a.open_case(start_date=date(2030, 1, 2))
    assert case.case_type.lead_time == "P8W"


def test_open_case_refuses_rather_than_crashes_without_a_countable_published_type(tenant_a):
    with tenant_a.active():
        CaseType.objects.filter(pk=tenant_a.case_type.pk).update(valid_until=date(2020, 12, 31))
        concept = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2021, 1, 1))
        CaseType.objects.filter(pk=concept.pk).update(lead_time="PT4H")
        with pytest.raises(ValidationError):
            case_type_publish(case_type=CaseType.objects.get(pk=concept.pk))
    with pytest.raises(CaseError):
        tenant_a.open_case(start_date=date(2026, 2, 9))
