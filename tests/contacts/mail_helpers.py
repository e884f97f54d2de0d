"""Shared by the e-mail intake tests: the RFC 822 files in tests/contacts/mail/ and helpers."""

from pathlib import Path

from achterkant.contacts.mail_intake import ingest_message
from achterkant.contacts.models import InboundMail

MAIL = Path(__file__).parent / "mail"
FILES = sorted(MAIL.glob("*.eml"))


def raw(name: str) -> bytes:
    return (MAIL / name).read_bytes()


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def ingest(tenant, content: bytes, **kwargs) -> InboundMail:
    with tenant.active():
        return ingest_message(content, **kwargs)


PLAIN = raw("plain.eml")
