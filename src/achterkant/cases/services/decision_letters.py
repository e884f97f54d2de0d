"""The decision letter: a PDF the applicant reads in Mijn gemeente, made with the decision.

``decision_create`` calls :func:`issue_decision_letter` for every decision of a case with
an applicant (a BSN), whichever channel recorded it (the desk, the Besluiten API). The
text is the organisation's own (``MessageTemplate`` for the event
``case.decision_letter``, per product or general; else the built-in default in
``cases.message_events``), rendered like any message and laid out by the template file
``cases/decision_letter.html``. WeasyPrint makes the PDF; it is stored through
``store_document`` (the upload checks, virus scan included, usage rights, processing log
and events), so it is a case document like any other, shared with the applicant
(zaakvertrouwelijk). The message *Besluit genomen* then links to it.

**Addressee.** The letter is addressed like any letter a municipality sends: the
applicant's name and address (from the person register or the BRP, through the identity
adapter the case messages use) above the reference table, and the greeting "Beste <name>"
in the organisation's text (``recipient_name``). That read of personal data is written to
the processing log (purpose *Burger informeren over zijn zaak*). An address under secrecy
or a failed lookup gives a letter without an address block and "Beste meneer, mevrouw":
the letter is still in Mijn gemeente.

**A changed decision gets a new letter** (:func:`reissue_decision_letter`, called by
``decision_update`` when something the letter says changed). The letter is a record of
what we sent, so it is never overwritten: a new document is made (the same file name, the
title ending in "(gewijzigd)"), and every earlier letter of the decision gets a new
version with ``content_expired`` (ZGW ``inhoudIsVervallen``) set and a description naming
its successor. The applicant gets *Besluit genomen* again, saying the decision changed.

A letter that cannot be made (a font, an unreadable template, the scanner refusing it)
does not stop the decision: the decision is a legal fact the caller recorded, and the
Besluiten API must answer for it as the standard says. Its document is written in a
savepoint, so a failure leaves no half-stored letter; the failure is logged as an error
and the message goes out without a link, so staff can send the letter another way.
"""

import logging
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from achterkant.audit.models import Action, ProcessingLogEntry
from achterkant.audit.services import Purpose, processing_log_entries, processing_log_record
from achterkant.cases.models import Case, Decision, Document
from achterkant.cases.services.common import inform_initiator
from achterkant.cases.services.documents import store_document
from achterkant.cases.services.informationobjects import emit_document_events, record_version
from achterkant.identity.actors import as_actor
from achterkant.identity.lookup import LookupContext, PersonLookupError, get_person_lookup
from achterkant.identity.lookup.base import PersonRecord
from achterkant.notify.links import document_link
from achterkant.notify.messages import render_message
from achterkant.tenancy.context import require_organisation

logger = logging.getLogger(__name__)
# WeasyPrint reports every step of every letter at INFO; only its warnings matter here.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

LETTER_EVENT = "case.decision_letter"
LETTER_TEMPLATE = "cases/decision_letter.html"
# For those involved in the case: the applicant reads it in Mijn gemeente.
LETTER_CONFIDENTIALITY = "zaakvertrouwelijk"
# What the letter says of the decision: a change to one of these makes a new letter.
LETTER_FIELDS = ("decided_on", "effective_from", "expires_on", "explanation")


class LetterRefused(Exception):
    """WeasyPrint asked for a file or URL: a letter loads nothing from outside."""


