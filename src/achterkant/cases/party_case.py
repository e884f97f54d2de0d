"""What a citizen or company sees of one of their own cases: where it stands, and the
decisions with how to object.

Reads only, for a case from ``selectors.case_get_for_party`` (which checks it is theirs
and logs the read): the case type's steps with the ones done, and each decision with its
outcome and the last day to object. The dates come from ``cases.deadlines``, the one
place for them; nothing is counted here.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from achterkant.cases.deadlines import objection_deadline
from achterkant.cases.models import Case, Decision
from achterkant.worktime.holiday_calendar import WorkCalendar


@dataclass(frozen=True)
class Step:
    """One status of the case type, as the citizen's stepper shows it."""

    name: str
    text: str  # the status text for the citizen, "" without one
    state: str  # "done", "current" or "todo"
    is_current: bool  # where the case stands (aria-current); done too once the case is closed
    reached_on: date | None  # the last time the case got this status
    # What the worker wrote with it that last time, if they shared it; "" otherwise.
    explanation: str = ""


@dataclass(frozen=True)
class HistoryItem:
    """One line of "what happened to your case": a status reached, or a note the case
    worker chose to share (``CaseEvent.shared_with_party``); internal notes never."""

    at: datetime
    text: str
    is_note: bool
    # A status's explanation the worker shared (``CaseStatus.shared_with_party``); "" else.
    explanation: str = ""


@dataclass(frozen=True)
class DecisionView:
    decision: Decision  # with its decision type
    outcome: str  # in plain words: "verleend", "geweigerd", ...
    objection_until: date


def case_steps(case: Case) -> list[Step]:
    """The case type's statuses in order: done, the current one, and those to come.

    One query, for the status types; the history is the one ``case_get_for_party``
    prefetched. A status the case went back from counts by its place in the order, not
    by whether it was ever set: the stepper shows where the case stands now.
    """
    from achterkant.catalog.models import StatusType

    current = case.current_status.status_type if case.current_status_id else None
    reached: dict[int, date] = {}
    explained: dict[int, str] = {}
    for status in case.statuses.all():  # oldest first: the last time wins
        reached[status.status_type_id] = timezone.localdate(status.set_at)
        explained[status.status_type_id] = shared_explanation(status)
    closed = case.end_date is not None
    steps = []
    for status_type in StatusType.objects.filter(case_type_id=case.case_type_id).order_by(
        "sequence", "pk"
    ):
        if current is None or status_type.sequence > current.sequence:
            state = "todo"
        elif status_type.sequence < current.sequence or closed:
            state = "done"
        else:
            state = "current"
        steps.append(
            Step(
                name=status_type.name,
                text=status_type.citizen_text,
                state=state,
                is_current=current is not None and status_type.pk == current.pk,
                reached_on=reached.get(status_type.pk) if state != "todo" else None,
                explanation=explained.get(status_type.pk, "") if state != "todo" else "",
            )
        )
    return steps


def case_decisions(case: Case) -> list[DecisionView]:
    """The case's decisions (prefetched by ``case_get_for_party``), each with its outcome
    in plain words and the last day to object (``deadlines.objection_deadline``).

    The outcome is the case's result once it has one ("Verleend"), else what the
    decision type says ("Vergunning verleend"), starting in lower case as it sits in a
    sentence ("Uitkomst: vergunning verleend").
    """
    result = getattr(case, "result", None)  # read by case_get_for_party; None without one
    calendar = WorkCalendar()
    views = []
    for decision in case.decisions.all():
        outcome = (result.result_type.description if result else "") or (
            decision.decision_type.description
        )
        views.append(
            DecisionView(
                decision=decision,
                outcome=outcome[:1].lower() + outcome[1:],
                objection_until=objection_deadline(decision, calendar=calendar),
            )
        )
    return views


def shared_explanation(status) -> str:
    """A status's explanation as the applicant may read it: only when the worker shared
    it (``CaseStatus.shared_with_party``); an internal one is "" here."""
    return status.note if status.shared_with_party else ""


def party_history(case: Case) -> list[HistoryItem]:
    """The case's statuses (with the explanations shared with the applicant) and the
    notes shared with them, oldest first; from what ``case_get_for_party`` read (no
    query)."""
    items = [
        HistoryItem(
            at=status.set_at,
            text=status.status_type.citizen_text or status.status_type.name,
            is_note=False,
            explanation=shared_explanation(status),
        )
        for status in case.statuses.all()
    ]
    items += [
        HistoryItem(at=note.at, text=note.text, is_note=True)
        for note in getattr(case, "shared_notes", [])
    ]
    return sorted(items, key=lambda item: item.at)
