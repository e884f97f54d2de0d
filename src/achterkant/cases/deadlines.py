"""The Awb clock of one case: the worktime arithmetic applied to what the case records."""

from datetime import date, datetime

from django.utils import timezone

from achterkant.cases.models import Case, CaseSuspension
from achterkant.worktime.awb import AwbDeadline, Suspension, awb_deadline
from achterkant.worktime.durations import parse_iso_duration
from achterkant.worktime.holiday_calendar import WorkCalendar


def suspension_interval(suspension: CaseSuspension, today: date) -> Suspension:
    """A suspension ends on completion or when its set term lapses, whichever is first (4:15)."""
    if suspension.ended_on is not None:
        end = min(suspension.ended_on, suspension.term_ends_on)
    elif today >= suspension.term_ends_on:
        end = suspension.term_ends_on
    else:
        end = None  # still running
    return Suspension(start=suspension.requested_on, end=end)


def case_deadline(
    case: Case,
    *,
    today: date | None = None,
    is_new: bool = False,
    calendar: WorkCalendar | None = None,
) -> AwbDeadline:
    """The decision due date, lex silencio and publication dates for ``case``.

    Uses the prefetched ``suspensions`` and ``extension`` when present; a new case
    (``is_new``) has neither, so nothing is read. Pass one ``calendar`` when computing
    many cases, so the holidays are read once.
    """
    case_type = case.case_type
    today = today or timezone.localdate()
    extension = case.extension if not is_new and _has_extension(case) else None
    suspensions = [] if is_new else case.suspensions.all()
    return awb_deadline(
        received_on=case.start_date,
        term=parse_iso_duration(case_type.lead_time) if case_type.lead_time else None,
        suspensions=[suspension_interval(s, today) for s in suspensions],
        extension=parse_iso_duration(extension.term) if extension else None,
        lex_silencio=case_type.lex_silencio,
        today=today,
        calendar=calendar,
    )


def planned_end_date(case: Case) -> date | None:
    """Einddatum gepland: the start date plus the case type's service norm, if it has one.

    A service norm is a promise, not a statutory term, so the Atw does not apply: no
    shift off a weekend or holiday. The ISO duration is plain calendar arithmetic
    (``P10D`` is 10 calendar days, ``P2W`` 14, ``P1M`` one calendar month). A norm in
    hours or minutes counts from the start of the start date, so ``PT4H`` plans the
    start date itself. Norms in working days are product service norms
    (``ServiceNorm``), counted by ``worktime``; an ISO duration cannot say "working days".
    """
    if not case.case_type.service_norm:
        return None
    end = case.start_date + parse_iso_duration(case.case_type.service_norm)
    return end.date() if isinstance(end, datetime) else end


def _has_extension(case: Case) -> bool:
    try:
        case.extension  # noqa: B018 - reverse one-to-one raises when missing
    except Case.extension.RelatedObjectDoesNotExist:
        return False
    return True


def refresh_deadlines(case: Case) -> AwbDeadline:
    """Recompute and store the dates queues sort on. Call after every clock change."""
    deadline = case_deadline(case)
    case.latest_end_date = deadline.decision_due
    case.planned_end_date = planned_end_date(case)
    Case.objects.filter(pk=case.pk).update(
        latest_end_date=case.latest_end_date, planned_end_date=case.planned_end_date
    )
    return deadline
