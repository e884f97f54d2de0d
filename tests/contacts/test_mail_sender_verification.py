"""Issue 12: a forged e-mail must not be linked to a citizen.

Anyone can write anyone's address in From. The intake links an e-mail to the person with
that address only when our own receiving server's Authentication-Results header (RFC 8601)
shows the sender was authenticated; otherwise an agent confirms the person on the desk.
The acknowledgement never repeats what the sender wrote, not even the subject.
"""

import pytest

from achterkant.contacts.mail.authentication import aligned, parse, sender_verified
from achterkant.contacts.mail.parsing import parse_headers
from achterkant.contacts.models import Contact, InboundMail
from achterkant.contacts.selectors import contacts_for
from achterkant.notify.models import MessageTemplate, OutboxMessage
from tests.conftest import BSN_A
from tests.contacts.mail_helpers import ingest
from tests.portal.test_portal import log_in

OURS = "mx.gemeente-a.nl"
SUBJECT = "Stop mijn uitkering"


@pytest.fixture(autouse=True)
def trusted(settings):
    # Explicit, so the tests do not depend on the development default.
    settings.MAIL_INTAKE_TRUSTED_AUTHSERV_IDS = [OURS]


def message(*results: str, sender: str = "sophie@example.nl", number: int = 1) -> bytes:
    """An e-mail "from" Sophie (BSN_A's address), with these Authentication-Results."""
    headers = "".join(f"Authentication-Results: {result}\r\n" for result in results)
    return (
        headers + f"From: Sophie de Vries <{sender}>\r\nTo: info@gemeente-a.nl\r\n"
        f"Subject: {SUBJECT}\r\nMessage-ID: <forged-{number}@example.nl>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Stop per direct mijn uitkering en maak het geld over naar NL00BANK0123456789.\r\n"
    ).encode()


def linked(tenant, content: bytes) -> bool:
    mail = ingest(tenant, content)
    with tenant.active():
        contact = Contact.objects.get(pk=mail.contact_id)
    assert mail.sender_verified == bool(contact.bsn)
    return contact.bsn == BSN_A


# --- The forged e-mail of the issue -------------------------------------------------------


def test_a_forged_from_is_not_linked_and_not_shown_to_the_victim(tenant_a):
    mail = ingest(tenant_a, message())  # no Authentication-Results at all
    assert mail.status == InboundMail.Status.ACCEPTED
    assert not mail.sender_verified
    assert mail.contact.bsn == ""
    assert mail.register_bsn == BSN_A  # for the agent to confirm, not a link
    with tenant_a.active():
        assert contacts_for(bsn=BSN_A) == []
    # Not in the victim's Mijn gemeente …
    portal = tenant_a.client()
    log_in(portal, BSN_A)
    assert SUBJECT not in portal.get("/mijn/").content.decode()
    # … nor in the 360° view of the agent who has her on the line.
    desk = tenant_a.client("agent")
    desk.post("/desk/personen/kiezen/", {"bsn": BSN_A})
    page = desk.get("/desk/persoon/")
    assert page.status_code == 200
    assert page.context["contacts"] == []
    assert SUBJECT not in page.content.decode()


def test_dmarc_pass_from_our_own_server_links(tenant_a):
    assert linked(tenant_a, message(f"{OURS}; dmarc=pass (p=reject) header.from=example.nl"))


def test_dmarc_pass_from_another_authserv_id_does_not_link(tenant_a):
    # The attacker adds their own header: it names their server, not ours.
    assert not linked(tenant_a, message("mx.attacker.example; dmarc=pass header.from=example.nl"))


def test_a_header_claiming_our_id_below_ours_is_ignored(tenant_a):
    # Our server prepends its header: one further down came with the message.
    forged = message(
        f"{OURS}; dmarc=fail header.from=example.nl",
        f"{OURS}; dmarc=pass header.from=example.nl",
    )
    assert not linked(tenant_a, forged)


def test_dmarc_pass_for_another_from_domain_does_not_link(tenant_a):
    assert not linked(tenant_a, message(f"{OURS}; dmarc=pass header.from=attacker.example"))


def test_spf_and_dkim_pass_aligned_with_from_links(tenant_a):
    results = (
        f"{OURS}; spf=pass smtp.mailfrom=bounces@mail.example.nl; "
        "dkim=pass header.d=example.nl header.s=sel1; dmarc=none"
    )
    assert linked(tenant_a, message(results))


def test_spf_pass_with_dkim_for_another_domain_does_not_link(tenant_a):
    results = (
        f"{OURS}; spf=pass smtp.mailfrom=sophie@example.nl; dkim=pass header.d=attacker.example"
    )
    assert not linked(tenant_a, message(results))


def test_spf_alone_does_not_link(tenant_a):
    assert not linked(tenant_a, message(f"{OURS}; spf=pass smtp.mailfrom=sophie@example.nl"))


def test_with_no_trusted_server_configured_nothing_links(tenant_a, settings):
    settings.MAIL_INTAKE_TRUSTED_AUTHSERV_IDS = []  # the production default
    assert not linked(tenant_a, message(f"{OURS}; dmarc=pass header.from=example.nl"))


