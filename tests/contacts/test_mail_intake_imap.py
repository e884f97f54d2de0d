"""E-mail intake from an IMAP mailbox: mostly against a real Dovecot (dovecot-imapd)."""

import imaplib
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError

from achterkant.contacts import mail_intake
from achterkant.contacts.mail_intake import ingest_message
from achterkant.contacts.models import Contact, ContactAttachment, InboundMail
from achterkant.notify.models import OutboxMessage
from achterkant.worktime.calendar import AMSTERDAM
from tests.conftest import BSN_A
from tests.contacts.mail_helpers import raw


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def test_the_imap_command_says_when_the_server_is_unreachable(tenant_a, settings):
    import socket

    with socket.socket() as probe:  # a free port that nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAIL_INTAKE_IMAP_HOST = "127.0.0.1"
    settings.MAIL_INTAKE_IMAP_PORT = port
    settings.MAIL_INTAKE_IMAP_SSL = False
    with pytest.raises(CommandError, match=f"De IMAP-server 127.0.0.1:{port} is niet bereikbaar"):
        call_command("ingest_mail", "--organisation", "a", "--imap", stdout=io.StringIO())


# --- IMAP, against a real Dovecot --------------------------------------------------------

IMAP_USER = "intake"
IMAP_PASSWORD = "test-geheim"
DOVECOT_CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 1
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={root}/home/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def dovecot():
    """A throw-away Dovecot (Debian package dovecot-imapd) on a free loopback port."""
    import grp
    import os
    import pwd
    import shutil
    import subprocess
    import tempfile
    import time as clock

    binary = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/sbin")
    if binary is None:
        pytest.skip("Dovecot is not installed (Debian package dovecot-imapd)")
    root = Path(tempfile.mkdtemp(prefix="achterkant-dovecot-"))
    root.chmod(0o755)
    (root / "home").mkdir()
    if os.geteuid() == 0:
        # Dovecot runs its login and mail processes as unprivileged users: the package's own.
        try:
            mail_user = pwd.getpwnam("dovecot")
            pwd.getpwnam("dovenull")
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            pytest.skip("The dovecot and dovenull users of the dovecot-core package are missing")
        names = {
            "internal_user": "dovecot", "internal_group": grp.getgrgid(mail_user.pw_gid).gr_name,
            "login_user": "dovenull", "mail_user": mail_user.pw_uid, "mail_group": mail_user.pw_gid,
        }  # fmt: skip
        os.chown(root / "home", mail_user.pw_uid, mail_user.pw_gid)
    else:
        me = pwd.getpwuid(os.getuid())
        group = grp.getgrgid(os.getgid()).gr_name
        names = {
            "internal_user": me.pw_name, "internal_group": group, "login_user": me.pw_name,
            "mail_user": me.pw_uid, "mail_group": os.getgid(),
        }  # fmt: skip
    port = _free_port()
    config = root / "dovecot.conf"
    config.write_text(DOVECOT_CONFIG.format(root=root, port=port, password=IMAP_PASSWORD, **names))
    process = subprocess.Popen(  # noqa: S603 - our own binary and config
        [binary, "-F", "-c", str(config)],
        stdout=subprocess.DEVNULL, stderr=(root / "stderr.log").open("wb"),
    )  # fmt: skip
    try:
        deadline = clock.monotonic() + 20
        while True:
            try:
                imaplib.IMAP4("127.0.0.1", port, timeout=5).logout()
                break
            except OSError:
                if process.poll() is not None or clock.monotonic() > deadline:
                    log = (root / "stderr.log").read_text(errors="replace")
                    if (root / "dovecot.log").exists():
                        log += (root / "dovecot.log").read_text(errors="replace")
                    pytest.skip(f"Dovecot could not be started: {log[-800:]}")
                clock.sleep(0.1)
        yield {"host": "127.0.0.1", "port": port, "user": IMAP_USER, "password": IMAP_PASSWORD}
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)


def mailbox_client(server) -> imaplib.IMAP4:
    client = imaplib.IMAP4(server["host"], server["port"], timeout=10)
    client.login(server["user"], server["password"])
    return client


def append(server, names, mailbox="INBOX", date_time=None) -> None:
    client = mailbox_client(server)
    try:
        for name in names:
            status, _ = client.append(mailbox, None, date_time, raw(name))
            assert status == "OK"
    finally:
        client.logout()


def search(server, criterion: str, mailbox="INBOX") -> list[bytes]:
    client = mailbox_client(server)
    try:
        client.select(mailbox, readonly=True)
        status, data = client.uid("SEARCH", None, criterion)
        assert status == "OK"
        return data[0].split()
    finally:
        client.logout()


def run_imap(tenant, server, **overrides):
    arguments = {**server, "use_ssl": False, "timeout": 10, **overrides}
    with tenant.active():
        return mail_intake.ingest_imap(**arguments)


IMAP_FILES = [
    "plain.eml", "alternative-qp.eml", "pdf-attachment.eml", "no-from.eml", "auto-reply.eml",
    "windows-1252.eml",
]  # fmt: skip


