"""The Awb clock of one case: the worktime arithmetic applied to what the case records.

Screens and messages do not call this: they read ``cases.promise.case_promise``.
"""

from datetime import date

from django.utils import timezone

from achterkant.cases.models import Case, CaseSuspension
from achterkant.worktime.awb import AwbDeadline, Suspension, awb_deadline
from achterkant.worktime.durations import parse_iso_duration
from achterkant.worktime.holiday_calendar import WorkCalendar


def suspension_interval(suspension: CaseSuspension) -> Suspension:
    """The days a suspension covers (Awb 4:15).

    It ends on completion or when its set term lapses, whichever is first. One still
    running counts up to its set term, the latest it can last: so the decision date
    shown while we wait is the true latest date and does not move day by day. An
    earlier answer ends it earlier and brings the date forward.
    """
    if suspension.ended_on is not None:
        return Suspension(
            start=suspension.requested_on, end=min(suspension.ended_on, suspension.term_ends_on)
        )
    return Suspension(start=suspension.requested_on, end=suspension.term_ends_on)


def case_deadline(
    case: Case,
    *,
    today: date | None = None,
    is_new: bool = False,
    calendar: WorkCalendar | None = None,
    suspensions: list[CaseSuspension] | None = None,
    extension=None,
) -> AwbDeadline:
    """The decision due date, lex silencio and publication dates for ``case``.

    Uses the prefetched ``suspensions`` and ``extension`` when present; a new case
    (``is_new``) has neither, so nothing is read. Pass one ``calendar`` when computing
    many cases, so the holidays are read once. ``today`` only sets ``days_left``. A caller
    that already read the ``suspensions`` and ``extension`` passes them.
    """
    case_type = case.case_type
    today = today or timezone.localdate()
    if suspensions is None:
        extension = case.extension if not is_new and _has_extension(case) else None
        suspensions = [] if is_new else case.suspensions.all()
    return awb_deadline(
        received_on=case.start_date,
        term=parse_iso_duration(case_type.lead_time) if case_type.lead_time else None,
        suspensions=[suspension_interval(s) for s in suspensions],
        extension=parse_iso_duration(extension.term) if extension else None,
        lex_silencio=case_type.lex_silencio,
        today=today,
        calendar=calendar,
    )


def _has_extension(case: Case) -> bool:
    try:
        case.extension  # noqa: B018 - reverse one-to-one raises when missing
    except Case.extension.RelatedObjectDoesNotExist:
        return False
    return True
