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

from achterkant.cases.models import Case, Decision, Document
from achterkant.cases.services.common import inform_initiator
from achterkant.cases.services.documents import store_document
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


class LetterRefused(Exception):
    """WeasyPrint asked for a file or URL: a letter loads nothing from outside."""


def issue_decision_letter(*, actor, decision: Decision) -> Document | None:
    """Make, store and announce the letter of ``decision``; returns the document.

    Only for a decision of a case with an applicant; None otherwise, and None when the
    letter failed (logged). Call inside the decision's transaction: the message and the
    document commit with it. The applicant gets the message *Besluit genomen* either way.
    """
    case = decision.case
    if case is None or not case.initiator_bsn:
        return None
    document = None
    try:
        with transaction.atomic():
            document = _store(actor=actor, case=case, decision=decision)
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
        letter_url=link,
    )  # fmt: skip
    return document


def letter_pdf(*, case: Case, decision: Decision) -> bytes:
    """The letter as PDF bytes: the organisation's text in the letter's layout."""
    from weasyprint import HTML  # heavy: loaded when the first letter is made

    organisation = require_organisation()
    text = render_message(
        event_code=LETTER_EVENT,
        product_code=case.product.code if case.product_id else "",
        context={
            "case_number": case.number,
            "case_description": case.case_type.description,
            "decision_type": decision.decision_type.description,
            "decision_number": decision.identification,
            "decided_on": decision.decided_on,
            "effective_from": decision.effective_from,
            "expires_on": decision.expires_on,
            "decision_explanation": decision.explanation,
        },
    )
    html = render_to_string(
        LETTER_TEMPLATE,
        {
            "organisation_name": organisation.name,
            "title": text.subject,
            "paragraphs": [part.strip() for part in text.body.split("\n\n") if part.strip()],
            "case_number": case.number,
            "decision_number": decision.identification,
            "date": timezone.localdate(),
        },
    )
    return HTML(string=html, url_fetcher=refusing_fetcher()).write_pdf()


def _store(*, actor, case: Case, decision: Decision) -> Document:
    pdf = letter_pdf(case=case, decision=decision)
    name = f"besluit-{decision.identification}.pdf"
    return store_document(
        actor=actor, case=case, upload=SimpleUploadedFile(name, pdf, "application/pdf"),
        title=f"Besluit {decision.identification}: {decision.decision_type.description}",
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