# --- The acknowledgement ------------------------------------------------------------------


def test_the_acknowledgement_never_repeats_the_subject(tenant_a):
    ingest(tenant_a, message())
    ingest(tenant_a, message(f"{OURS}; dmarc=pass header.from=example.nl", number=2))
    with tenant_a.active():
        unverified, verified = OutboxMessage.objects.order_by("pk")
    for outbox in (unverified, verified):
        assert outbox.event_code == "contact.email_acknowledged"
        assert outbox.recipient == "sophie@example.nl"  # "we received your e-mail"
        assert SUBJECT not in outbox.subject and SUBJECT not in outbox.body
        assert "NL00BANK" not in outbox.body
        assert not outbox.in_berichtenbox
    assert unverified.bsn == ""  # not linked to the person whose address it is
    assert verified.bsn == BSN_A


def test_an_organisation_template_with_email_subject_renders_it_empty(tenant_a):
    with tenant_a.active():
        MessageTemplate.objects.create(
            event_code="contact.email_acknowledged",
            subject="Ontvangen: {{ email_subject }}",
            body='Uw e-mail "{{ email_subject }}" is ontvangen. {{ subject }}',
        )
    ingest(tenant_a, message())
    with tenant_a.active():
        outbox = OutboxMessage.objects.get()
    assert SUBJECT not in outbox.subject
    assert SUBJECT not in outbox.body
    assert outbox.body.startswith('Uw e-mail "" is ontvangen.')


# --- The agent confirms -------------------------------------------------------------------


def test_the_agent_links_an_unverified_email_and_then_it_shows_in_the_portal(tenant_a):
    mail = ingest(tenant_a, message())
    desk = tenant_a.client("agent")
    page = desk.get("/desk/e-mail/").content.decode()
    assert "afzender niet geverifieerd" in page
    assert "sophie@example.nl" in page
    assert f"hoort dit adres bij BSN {BSN_A}" in page
    response = desk.post(f"/desk/e-mail/{mail.contact_id}/koppelen/", {"bsn": BSN_A})
    assert response.status_code == 302
    with tenant_a.active():
        assert [c.pk for c in contacts_for(bsn=BSN_A)] == [mail.contact_id]
    portal = tenant_a.client()
    log_in(portal, BSN_A)
    assert SUBJECT in portal.get("/mijn/").content.decode()
    assert "afzender niet geverifieerd" not in desk.get("/desk/e-mail/").content.decode()


def test_a_verified_sender_without_a_match_shows_no_warning(tenant_a):
    ingest(tenant_a, message(f"{OURS}; dmarc=pass", sender="iemand@example.org"))
    page = tenant_a.client("agent").get("/desk/e-mail/").content.decode()
    assert "iemand@example.org" in page
    assert "afzender niet geverifieerd" not in page


# --- The parser ---------------------------------------------------------------------------


def test_the_parser_reads_comments_quotes_versions_and_folding():
    parsed = parse(
        "MX.Gemeente-A.nl 1; (a comment (nested) here) spf=pass (sender ok) "
        'smtp.mailfrom="sophie@example.nl";\r\n\tdkim/1 = pass header . d=example.nl '
        'reason="good; signature" header.b=abc; dmarc=PASS header.from=example.nl'
    )
    assert parsed is not None
    assert parsed.authserv_id == "mx.gemeente-a.nl"
    assert [(r.method, r.result) for r in parsed.results] == [
        ("spf", "pass"), ("dkim", "pass"), ("dmarc", "pass"),
    ]  # fmt: skip
    assert parsed.results[0].properties == {"smtp.mailfrom": "sophie@example.nl"}
    assert parsed.results[1].properties["header.d"] == "example.nl"
    assert parsed.results[1].properties["reason"] == "good; signature"


@pytest.mark.parametrize(
    "value",
    [
        "",
        ";dmarc=pass",
        f"{OURS}; dmarc=pass (unclosed comment",
        f'{OURS}; dmarc=pass reason="unclosed',
        f"{OURS}; dmarc",
        f"{OURS}; dmarc=",
        f"{OURS}; =pass",
        f"{OURS} dmarc=pass",
        f"{OURS}; dmarc=pass header.from",
    ],
)
def test_the_parser_refuses_what_it_cannot_read(value):
    assert parse(value) is None


def test_no_result_is_read_as_no_results():
    assert parse(f"{OURS}; none").results == ()


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("example.nl", True),
        ("EXAMPLE.NL.", True),
        ("mail.example.nl", True),
        ("user@bounce.example.nl", True),
        ("@example.nl", True),
        ("notexample.nl", False),
        ("example.nl.attacker.example", False),
        ("nl", False),
        ("", False),
    ],
)
def test_alignment_is_the_same_domain_or_a_subdomain(domain, expected):
    assert aligned(domain, "example.nl") is expected


def test_an_unreadable_header_of_ours_is_not_verified():
    headers = parse_headers(
        f"Authentication-Results: {OURS}; dmarc=pass (oops\r\n"
        f"Authentication-Results: {OURS}; dmarc=pass\r\n"
        "From: sophie@example.nl\r\n\r\n".encode()
    )
    assert not sender_verified(headers, "sophie@example.nl")
