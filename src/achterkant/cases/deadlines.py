"""The Awb clock of one case: the worktime arithmetic applied to what the case records.

Screens and messages do not call this: they read ``cases.promise.case_promise``.
"""

from datetime import date, timedelta

from django.utils import timezone

from achterkant.cases.models import Case, CaseSuspension
from achterkant.worktime.awb import AwbDeadline, Suspension, awb_deadline
from achterkant.worktime.calendar import atw_term_end
from achterkant.worktime.durations import atw_applies, parse_iso_duration
from achterkant.worktime.holiday_calendar import WorkCalendar

_UNREAD = object()  # announced_decision_date: the caller did not read the extension
# Awb 6:7: "De termijn voor het indienen van een bezwaar- of beroepschrift bedraagt zes weken."
OBJECTION_TERM = "P6W"


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
    if not moves_legal_date(extension):
        extension = None  # a notice of delay leaves the legal date (Awb 4:14(1))
    return awb_deadline(
        received_on=case.start_date,
        term=parse_iso_duration(case_type.lead_time) if case_type.lead_time else None,
        suspensions=[suspension_interval(s) for s in suspensions],
        extension=parse_iso_duration(extension.term) if extension else None,
        lex_silencio=case_type.lex_silencio,
        today=today,
        calendar=calendar,
        atw=atw_applies_to(case_type.lead_time, extension.term if extension else ""),
    )


def atw_applies_to(lead_time: str, extension_term: str = "") -> bool:
    """Whether the Atw moves the last day of this decision term (Atw art. 4).

    Decided from the terms as written: an extended term ends on the extension's last
    day, so the extension's term decides; otherwise the case type's (no statutory term:
    the 8 weeks of Awb 4:13(2), which the Atw covers).
    """
    return atw_applies(extension_term or lead_time or "P8W")


def moves_legal_date(extension) -> bool:
    """Whether ``extension`` (a ``CaseExtension`` or None) moves the legal decision date.

    Awb 4:14(1): where a statute sets the decision term, a notice of delay
    (verdagingsmededeling) does not move it; only a statutory power to extend does, or
    4:14(3) for a term the statute does not set (``kind`` statutory).
    """
    return extension is not None and getattr(extension, "moves_legal_date", True)


def announced_decision_date(
    case: Case, deadline: AwbDeadline | None, *, extension=_UNREAD, calendar=None
) -> date | None:
    """The decision date we told the applicant after a notice of delay (Awb 4:14(1)).

    Not a legal date: the legal ``deadline.decision_due`` stays where the statute puts
    it, and after it the applicant may send a notice of default (Awb 4:17). We count
    the notice's term as an extension would be counted: the last day of the original
    term plus the notice's term plus the suspended days, and then the Atw (as for the
    legal date), so the date told falls on a working day. None when the case has no
    notice of delay (a statutory extension moves ``decision_due`` itself) or no
    ``deadline`` (a closed case).

    ``deadline`` is ``case_deadline(case, …)``; pass the ``extension`` when it was read
    already (None: the case has none).
    """
    if deadline is None:
        return None
    if extension is _UNREAD:
        extension = case.extension if case.pk is not None and _has_extension(case) else None
    if extension is None or moves_legal_date(extension):
        return None
    term_end = (
        deadline.received_on
        + deadline.term
        + parse_iso_duration(extension.term)
        + timedelta(days=deadline.suspended_days)
    )
    if not atw_applies_to(case.case_type.lead_time, extension.term):
        return term_end
    return atw_term_end(
        deadline.received_on, term_end, calendar=WorkCalendar() if calendar is None else calendar
    )


def _has_extension(case: Case) -> bool:
    try:
        case.extension  # noqa: B018 - reverse one-to-one raises when missing
    except Case.extension.RelatedObjectDoesNotExist:
        return False
    return True


def objection_deadline(decision, *, calendar: WorkCalendar | None = None) -> date:
    """The last day to object to ``decision`` (bezwaar, Awb 6:7 and 6:8): THE place for it.

    Every screen, letter and message that names the date reads it here. The uiterlijke
    reactiedatum registered with the decision (a system may set it, as the Besluiten API
    allows) wins. Otherwise the term is the decision type's reactietermijn, else the six
    weeks of Awb 6:7, and it starts the day after the decision was made known (6:8): the
    day it was sent, else published, else the day it was taken (the desk sends a decision
    the day it records it). The Atw moves a last day on a weekend or holiday.
    """
    if decision.response_deadline is not None:
        return decision.response_deadline
    made_known = decision.sent_on or decision.publication_date or decision.decided_on
    term = decision.decision_type.reaction_term or OBJECTION_TERM
    last_day = made_known + parse_iso_duration(term)
    if not atw_applies(term):
        return last_day
    return atw_term_end(made_known, last_day, calendar=calendar)