def test_imap_ingests_unread_mail_marks_it_seen_and_a_second_run_finds_nothing(tenant_a, dovecot):
    append(dovecot, IMAP_FILES)
    assert len(search(dovecot, "UNSEEN")) == len(IMAP_FILES)
    report = run_imap(tenant_a, dovecot)
    assert (report.accepted, report.quarantined, report.duplicates) == (5, 1, 0)
    assert search(dovecot, "UNSEEN") == []
    assert len(search(dovecot, "SEEN")) == len(IMAP_FILES)
    with tenant_a.active():
        contacts = Contact.objects.order_by("pk")
        assert [c.subject for c in contacts][:2] == [
            "Vraag over mijn afvalcontainer", "Parkeervergunning aanvragen – vraag",
        ]  # fmt: skip
        assert contacts[0].bsn == BSN_A
        assert ContactAttachment.objects.get().file_name == "aanvraag.pdf"
        assert InboundMail.objects.get(status="quarantined").subject == "Van niemand"
        # The IMAP bytes are the appended bytes (line endings as the server keeps them).
        stored = InboundMail.objects.get(message_id="<pdf-6@example.nl>")
        with stored.raw.open("rb") as handle:
            assert handle.read().replace(b"\r\n", b"\n") == raw("pdf-attachment.eml")
        # Acknowledged: everyone but the auto-reply and the quarantined message.
        assert OutboxMessage.objects.count() == 4
    again = run_imap(tenant_a, dovecot)
    assert (again.accepted, again.quarantined, again.duplicates) == (0, 0, 0)
    with tenant_a.active():
        assert Contact.objects.count() == 5


def test_imap_uses_the_servers_receipt_time_for_the_norm(tenant_a, dovecot):
    friday = datetime(2025, 10, 3, 16, 0, tzinfo=AMSTERDAM)
    append(dovecot, ["plain.eml"], date_time=friday)
    run_imap(tenant_a, dovecot)
    with tenant_a.active():
        contact = Contact.objects.get()
        assert contact.started_at == friday
        assert contact.inbound_mail.received_at == friday
        # Two working days from Friday: the end of Tuesday.
        # Due on Tuesday, at the end of the working day (contacts.norms says when exactly).
        assert contact.response_due_at.astimezone(AMSTERDAM).date() == date(2025, 10, 7)


def test_a_message_is_marked_seen_only_after_it_is_stored(tenant_a, dovecot, monkeypatch):
    append(dovecot, ["plain.eml", "alternative-qp.eml", "latin1.eml"])
    real = mail_intake.ingest_or_get
    calls = []

    def fail_on_the_second(content, **kwargs):
        calls.append(kwargs["source"])
        if len(calls) == 2:
            raise OperationalError("database weg")
        return real(content, **kwargs)

    monkeypatch.setattr(mail_intake, "ingest_or_get", fail_on_the_second)
    with pytest.raises(OperationalError):
        run_imap(tenant_a, dovecot)
    # The first is stored and seen; the failed one and the rest are still unread.
    assert len(search(dovecot, "SEEN")) == 1
    assert len(search(dovecot, "UNSEEN")) == 2
    with tenant_a.active():
        assert Contact.objects.count() == 1
    monkeypatch.setattr(mail_intake, "ingest_or_get", real)
    report = run_imap(tenant_a, dovecot)
    assert (report.accepted, report.duplicates) == (2, 0)
    assert search(dovecot, "UNSEEN") == []


def test_an_unread_copy_of_a_stored_message_is_a_duplicate_and_gets_marked(tenant_a, dovecot):
    with tenant_a.active():
        ingest_message(raw("plain.eml"))
    client = mailbox_client(dovecot)
    client.create('"Gemeente post"')
    client.logout()
    append(dovecot, ["plain.eml", "latin1.eml"], mailbox='"Gemeente post"')
    report = run_imap(tenant_a, dovecot, mailbox="Gemeente post")
    assert (report.accepted, report.duplicates) == (1, 1)
    assert search(dovecot, "UNSEEN", mailbox='"Gemeente post"') == []
    with tenant_a.active():
        assert Contact.objects.count() == 2


def test_imap_errors_are_reported_in_dutch(tenant_a, dovecot):
    with pytest.raises(mail_intake.MailIntakeError, match="De map Bestaat-niet kan niet open"):
        run_imap(tenant_a, dovecot, mailbox="Bestaat-niet")
    # Last: after a failed log-in Dovecot slows down further log-ins from the same address.
    with pytest.raises(mail_intake.MailIntakeError, match="Inloggen als intake is mislukt"):
        run_imap(tenant_a, dovecot, password="fout")


def test_the_command_reads_the_mailbox_from_settings(tenant_a, dovecot, settings):
    append(dovecot, ["plain.eml", "no-from.eml"])
    settings.MAIL_INTAKE_IMAP_HOST = dovecot["host"]
    settings.MAIL_INTAKE_IMAP_PORT = dovecot["port"]
    settings.MAIL_INTAKE_IMAP_USER = dovecot["user"]
    settings.MAIL_INTAKE_IMAP_PASSWORD = dovecot["password"]
    settings.MAIL_INTAKE_IMAP_SSL = False
    out = io.StringIO()
    call_command("ingest_mail", "--organisation", "a", "--imap", stdout=out)
    assert out.getvalue().strip() == (
        "Gemeente A: Verwerkt: 1, in quarantaine: 1, al eerder ontvangen: 0."
    )
