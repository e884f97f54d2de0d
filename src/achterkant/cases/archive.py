"""Archive dates when a case closes, derived from its result type (Catalogi API rules).

The archive action date is the source date (brondatum archiefprocedure) plus the
result type's archive action term. How the source date is found depends on the result
type's derivation; where it cannot be known yet, the date stays empty and the archivist
sets it later.
"""

from datetime import date, datetime

from django.db.models import Max

from achterkant.cases.models import Case, CaseProperty, CaseRelation
from achterkant.cases.models.parts import CaseObject
from achterkant.catalog.models import ResultType
from achterkant.worktime.durations import parse_iso_duration

SourceDate = ResultType.SourceDate


def _as_date(value: object) -> date | None:
    """A date written as ``2013-01-01``, ``2013-1-1`` or a date-time; None otherwise."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        day = value.strip().split("T")[0].split(" ")[0]
        return datetime.strptime(day, "%Y-%m-%d").date()
    except ValueError:
        return None


def _property_date(case: Case, name: str) -> date | None:
    """The date in a property; empty when missing or not a date."""
    value = (
        CaseProperty.objects.filter(case=case, property_type__name=name)
        .values_list("value", flat=True)
        .first()
    )
    return _as_date(value)


def _object_date(case: Case, object_type: str, attribute: str) -> date | None:
    """The latest date in ``attribute`` of the case's objects of ``object_type`` (zrc-021h:
    a WOZ value's waardepeildatum, say); empty when none has one."""
    identifications = CaseObject.objects.filter(case=case, object_type=object_type).values_list(
        "object_identification", flat=True
    )
    found = [
        _as_date(identification.get(attribute))
        for identification in identifications
        if isinstance(identification, dict)
    ]
    return max((day for day in found if day), default=None)


def _related_cases_end(case: Case) -> date | None:
    """The last end date of the related cases, once every one of them is closed."""
    ends = list(CaseRelation.objects.filter(case=case).values_list("other__end_date", flat=True))
    if not ends or None in ends:
        return None
    return max(ends)


def source_date(case: Case, result_type: ResultType) -> date | None:
    derivation = result_type.source_date_derivation
    if derivation == SourceDate.CLOSED:
        return case.end_date
    if derivation == SourceDate.TERM:
        if not result_type.source_date_process_term or case.end_date is None:
            return None
        return case.end_date + parse_iso_duration(result_type.source_date_process_term)
    if derivation == SourceDate.PROPERTY:
        return _property_date(case, result_type.source_date_attribute)
    if derivation in (SourceDate.DECISION_START, SourceDate.DECISION_EXPIRY):
        field = "effective_from" if derivation == SourceDate.DECISION_START else "expires_on"
        return case.decisions.aggregate(last=Max(field))["last"]
    if derivation == SourceDate.MAIN_CASE and case.main_case_id:
        return Case.objects.filter(pk=case.main_case_id).values_list("end_date", flat=True)[0]
    if derivation == SourceDate.RELATED_CASE:
        return _related_cases_end(case)
    if derivation == SourceDate.CASE_OBJECT:
        return _object_date(
            case, result_type.source_date_object_type, result_type.source_date_attribute
        )
    # ander_datumkenmerk: a date in another register, set by hand by the archivist.
    return None


def archive_fields_on_close(case: Case) -> dict:
    """The archive fields to store when ``case`` closes with its result.

    An archive nomination already on the case (set by the archivist) is kept. The
    retention start date (startdatum bewaartermijn) only means something for a case
    that will be destroyed, so it stays empty for one that is kept forever.
    """
    result_type = case.result.result_type
    fields = {}
    nomination = case.archive_nomination
    if not nomination:
        nomination = fields["archive_nomination"] = result_type.archive_nomination
    start = source_date(case, result_type)
    destroy = nomination == ResultType.ArchiveNomination.DESTROY
    fields["retention_start_date"] = start if destroy else None
    if start is not None and result_type.archive_action_term:
        fields["archive_action_date"] = start + parse_iso_duration(result_type.archive_action_term)
        fields["archive_status"] = Case.ArchiveStatus.PENDING
    else:
        fields["archive_action_date"] = None
    return fields
