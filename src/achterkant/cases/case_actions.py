"""Which actions a staff member can take on a case now: the one place the desk asks.

The services stay the gate (they check again and refuse with a clear reason); this module
only tells a screen what to offer, from the same permissions (``cases.permissions``) and
the same state the services look at, so that a worker is not shown a button that can
only fail. No screen decides this itself.
"""

from dataclasses import dataclass

from achterkant.cases.models import Case
from achterkant.cases.promise import CasePromise

# Every action the case page knows, in the order its side panel lists them.
ALL_ACTIONS = (
    "take", "assign", "status", "info_received", "info_request", "extension", "note",
    "document", "decision", "result", "close", "default_notice", "reopen",
)  # fmt: skip


@dataclass(frozen=True)
class CaseActions:
    """What may be offered; ``names``: in the side panel's order."""

    names: tuple[str, ...]
    has_result: bool = False  # the result form then changes it ("Resultaat wijzigen")

    def __contains__(self, name: str) -> bool:
        return name in self.names


def case_actions(*, user, case: Case, promise: CasePromise, has_next_status: bool) -> CaseActions:
    """The actions ``user`` can take on ``case`` now.

    ``case`` as ``case_page.case_for_page`` reads it (``has_decisions``, ``has_result``,
    ``has_extension``; a plain case costs a query for each it lacks); ``has_next_status``:
    the case type has a status after the current one (``case_form_choices``).

    - Nothing without ``cases.change_case``.
    - A closed case: only reopening, with ``cases.reopen_case``, while it is not archived
      yet (``services.lifecycle.reopen_case``).
    - Taking: while nobody has the case. Assigning: with ``cases.assign_case``.
    - Asking for information while the case type allows a suspension and the clock runs;
      "information received" while it stands still (``services.information``).
    - Extending once, when the case type allows it, before the legal date has passed.
    - A decision with ``cases.add_decision``, until the case has one: the desk records
      the decision of a case once (a correction goes through the Besluiten API or the
      admin, where a decision can be changed or withdrawn).
    - Closing only with a result (``services.lifecycle.set_status`` refuses without).
    """
    if not user.has_perm("cases.change_case"):
        return CaseActions(names=())
    if case.end_date:
        reopen = user.has_perm("cases.reopen_case") and (
            case.archive_status == Case.ArchiveStatus.PENDING
        )
        return CaseActions(names=("reopen",) if reopen else ())
    has_result = _has(case, "result")
    case_type = case.case_type
    wanted = {"note", "document", "default_notice", "result"}
    if case.assignee_id is None:
        wanted.add("take")
    if user.has_perm("cases.assign_case"):
        wanted.add("assign")
    if has_next_status:
        wanted.add("status")
    if promise.clock_stopped:
        wanted.add("info_received")
    elif case_type.suspension_possible:
        wanted.add("info_request")
    if (
        case_type.extension_possible
        and case_type.extension_term
        and not _has(case, "extension")
        and not promise.legal_overdue()
    ):
        wanted.add("extension")
    if user.has_perm("cases.add_decision") and not _has(case, "decisions"):
        wanted.add("decision")
    if has_result:
        wanted.add("close")
    return CaseActions(names=tuple(a for a in ALL_ACTIONS if a in wanted), has_result=has_result)


def _has(case: Case, part: str) -> bool:
    """``case.has_<part>`` as ``case_for_page`` annotates it, else one query."""
    known = getattr(case, f"has_{part}", None)
    if known is not None:
        return bool(known)
    if part == "decisions":
        return case.decisions.exists()
    return type(case).objects.filter(pk=case.pk, **{f"{part}__isnull": False}).exists()
