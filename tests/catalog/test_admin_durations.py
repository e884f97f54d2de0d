"""Terms as a number plus a unit on the status types and result types of a case type too
(issue 17): the same ISO 8601 string in storage, years for archive terms."""

from datetime import date

import pytest

from achterkant.catalog.admin_forms import DURATION_FIELDS
from achterkant.catalog.duration_field import ARCHIVE_TERM_UNITS, split_duration
from achterkant.catalog.models import ResultType, StatusType
from achterkant.catalog.services import case_type_new_version
from tests.catalog.test_admin_product_and_terms import _form_data


@pytest.fixture
def concept(tenant_a):
    with tenant_a.active():
        concept = case_type_new_version(case_type=tenant_a.case_type, valid_from=date(2027, 1, 1))
        StatusType.objects.filter(case_type=concept, sequence=2).update(lead_time="P3D")
        ResultType.objects.filter(case_type=concept, description="Opgelost").update(
            archive_action_term="P10Y",
            source_date_derivation="termijn",
            source_date_process_term="P1Y2M",
        )
    return concept


def _rows(data: dict, prefix: str, key: str, value: str) -> int:
    """The inline row whose ``key`` has ``value``."""
    for index in range(int(data[f"{prefix}-TOTAL_FORMS"])):
        if data.get(f"{prefix}-{index}-{key}") == value:
            return index
    raise AssertionError(f"no {prefix} row with {key}={value}")


def test_years_split_and_join_exactly():
    assert split_duration("P10Y", ARCHIVE_TERM_UNITS) == (10, "years")
    assert split_duration("P20D", ARCHIVE_TERM_UNITS) == (20, "calendar_days")
    assert split_duration("P1Y2M", ARCHIVE_TERM_UNITS) is None


def test_every_term_of_the_catalogue_admin_is_a_number_and_unit():
    from achterkant.catalog.models import CaseType, DecisionType
    from achterkant.worktime.durations import IsoDurationField

    terms = {
        (model, field.name)
        for model in (CaseType, DecisionType, StatusType, ResultType)
        for field in model._meta.get_fields()
        if isinstance(field, IsoDurationField)
    }
    assert terms <= set(DURATION_FIELDS)


def test_status_and_result_terms_round_trip_through_the_change_view(tenant_a, concept):
    client = tenant_a.client("admin")
    url = f"/admin/catalog/casetype/{concept.pk}/change/"
    page = client.get(url).content.decode()
    data = _form_data(page, "casetype_form")
    status = _rows(data, "status_types", "name", "Ingepland")
    result = _rows(data, "result_types", "description", "Opgelost")
    st, rt = f"status_types-{status}", f"result_types-{result}"
    assert (data[f"{st}-lead_time_amount"], data[f"{st}-lead_time_unit"]) == ("3", "calendar_days")
    assert (data[f"{rt}-archive_action_term_amount"], data[f"{rt}-archive_action_term_unit"]) == (
        "10", "years"
    )  # fmt: skip
    assert data[f"{rt}-source_date_process_term"] == "P1Y2M"  # kept as it is, with a note
    assert "1 jaar en 2 maanden" in page
    assert ">jaren</option>" in page

    response = client.post(url, {**data, "_save": "Opslaan"})  # saved untouched
    assert response.status_code == 302, response.content.decode()
    with tenant_a.active():
        status_type = StatusType.objects.get(case_type=concept, sequence=2)
        result_type = ResultType.objects.get(case_type=concept, description="Opgelost")
    assert status_type.lead_time == "P3D"
    assert (result_type.archive_action_term, result_type.source_date_process_term) == (
        "P10Y", "P1Y2M"
    )  # fmt: skip

    data.update({
        f"{st}-lead_time_amount": "2", f"{st}-lead_time_unit": "weeks",
        f"{rt}-archive_action_term_amount": "20", f"{rt}-archive_action_term_unit": "years",
        f"{rt}-source_date_process_term_amount": "", f"{rt}-source_date_process_term_unit": "",
        f"{rt}-source_date_process_term": "", f"{rt}-source_date_derivation": "afgehandeld",
    })  # fmt: skip
    assert client.post(url, data).status_code == 302
    with tenant_a.active():
        status_type.refresh_from_db()
        result_type.refresh_from_db()
    assert status_type.lead_time == "P2W"
    assert (result_type.archive_action_term, result_type.source_date_process_term) == (
        "P20Y", ""
    )  # fmt: skip


def test_a_bad_status_or_result_term_is_a_dutch_error_and_nothing_is_stored(tenant_a, concept):
    client = tenant_a.client("admin")
    url = f"/admin/catalog/casetype/{concept.pk}/change/"
    data = _form_data(client.get(url).content.decode(), "casetype_form")
    status = _rows(data, "status_types", "name", "Ingepland")
    result = _rows(data, "result_types", "description", "Opgelost")
    data.update({
        f"status_types-{status}-lead_time_amount": "5",
        f"status_types-{status}-lead_time_unit": "",  # a number without a unit
        f"result_types-{result}-archive_action_term_amount": "200",
        f"result_types-{result}-archive_action_term_unit": "years",
    })  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kies bij het aantal ook een eenheid." in page
    assert "vul een termijn van hoogstens 100 jaar in" in page
    with tenant_a.active():
        assert StatusType.objects.get(case_type=concept, sequence=2).lead_time == "P3D"
        result_type = ResultType.objects.get(case_type=concept, description="Opgelost")
    assert result_type.archive_action_term == "P10Y"


def test_working_days_are_not_offered_for_status_and_archive_terms(tenant_a, concept):
    page = tenant_a.client("admin").get(f"/admin/catalog/casetype/{concept.pk}/change/")
    html = page.content.decode()
    status_select = html.split('name="status_types-0-lead_time_unit"')[1].split("</select>")[0]
    assert "kalenderdagen" in status_select and "werkdagen" not in status_select.replace(
        "kalenderdagen", ""
    )
    assert "jaren" not in status_select  # a step takes days, weeks or months
