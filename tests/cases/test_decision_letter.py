"""The decision letter (issue 17): a PDF made with every decision of a case with an
applicant, stored as a case document, linked from the message, downloadable by the
applicant only."""

import re
import zlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from achterkant.audit.models import ProcessingLogEntry
from achterkant.cases.models import CaseDocument, Decision, Document
from achterkant.cases.services import add_decision
from achterkant.cases.services.decision_letters import LetterRefused, refusing_fetcher
from achterkant.catalog.models import DecisionType
from achterkant.catalog.services import decision_type_publish
from achterkant.notify.models import MessageTemplate, OutboxMessage
from tests.portal.test_portal import log_in


def _pdf_text(pdf: bytes) -> bytes:
    """The PDF's bytes with every compressed stream inflated (its metadata lives there)."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


@pytest.fixture
def decision_type(tenant_a):
    with tenant_a.active():
        row = DecisionType.objects.create(
            catalogue=tenant_a.case_type.catalogue, description="Vergunning verleend",
            valid_from=date(2020, 1, 1),
        )  # fmt: skip
        row.case_types.add(tenant_a.case_type)
        return decision_type_publish(decision_type=row)


def _decide(tenant, case, decision_type, **fields):
    with tenant.active():
        return add_decision(
            actor=tenant.staff["worker"], case=case, decision_type=decision_type,
            decided_on=date(2026, 3, 1), effective_from=date(2026, 3, 2), **fields,
        )  # fmt: skip


def test_a_decision_gets_a_pdf_letter_as_a_shared_case_document(tenant_a, decision_type):
    case = tenant_a.open_case()
    decision = _decide(tenant_a, case, decision_type, explanation="U voldoet aan de regels.")
    with tenant_a.active():
        letter = Document.objects.get(case=case)
        pdf = letter.file.read()
        assert CaseDocument.objects.filter(case=case, document=letter).exists()
        assert (letter.content_type, letter.confidentiality, letter.origin) == (
            "application/pdf", "zaakvertrouwelijk", "staff",
        )  # fmt: skip
        assert letter.usage_rights is False and letter.title.startswith("Besluit ")
        logged = ProcessingLogEntry.objects.filter(object_type="document", action="create")
        assert logged.filter(bsn=tenant_a.person.bsn).exists()
    assert pdf.startswith(b"%PDF-")
    assert case.number.encode() in _pdf_text(pdf)
    assert decision.identification == f"{case.number}-B1"


def test_the_message_about_the_decision_links_to_the_letter(tenant_a, decision_type):
    case = tenant_a.open_case()
    _decide(tenant_a, case, decision_type)
    with tenant_a.active():
        letter = Document.objects.get(case=case)
        message = OutboxMessage.objects.get(event_code="case.decided")
    assert message.reference == case.number and message.bsn == tenant_a.person.bsn
    assert "Vergunning verleend" in message.body
    assert f"/mijn/documenten/{letter.pk}/" in message.body
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    shown = client.get(f"/mijn/berichten/{message.pk}/").content.decode()
    assert f'href="https://{tenant_a.host}/mijn/documenten/{letter.pk}/"' in shown
    download = client.get(f"/mijn/documenten/{letter.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_only_the_applicant_downloads_the_letter(tenant_a, tenant_b, decision_type):
    case = tenant_a.open_case()
    _decide(tenant_a, case, decision_type)
    with tenant_a.active():
        letter = Document.objects.get(case=case)
    other = tenant_a.client()
    log_in(other, "999990019")
    assert other.get(f"/mijn/documenten/{letter.pk}/").status_code == 404
    elsewhere = tenant_b.client()
    log_in(elsewhere, tenant_a.person.bsn)
    assert elsewhere.get(f"/mijn/documenten/{letter.pk}/").status_code == 404


def test_the_organisation_writes_the_letter_in_its_own_words(tenant_a, decision_type):
    with tenant_a.active():
        MessageTemplate.objects.create(
            event_code="case.decision_letter", subject="Uw vergunning {{ case_number }}",
            body="Geachte {{ recipient_name }},\n\nEigen tekst van Gemeente A: "
            "{{ decision_number }}.",
        )  # fmt: skip
    case = tenant_a.open_case()
    decision = _decide(tenant_a, case, decision_type)
    with tenant_a.active():
        pdf = Document.objects.get(case=case).file.read()
    assert f"Uw vergunning {case.number}".encode() in _pdf_text(pdf)
    assert decision.identification


def test_a_failed_letter_still_records_the_decision_and_the_message(
    tenant_a, decision_type, monkeypatch, caplog
):
    def broken(**kwargs):
        raise OSError("geen lettertype")

    monkeypatch.setattr("achterkant.cases.services.decision_letters.letter_pdf", broken)
    case = tenant_a.open_case()
    decision = _decide(tenant_a, case, decision_type)
    with tenant_a.active():
        assert Decision.objects.get() == decision
        assert not Document.objects.exists() and not CaseDocument.objects.exists()
        message = OutboxMessage.objects.get(event_code="case.decided")
    assert "/mijn/documenten/" not in message.body
    assert "besluitbrief bij besluit" in caplog.text and decision.identification in caplog.text


def test_a_letter_refused_by_the_upload_checks_leaves_no_half_stored_document(
    tenant_a, decision_type, monkeypatch
):
    def refuse(upload):
        raise ValidationError({"file": "Virus gevonden."})

    monkeypatch.setattr("achterkant.cases.services.documents.virus_scan.scan", refuse)
    case = tenant_a.open_case()
    _decide(tenant_a, case, decision_type)
    with tenant_a.active():
        assert Decision.objects.count() == 1
        assert not Document.objects.exists() and not CaseDocument.objects.exists()


def test_a_decision_without_an_applicant_gets_no_letter(tenant_a, decision_type):
    case = tenant_a.open_case(initiator_bsn="")
    _decide(tenant_a, case, decision_type)
    with tenant_a.active():
        assert Decision.objects.count() == 1
        assert not Document.objects.exists()
        assert not OutboxMessage.objects.filter(event_code="case.decided").exists()


def test_a_letter_loads_nothing_from_outside():
    from weasyprint import HTML

    for url in ("file:///etc/passwd", "http://127.0.0.1:9/logo.png", "data:image/png,x"):
        with pytest.raises(LetterRefused):
            refusing_fetcher().fetch(url)
    html = "<img src='file:///etc/passwd'><p>Brief</p>"
    assert HTML(string=html, url_fetcher=refusing_fetcher()).write_pdf().startswith(b"%PDF-")


# --- the addressee (issue 17) -------------------------------------------------------------


@pytest.fixture
def letter_html_spy(monkeypatch):
    """The HTML of every letter made, as WeasyPrint got it (a PDF's text is not plain)."""
    from achterkant.cases.services import decision_letters

    made: list[str] = []
    real = decision_letters.letter_html

    def spy(**kwargs):
        made.append(real(**kwargs))
        return made[-1]

    monkeypatch.setattr(decision_letters, "letter_html", spy)
    return made


def test_the_letter_is_addressed_to_the_applicant_and_the_read_is_logged(
    tenant_a, decision_type, letter_html_spy
):
    case = tenant_a.open_case()
    with tenant_a.active():
        before = ProcessingLogEntry.objects.filter(object_type="persoon").count()
    _decide(tenant_a, case, decision_type)
    (html,) = letter_html_spy
    assert "Sophie de Vries<br>Kerkstraat 12<br>1011 AB  VOORBEELD" in html
    assert "Beste Sophie de Vries," in html
    with tenant_a.active():
        reads = ProcessingLogEntry.objects.filter(
            object_type="persoon", action="read", bsn=tenant_a.person.bsn,
            purpose="Burger informeren over zijn zaak",
        )  # fmt: skip
        # One read for the letter, one for the message *Besluit genomen*.
        assert reads.count() - before == 2
        assert Document.objects.filter(case=case).count() == 1


def test_a_letter_under_secrecy_has_the_name_but_no_address(
    tenant_a, decision_type, letter_html_spy
):
    with tenant_a.active():
        tenant_a.person.secret = True
        tenant_a.person.save()
    case = tenant_a.open_case()
    _decide(tenant_a, case, decision_type)
    (html,) = letter_html_spy
    assert "Beste Sophie de Vries," in html
    assert "Kerkstraat" not in html and "1011 AB" not in html


def test_a_failed_lookup_still_gives_a_letter_with_a_neutral_greeting(
    tenant_a, decision_type, letter_html_spy, monkeypatch
):
    from achterkant.identity.lookup import LookupUnavailable

    class Down:
        def by_bsn(self, bsn, *, context):
            raise LookupUnavailable("BRP niet bereikbaar")

    monkeypatch.setattr(
        "achterkant.cases.services.decision_letters.get_person_lookup", lambda: Down()
    )
    case = tenant_a.open_case()
    _decide(tenant_a, case, decision_type)
    (html,) = letter_html_spy
    assert "Beste meneer, mevrouw," in html and "Kerkstraat" not in html
    with tenant_a.active():
        assert Document.objects.filter(case=case).count() == 1


# --- a changed decision gets a new letter ---------------------------------------------------


def _change(tenant, decision, **changes):
    from achterkant.cases.services.decisions import decision_update

    with tenant.active():
        return decision_update(actor=tenant.staff["worker"], decision=decision, changes=changes)


def test_a_changed_decision_gets_a_new_letter_and_the_old_one_is_marked_replaced(
    tenant_a, decision_type, letter_html_spy
):
    from achterkant.cases.models import DocumentVersion
    from achterkant.cases.services.decision_letters import letters_of

    case = tenant_a.open_case()
    decision = _decide(tenant_a, case, decision_type, explanation="Eerste tekst.")
    with tenant_a.active():
        first = Document.objects.get(case=case)
    _change(tenant_a, decision, explanation="Verbeterde tekst.")
    assert "Verbeterde tekst." in letter_html_spy[-1]
    assert "Deze brief vervangt de brief" in letter_html_spy[-1]
    with tenant_a.active():
        old, new = Document.objects.filter(case=case).order_by("pk")
        assert old.pk == first.pk and old.content_expired is True and old.version == 2
        assert new.title in old.description and new.title.endswith("(gewijzigd)")
        assert new.content_expired is None and new.file_name == old.file_name
        # The old letter is kept as it was sent: version 1 has the same file and no mark.
        kept = DocumentVersion.objects.get(document=old, number=1)
        assert kept.file == old.file.name and kept.fields["content_expired"] is None
        assert list(letters_of(decision)) == [new]
        assert ProcessingLogEntry.objects.filter(
            object_type="document", action="update", object_id=old.identification,
            bsn=tenant_a.person.bsn,
        ).exists()  # fmt: skip
        messages = OutboxMessage.objects.filter(event_code="case.decided").order_by("pk")
        assert messages.count() == 2
        assert "gewijzigd" in messages[1].subject
        assert f"/mijn/documenten/{new.pk}/" in messages[1].body
    # The applicant still sees both in Mijn gemeente: the old one is not deleted.
    client = tenant_a.client()
    log_in(client, tenant_a.person.bsn)
    assert client.get(f"/mijn/documenten/{old.pk}/").status_code == 200


def test_a_change_the_letter_does_not_show_makes_no_new_letter(tenant_a, decision_type):
    case = tenant_a.open_case()
    decision = _decide(tenant_a, case, decision_type, explanation="Tekst.")
    _change(tenant_a, decision, explanation="Tekst.", governing_body="college van B&W")
    with tenant_a.active():
        assert Document.objects.filter(case=case).count() == 1
        assert OutboxMessage.objects.filter(event_code="case.decided").count() == 1
