"""The notice of default (ingebrekestelling, Awb 4:17(3)): the gate that records one.

What the dwangsom then is, is read by ``cases.penalty.case_penalty``; this service only
records the notice, whatever it means for the penalty. A premature notice, one on a lex
silencio case (Awb 4:20a(2)) or one where Awb 4:17(6) rules out a penalty is recorded
too: the applicant sent it, and the case page says why no penalty follows.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from achterkant.cases.models import Case, CaseDefaultNotice, CaseEvent
from achterkant.cases.services.common import (
    authorize,
    emit_case_event,
    ensure_open,
    lock_case,
    log_case_write,
)
from achterkant.catalog.models import Channel


@transaction.atomic
def register_default_notice(
    *,
    actor,
    case: Case,
    received_on: date,
    channel: str,
    note: str = "",
    no_penalty_reason: str = "",
) -> CaseDefaultNotice:
    """Record that the applicant's written notice of default arrived on ``received_on``.

    Staff with ``cases.change_case``, on an open case. ``received_on`` lies between the
    case's start date and today. ``no_penalty_reason`` (a
    :class:`CaseDefaultNotice.NoPenaltyReason`) is the case worker's finding that Awb
    4:17(6) rules out a dwangsom; empty when it does not.
    """
    actor = authorize(actor, "cases.change_case", case=case)
    case = lock_case(case)
    ensure_open(actor=actor, case=case)
    today = timezone.localdate()
    errors = {}
    if received_on is None:
        errors["received_on"] = "Vul de datum in waarop de ingebrekestelling is ontvangen."
    elif received_on > today:
        errors["received_on"] = "De datum van ontvangst kan niet in de toekomst liggen."
    elif received_on < case.start_date:
        errors["received_on"] = (
            f"De ingebrekestelling kan niet voor de startdatum van de zaak "
            f"({case.start_date:%d-%m-%Y}) zijn ontvangen."
        )
    if channel not in Channel.values:
        errors["channel"] = "Kies hoe de ingebrekestelling binnenkwam."
    if no_penalty_reason and no_penalty_reason not in CaseDefaultNotice.NoPenaltyReason.values:
        errors["no_penalty_reason"] = "Kies een reden uit de lijst, of laat het veld leeg."
    if errors:
        raise ValidationError(errors)
    notice = CaseDefaultNotice.objects.create(
        case=case, received_on=received_on, channel=channel, note=note.strip(),
        no_penalty_reason=no_penalty_reason, created_by=actor.log_user,
    )  # fmt: skip
    text = f"ontvangen op {received_on:%d-%m-%Y} via {notice.get_channel_display()}"
    if no_penalty_reason:
        text += f"; geen dwangsom: {notice.get_no_penalty_reason_display()}"
    if notice.note:
        text += f". {notice.note}"
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.NOTICE_OF_DEFAULT, actor=actor.log_user, text=text
    )
    log_case_write(actor=actor, case=case)
    emit_case_event(actor=actor, case=case)
    return notice
