"""The dwangsom bij niet tijdig beslissen (Awb 4:17–4:20) of one case: read, never stored.

The arithmetic is ``worktime.awb.penalty``; this applies it to what the case records:

* the notices of default (ingebrekestelling, ``CaseDefaultNotice``). A notice received
  on or before the legal decision date is premature (Awb 4:17(3): the term must have
  expired); the penalty counts from the first notice that is not;
* the legal decision date from the case promise (``case_promise(case).decision_due``),
  for a closed case the date stored on it (``latest_end_date``);
* the decision that stops it: the first ``Decision.decided_on`` or the case's end date,
  whichever is first (the day of the decision is not a penalty day);
* no dwangsom where lex silencio applies (Awb 4:20a(2)), or where the case worker found
  that Awb 4:17(6) rules it out (``CaseDefaultNotice.no_penalty_reason``).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from achterkant.cases.models import Case, CaseDefaultNotice
from achterkant.cases.promise import case_promise
from achterkant.worktime.awb import penalty

LEX_SILENCIO_REASON = "van rechtswege gegeven besluit (Awb 4:20a lid 2)"


@dataclass(frozen=True)
class CasePenalty:
    """Where the dwangsom of a case stands on ``today``."""

    notices: tuple[CaseDefaultNotice, ...]  # all notices, oldest first
    notice: CaseDefaultNotice  # the one the penalty counts from; else the first (premature)
    decision_due: date | None  # the legal decision date the notices are measured against
    premature: bool  # no notice came after the legal date: "te vroeg", no penalty
    no_penalty_reason: str  # why no dwangsom is due (with the article); "" when one can be
    first_day: date | None  # the first penalty day (4:17(3)); None when premature
    last_possible_day: date | None  # the 42nd penalty day (4:17(1))
    days: int  # penalty days counted so far, 0–42
    amount: Decimal  # owed so far
    cap: Decimal  # the most it can become (42 days, 4:17(1)–(2))
    stopped_on: date | None  # the decision (or close) that stops it

    @property
    def received_on(self) -> date:
        return self.notice.received_on

    @property
    def owed(self) -> bool:
        return self.amount > 0

    @property
    def running(self) -> bool:
        """Still growing: due, not stopped by a decision, and below the cap."""
        return (
            not self.premature
            and not self.no_penalty_reason
            and self.stopped_on is None
            and self.days < 42
        )


def case_penalty(case: Case, *, today: date | None = None) -> CasePenalty | None:
    """The dwangsom of ``case`` (Awb 4:17), or ``None`` when no notice was received.

    Reads the notices (one query); only when there are any, the case promise and the
    first decision.
    """
    notices = list(CaseDefaultNotice.objects.filter(case=case).order_by("received_on", "pk"))
    if not notices:
        return None
    decision_due = (
        case.latest_end_date if case.end_date is not None else case_promise(case).decision_due
    )
    first_decision = (
        case.decisions.order_by("decided_on").values_list("decided_on", flat=True).first()
    )
    return penalty_for_notices(
        case, notices, decision_due=decision_due, first_decision_on=first_decision, today=today
    )


def penalty_for_notices(
    case: Case,
    notices: Sequence[CaseDefaultNotice],
    *,
    decision_due: date | None,
    first_decision_on: date | None,
    today: date | None = None,
) -> CasePenalty:
    """The dwangsom from what the caller read: for lists, which read it for many cases.

    ``notices`` oldest first; ``decision_due`` the promise's legal date (stored for a
    list: ``stored_case_promise``); ``first_decision_on`` the first decision's date.
    """
    today = today or timezone.localdate()
    stops = [d for d in (first_decision_on, case.end_date) if d is not None]
    stopped_on = min(stops) if stops else None
    counting = next(
        (n for n in notices if decision_due is not None and n.received_on > decision_due), None
    )
    notice = counting or notices[0]
    reason = ""
    if case.case_type.lex_silencio:
        reason = LEX_SILENCIO_REASON
    else:
        marked = next((n for n in (notice, *notices) if n.no_penalty_reason), None)
        if marked is not None:
            reason = marked.get_no_penalty_reason_display()
    if counting is None:
        return CasePenalty(
            notices=tuple(notices), notice=notice, decision_due=decision_due, premature=True,
            no_penalty_reason=reason, first_day=None, last_possible_day=None, days=0,
            amount=Decimal(0), cap=Decimal(0), stopped_on=stopped_on,
        )  # fmt: skip
    so_far = penalty(
        notice_of_default_on=counting.received_on, today=today, decided_on=stopped_on,
        decision_due=decision_due,
    )  # fmt: skip
    cap = penalty(notice_of_default_on=counting.received_on, today=so_far.last_possible_day)
    return CasePenalty(
        notices=tuple(notices),
        notice=counting,
        decision_due=decision_due,
        premature=False,
        no_penalty_reason=reason,
        first_day=so_far.first_day,
        last_possible_day=so_far.last_possible_day,
        days=0 if reason else so_far.days,
        amount=Decimal(0) if reason else so_far.amount,
        cap=Decimal(0) if reason else cap.amount,
        stopped_on=stopped_on,
    )
