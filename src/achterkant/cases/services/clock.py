"""The Awb clock: suspend (4:15), resume, and extend once (4:14)."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from achterkant.cases.deadlines import announced_decision_date, case_deadline
from achterkant.cases.errors import CaseError
from achterkant.cases.models import Case, CaseEvent, CaseExtension, CaseSuspension
from achterkant.cases.promise import CasePromise, case_promise
from achterkant.cases.services.common import (
    authorize,
    emit_case_event,
    ensure_open,
    inform_initiator,
    lock_case,
    log_case_write,
)
from achterkant.cases.sla import refresh_promise
from achterkant.worktime.durations import describe_duration, parse_iso_duration

# A term for completing an application is weeks, not years; this also keeps dates sane.
MAX_SUSPENSION_TERM = timedelta(days=366)


@transaction.atomic
def suspend_case(
    *, actor, case: Case, reason: str, term_ends_on: date, requested_on: date | None = None
) -> CaseSuspension:
    """Suspend the decision term (opschorting, Awb 4:15) until ``term_ends_on`` at the latest.

    Needs a reason and a term: without a term set for completing the application,
    the law allows no suspension. The request (``requested_on``, default today) lies
    between the case's start date and today: the clock cannot stop before it started,
    nor for a request that has not been sent yet.
    """
    actor = authorize(actor, "cases.change_case", case=case)
    case = lock_case(case)
    ensure_open(actor=actor, case=case)
    if not case.case_type.suspension_possible:
        raise CaseError(f"Zaaktype '{case.case_type.description}' staat opschorten niet toe.")
    today = timezone.localdate()
    # A suspension whose term lapsed has ended by law (4:15): record that first.
    case.suspensions.filter(ended_on__isnull=True, term_ends_on__lte=today).update(
        ended_on=F("term_ends_on")
    )
    if case.suspensions.filter(ended_on__isnull=True).exists():
        raise CaseError("Deze zaak is al opgeschort. Beëindig eerst de lopende opschorting.")
    requested_on = requested_on or today
    due = case_promise(case).decision_due
    if due is not None and requested_on > due:
        raise CaseError(
            f"De beslistermijn van zaak {case.number} is op {due:%d-%m-%Y} verstreken. "
            "Opschorten kan alleen een termijn die nog loopt (Awb 4:15)."
        )
    errors = {}
    if not reason.strip():
        errors["reason"] = "Vul de reden van de opschorting in."
    if requested_on < case.start_date:
        errors["requested_on"] = (
            f"Het verzoek kan niet voor de startdatum van de zaak "
            f"({case.start_date:%d-%m-%Y}) liggen."
        )
    elif requested_on > today:
        errors["requested_on"] = "Het verzoek kan niet in de toekomst liggen."
    if term_ends_on <= requested_on:
        errors["term_ends_on"] = "De termijn moet na de datum van het verzoek eindigen."
    elif term_ends_on > today + MAX_SUSPENSION_TERM:
        errors["term_ends_on"] = "Kies een termijn van hoogstens een jaar."
    if errors:
        raise ValidationError(errors)
    suspension = CaseSuspension.objects.create(
        case=case, reason=reason, requested_on=requested_on, term_ends_on=term_ends_on,
        created_by=actor.log_user,
    )  # fmt: skip
    refresh_promise(case)
    log_case_write(actor=actor, case=case)
    emit_case_event(actor=actor, case=case)
    return suspension


@transaction.atomic
def resume_case(*, actor, case: Case, on: date | None = None) -> CasePromise:
    """End the running suspension: the applicant completed the application on ``on``.

    ``on`` (default today) lies between the day of the request and today. A day after
    the set term counts as the end of the term, when the suspension lapsed anyway. The
    applicant may do this themselves (answering in Mijn gemeente).
    """
    actor = authorize(actor, "cases.change_case", case=case, owner_may=True)
    case = lock_case(case)
    ensure_open(actor=actor, case=case)
    suspension = case.suspensions.filter(ended_on__isnull=True).order_by("-requested_on").first()
    if suspension is None:
        raise CaseError(f"Zaak {case.number} is niet opgeschort.")
    today = timezone.localdate()
    on = on or today
    if on < suspension.requested_on:
        raise ValidationError(
            {"on": "De aanvulling kan niet voor het verzoek "
                   f"({suspension.requested_on:%d-%m-%Y}) zijn ontvangen."}
        )  # fmt: skip
    if on > today:
        raise ValidationError({"on": "De datum van de aanvulling kan niet in de toekomst liggen."})
    suspension.ended_on = min(on, suspension.term_ends_on)
    suspension.save(update_fields=["ended_on"])
    refresh_promise(case)
    log_case_write(actor=actor, case=case)
    emit_case_event(actor=actor, case=case)
    return case_promise(case)


@transaction.atomic
def extend_case(*, actor, case: Case, reason: str, term: str | None = None) -> CaseExtension:
    """Extend the decision term once (Awb 4:14), and tell the applicant the new date.

    ``term`` (ISO 8601, in weeks or days, e.g. ``P2W``) is the extension actually used;
    it lies above 0 and at most the case type's extension term, which is also the
    default. Awb 4:14(3) asks for "een zo kort mogelijke termijn". What it moves
    depends on the case type's ``extension_kind``: a statutory extension (verdaging)
    moves the legal decision date; a notice of delay (verdagingsmededeling, where a
    statute sets the term, 4:14(1)) leaves the legal date and only gives the applicant
    an expected date (``cases.deadlines.announced_decision_date``).

    Only before the term lapses: refused once today is past the decision due date. The
    applicant must be told with the new date; we queue an e-mail. When there is no
    e-mail address, or the person register cannot be reached, the extension still
    stands and ``extension.applicant_informed`` is ``False``: the caller must then tell
    the applicant another way (a letter) before the term lapses.
    """
    actor = authorize(actor, "cases.change_case", case=case)
    case = lock_case(case)
    ensure_open(actor=actor, case=case)
    case_type = case.case_type
    if not case_type.extension_possible or not case_type.extension_term:
        raise CaseError(f"Zaaktype '{case_type.description}' staat verlengen niet toe.")
    if CaseExtension.objects.filter(case=case).exists():
        raise CaseError(f"Zaak {case.number} is al eens verlengd. Dat kan maar één keer.")
    due = case_promise(case).decision_due
    if timezone.localdate() > due:
        raise CaseError(
            f"De beslistermijn van zaak {case.number} is op {due:%d-%m-%Y} verstreken. "
            "Verdagen kan alleen voordat de termijn afloopt (Awb 4:14)."
        )
    errors = {}
    if not reason.strip():
        errors["reason"] = "Vul de reden van de verlenging in."
    maximum = case_type.extension_term
    term = (term or "").strip().upper() or maximum
    try:
        chosen = parse_iso_duration(term)
    except ValidationError as error:
        errors["term"] = error.messages[0]
    else:
        # Compared from the end of the original term, so weeks and a maximum in months
        # compare as the calendar of this case has them.
        original_end = case.start_date + parse_iso_duration(case_type.lead_time or "P8W")
        in_hours = "T" in term  # PT48H parses to 2 days: read the text
        if in_hours or (term != maximum and (chosen.years or chosen.months)):
            errors["term"] = "Geef de verlenging in weken of dagen, bijvoorbeeld P2W of P10D."
        elif original_end + chosen <= original_end:
            errors["term"] = "Een verlenging is minstens 1 dag."
        elif original_end + chosen > original_end + parse_iso_duration(maximum):
            errors["term"] = (
                f"Verlengen kan met hoogstens {describe_duration(maximum)}: de "
                "verlengingstermijn van dit zaaktype. Kies een kortere termijn."
            )
    if errors:
        raise ValidationError(errors)
    extension = CaseExtension.objects.create(
        case=case, reason=reason, term=term, kind=case_type.extension_kind,
        created_by=actor.log_user,
    )  # fmt: skip
    refresh_promise(case)
    # After a notice of delay the legal date stays; the applicant hears the date we expect.
    announced = announced_decision_date(case, case_deadline(case), extension=extension)
    extension.applicant_informed = inform_initiator(
        actor=actor,
        case=case,
        event_code="case.extended",
        extension_reason=reason,
        announced_date=announced,
    )
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.EXTENDED, actor=actor.log_user, text=reason
    )
    log_case_write(actor=actor, case=case)
    emit_case_event(actor=actor, case=case)
    return extension
