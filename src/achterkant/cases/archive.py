"""Archive dates when a case closes, derived from its result type (Catalogi API rules).

The archive action date is the source date (brondatum archiefprocedure) plus the
result type's archive action term. How the source date is found depends on the result
type's derivation; where it cannot be known yet, the date stays empty and the status
says so.
"""

from datetime import date

from django.db.models import Max

from achterkant.cases.models import Case, CaseProperty
from achterkant.catalog.models import ResultType
from achterkant.worktime.durations import parse_iso_duration

SourceDate = ResultType.SourceDate


def source_date(case: Case, result_type: ResultType) -> date | None:
    derivation = result_type.source_date_derivation
    if derivation == SourceDate.CLOSED:
        return case.end_date
    if derivation == SourceDate.TERM:
        if not result_type.source_date_process_term or case.end_date is None:
            return None
        return case.end_date + parse_iso_duration(result_type.source_date_process_term)
    if derivation == SourceDate.PROPERTY:
        value = (
            CaseProperty.objects.filter(
                case=case, property_type__name=result_type.source_date_attribute
            )
            .values_list("value", flat=True)
            .first()
        )
        return date.fromisoformat(value[:10]) if value else None
    if derivation in (SourceDate.DECISION_START, SourceDate.DECISION_EXPIRY):
        field = "effective_from" if derivation == SourceDate.DECISION_START else "expires_on"
        return case.decisions.aggregate(last=Max(field))["last"]
    if derivation == SourceDate.MAIN_CASE and case.main_case_id:
        return case.main_case.end_date
    # ander_datumkenmerk, gerelateerde_zaak, zaakobject: set by hand by the archivist.
    return None


def archive_fields_on_close(case: Case) -> dict:
    result_type = case.result.result_type
    fields = {"archive_nomination": result_type.archive_nomination}
    start = source_date(case, result_type)
    fields["retention_start_date"] = start
    if start is not None and result_type.archive_action_term:
        fields["archive_action_date"] = start + parse_iso_duration(result_type.archive_action_term)
        fields["archive_status"] = Case.ArchiveStatus.PENDING
    else:
        fields["archive_action_date"] = None
    return fields