def issue_decision_letter(*, actor, decision: Decision, change: bool = False) -> Document | None:
    """Make, store and announce the letter of ``decision``; returns the document.

    Only for a decision of a case with an applicant; None otherwise, and None when the
    letter failed (logged). Call inside the decision's transaction: the message and the
    document commit with it. The applicant gets the message *Besluit genomen* either way.
    ``change``: the decision was changed; the letter and the message say so (use
    :func:`reissue_decision_letter`, which also marks the earlier letters replaced).
    """
    case = decision.case
    if case is None or not case.initiator_bsn:
        return None
    addressee, log_first = _addressee(actor=actor, case=case)
    document = None
    try:
        with transaction.atomic():
            document = _store(
                actor=actor, case=case, decision=decision, addressee=addressee, change=change
            )
    except Exception:
        logger.exception(
            "Zaak %s: besluitbrief bij besluit %s niet gemaakt; het besluit staat wel vast",
            case.number, decision.identification,
        )  # fmt: skip
        document = None
    link = document_link(require_organisation(), document.pk) if document is not None else ""
    inform_initiator(
        actor=actor, case=case, event_code="case.decided",
        decision_type=decision.decision_type.description, decided_on=decision.decided_on,
        letter_url=link, is_change=change, log_first=log_first,
    )  # fmt: skip
    return document


def reissue_decision_letter(*, actor, decision: Decision) -> Document | None:
    """After a change of ``decision``: a new letter, and the earlier ones marked replaced.

    The earlier letters stay in the case file (they were sent; the Archiefwet keeps them)
    and are still readable, but each gets a new version saying its content has expired
    and which letter replaces it. When the new letter fails, nothing is marked: the old
    letter is then still the one that counts until staff send a new one.
    """
    earlier = list(letters_of(decision))
    document = issue_decision_letter(actor=actor, decision=decision, change=True)
    if document is None:
        return None
    for letter in earlier:
        _mark_replaced(actor=actor, letter=letter, successor=document)
    return document


def letters_of(decision: Decision):
    """The decision's letters that still count (not replaced), oldest first."""
    return (
        Document.objects.filter(
            file_name=_file_name(decision), origin=Document.Origin.STAFF,
            content_type="application/pdf",
        )
        .exclude(content_expired=True)
        .order_by("pk")
    )  # fmt: skip


def _mark_replaced(*, actor, letter: Document, successor: Document) -> None:
    """A new version of ``letter``: content expired, the successor named. Not through
    ``document_update``, which asks for the Documenten API's lock and the actor's
    document permission: this is part of the decision change the actor may make."""
    letter = Document.objects.select_for_update(of=("self",)).get(pk=letter.pk)
    letter.content_expired = True
    letter.description = (
        f"Vervangen door de brief van {timezone.localdate():%d-%m-%Y} "
        f"({successor.title}): het besluit is gewijzigd."
    )[:1000]
    letter.version += 1
    letter.registered_at = timezone.now()
    letter.save(update_fields=["content_expired", "description", "version", "registered_at"])
    record_version(letter)
    # The letter is the applicant's data: changing it is logged like any document change.
    processing_log_record(
        actor=actor, action=Action.UPDATE, bsns=[successor.case.initiator_bsn],
        purpose=Purpose.CASE_HANDLING, object_type="document", object_id=letter.identification,
    )  # fmt: skip
    emit_document_events(
        actor=actor, document=letter,
        events=[("enkelvoudiginformatieobject", "partial_update", letter)],
    )  # fmt: skip


def _addressee(*, actor, case: Case) -> tuple[PersonRecord | None, list[ProcessingLogEntry]]:
    """The applicant as the register knows them, and the processing-log entry of that
    read (written with the message's, in one insert). None when the lookup fails."""
    context = LookupContext(
        purpose=Purpose.CITIZEN_NOTIFICATION,
        processing=Purpose.CITIZEN_NOTIFICATION,
        user=as_actor(actor).username,
    )
    try:
        person = get_person_lookup().by_bsn(case.initiator_bsn, context=context)
    except PersonLookupError as error:
        logger.warning(
            "Zaak %s: besluitbrief zonder naam en adres, persoon opvragen mislukt: %s",
            case.number, error,
        )  # fmt: skip
        return None, []
    entries = processing_log_entries(
        actor=actor, action=Action.READ, bsns=[case.initiator_bsn],
        purpose=Purpose.CITIZEN_NOTIFICATION, object_type="persoon",
        object_id=case.initiator_bsn,
    )  # fmt: skip
    return person, list(entries)


