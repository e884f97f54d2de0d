"""Finding people. Every lookup is logged: who looked, whose data, and why."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from achterkant.audit.models import Action
from achterkant.audit.services import (
    Purpose,
    processing_log_entries,
    processing_log_record,
    processing_log_write,
)
from achterkant.identity.actors import require
from achterkant.identity.lookup import (
    CompanyRecord,
    LookupContext,
    PersonRecord,
    get_company_lookup,
    get_person_lookup,
)
from achterkant.identity.validators import clean_bsn, clean_kvk_number

VIEW_PERSON = "identity.view_person"
NO_VIEW_PERSON = "U heeft geen toestemming om personen op te zoeken."


def _context(actor, purpose: str) -> LookupContext:
    return LookupContext(purpose=purpose, processing=purpose, user=actor.username)


@transaction.atomic
def person_find_by_bsn(*, actor, bsn: str, purpose: str) -> PersonRecord | None:
    """Look a person up by BSN, to find them (a search, or a check before an action).
    Raises ValidationError for a BSN that cannot exist.

    Logged as a search, found or not: nothing of the person is shown yet. A page that
    shows the person reads them with :func:`person_read_by_bsn`, which logs the read;
    so a search followed by the 360° view is one search and one read, not two reads.
    Staff need ``identity.view_person`` (as for the searches below).
    """
    return _person_by_bsn(actor=actor, bsn=bsn, purpose=purpose, shown=False)


@transaction.atomic
def person_read_by_bsn(*, actor, bsn: str, purpose: str) -> PersonRecord | None:
    """The person, to show on a page (the 360° view): logged as one read when found (a
    search when not). Raises ValidationError for a BSN that cannot exist."""
    return _person_by_bsn(actor=actor, bsn=bsn, purpose=purpose, shown=True)


def _person_by_bsn(*, actor, bsn: str, purpose: str, shown: bool) -> PersonRecord | None:
    actor = require(actor, VIEW_PERSON, message=NO_VIEW_PERSON)
    bsn = clean_bsn(bsn)
    person = get_person_lookup().by_bsn(bsn, context=_context(actor, purpose))
    # A lookup of a BSN is a processing of that BSN, found or not.
    processing_log_record(
        actor=actor,
        action=Action.READ if person and shown else Action.SEARCH,
        bsns=[bsn],
        purpose=purpose,
        object_type="persoon",
        object_id=bsn,
    )
    return person


SELF_SERVICE_SYSTEM = "Mijn gemeente"


def person_for_self_service(*, bsn: str, log: list | None = None) -> PersonRecord | None:
    """The logged-in citizen's own record, to fill in a form for them. Logged: the system
    asks the register for it, even though the citizen sees only their own data.

    No transaction of its own: a read and one insert, which a transaction would only wrap
    in two more statements (every e-loket form asks this). With ``log`` the entry is
    added there instead, for a caller that writes its transaction's entries in one insert
    (the e-loket's submit) and writes this one even if its change rolls back."""
    bsn = clean_bsn(bsn)
    context = LookupContext(
        purpose=Purpose.SELF_SERVICE, processing=Purpose.SELF_SERVICE, user=SELF_SERVICE_SYSTEM
    )
    person = get_person_lookup().by_bsn(bsn, context=context)
    entries = processing_log_entries(
        actor=None,
        system=SELF_SERVICE_SYSTEM,
        action=Action.READ if person else Action.SEARCH,
        bsns=[bsn],
        purpose=Purpose.SELF_SERVICE,
        object_type="persoon",
        object_id=bsn,
    )
    if log is None:
        processing_log_write(entries)
    else:
        log += entries
    return person


@transaction.atomic
def person_search_by_surname_and_birth_date(
    *, actor, surname: str, birth_date: date, purpose: str
) -> list[PersonRecord]:
    actor = require(actor, VIEW_PERSON, message=NO_VIEW_PERSON)
    people = get_person_lookup().by_surname_and_birth_date(
        surname, birth_date, context=_context(actor, purpose)
    )
    processing_log_record(
        actor=actor,
        action=Action.SEARCH,
        bsns=[p.bsn for p in people],
        purpose=purpose,
        object_type="persoon",
    )
    return people


@transaction.atomic
def person_search_by_postcode_and_house_number(
    *, actor, postcode: str, house_number: int, house_number_addition: str = "", purpose: str
) -> list[PersonRecord]:
    actor = require(actor, VIEW_PERSON, message=NO_VIEW_PERSON)
    people = get_person_lookup().by_postcode_and_house_number(
        postcode,
        house_number,
        house_number_addition=house_number_addition,
        context=_context(actor, purpose),
    )
    processing_log_record(
        actor=actor,
        action=Action.SEARCH,
        bsns=[p.bsn for p in people],
        purpose=purpose,
        object_type="persoon",
    )
    return people


def company_find_by_kvk(*, kvk_number: str) -> CompanyRecord | None:
    """Raises ValidationError for a KvK number that cannot exist."""
    return get_company_lookup().by_kvk_number(clean_kvk_number(kvk_number))


def company_search_by_name(*, name: str) -> list[CompanyRecord]:
    if len(name.strip()) < 2:
        raise ValidationError({"name": "Vul minstens 2 letters van de naam in."})
    return get_company_lookup().by_name(name)