def address_lines(person: PersonRecord | None) -> list[str]:
    """The address block of a Dutch letter: name, street and number, postcode and place.
    Only the name under secrecy (the adapter gives no address then) or without a street."""
    if person is None:
        return []
    lines = [person.full_name] if person.full_name else []
    if person.secret or not person.street:
        return lines
    number = f"{person.house_number or ''}{person.house_number_addition}".strip()
    lines.append(f"{person.street} {number}".strip())
    postcode = person.postcode.replace(" ", "").upper()
    if len(postcode) == 6:
        postcode = f"{postcode[:4]} {postcode[4:]}"  # as PostNL asks: "1011 AB  PLAATS"
    place = f"{postcode}  {person.city.upper()}".strip()
    if place:
        lines.append(place)
    return lines


def letter_pdf(
    *, case: Case, decision: Decision, addressee: PersonRecord | None = None, change: bool = False
) -> bytes:
    """The letter as PDF bytes: the organisation's text in the letter's layout."""
    from weasyprint import HTML  # heavy: loaded when the first letter is made

    html = letter_html(case=case, decision=decision, addressee=addressee, change=change)
    return HTML(string=html, url_fetcher=refusing_fetcher()).write_pdf()


def letter_html(
    *, case: Case, decision: Decision, addressee: PersonRecord | None = None, change: bool = False
) -> str:
    """The letter as HTML, before WeasyPrint lays it out (tests read the text here: a
    PDF's text is not plain bytes)."""
    organisation = require_organisation()
    text = render_message(
        event_code=LETTER_EVENT,
        product_code=case.product.code if case.product_id else "",
        context={
            "recipient_name": addressee.full_name if addressee is not None else "",
            "case_number": case.number,
            "case_description": case.case_type.description,
            "decision_type": decision.decision_type.description,
            "decision_number": decision.identification,
            "decided_on": decision.decided_on,
            "effective_from": decision.effective_from,
            "expires_on": decision.expires_on,
            "decision_explanation": decision.explanation,
            "is_change": change,
        },
    )
    return render_to_string(
        LETTER_TEMPLATE,
        {
            "organisation_name": organisation.name,
            "address_lines": address_lines(addressee),
            "title": text.subject,
            "paragraphs": [part.strip() for part in text.body.split("\n\n") if part.strip()],
            "case_number": case.number,
            "decision_number": decision.identification,
            "date": timezone.localdate(),
        },
    )


def _file_name(decision: Decision) -> str:
    return f"besluit-{decision.identification}.pdf"


def _store(
    *, actor, case: Case, decision: Decision, addressee: PersonRecord | None, change: bool
) -> Document:
    pdf = letter_pdf(case=case, decision=decision, addressee=addressee, change=change)
    title = f"Besluit {decision.identification}: {decision.decision_type.description}"
    return store_document(
        actor=actor, case=case,
        upload=SimpleUploadedFile(_file_name(decision), pdf, "application/pdf"),
        title=f"{title} (gewijzigd)" if change else title,
        document_type=_document_type(case, decision), confidentiality=LETTER_CONFIDENTIALITY,
        origin=Document.Origin.STAFF,
    )  # fmt: skip


def _document_type(case: Case, decision: Decision):
    """The decision type's document type that the case type also has (e.g. "Besluit"),
    if any: the letter is then filed as that kind of document."""
    links = case.case_type.document_type_links.filter(
        document_type__in=decision.decision_type.document_types.all()
    ).select_related("document_type")
    link = links.order_by("pk").first()
    return link.document_type if link is not None else None


@cache
def refusing_fetcher():
    """A WeasyPrint URL fetcher that fetches nothing: no file, no URL, no data."""
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            raise LetterRefused(f"Een besluitbrief laadt niets van buiten: {url}")

    return RefusingFetcher()
