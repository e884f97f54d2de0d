"""The rows of the 360° view and its full lists, ready to print.

Each value is what the templates printed with ``|date`` (the formats of
``conf/formats/nl/formats.py``), ``|truncatechars`` and the
``sla_state.html`` include per row, computed here once: those filters and includes were a
tenth of the page. The templates (``party_contacts.html``, ``party_cases.html``,
``party.html``) only loop and print; the template engine still escapes every value.
"""

from datetime import date, datetime

from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.text import Truncator

from achterkant.cases.party_selectors import PartyCaseRow

TEXT_LENGTH = 80  # characters of a question shown in a list, as ``|truncatechars:80``


def _local(value: date | datetime) -> date | datetime:
    """An aware date-time in the current time zone, as the template engine shows it."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def day_text(value: date | datetime | None) -> str:
    """``value|date:"DATE_FORMAT"``: 7 maart 2026; "" for None."""
    if value is None:
        return ""
    value = _local(value)
    return f"{value.day} {MONTHS[value.month]} {value.year:04d}"


def moment_text(value: datetime | None) -> str:
    """``value|date:"DATETIME_FORMAT"``, a moment in a history: 7 maart 2026 09:05."""
    if value is None:
        return ""
    value = _local(value)
    return f"{value.day} {MONTHS[value.month]} {value.year:04d} {value.hour:02d}:{value.minute:02d}"


def due_text(value: datetime | None) -> str:
    """``value|date:"SHORT_DATETIME_FORMAT"``, a due time: 30 nov 17:00."""
    if value is None:
        return ""
    value = _local(value)
    return f"{value.day} {MONTHS_3[value.month]} {value.hour:02d}:{value.minute:02d}"


def short_text(value: object) -> str:
    """``value|truncatechars:80``."""
    return Truncator(value).chars(TEXT_LENGTH)


def with_contact_texts(contacts: list[dict]) -> list[dict]:
    """Add ``when`` and ``short_text`` to contact rows (``contacts.selectors._contact_row``)."""
    for contact in contacts:
        contact["when"] = moment_text(contact["started_at"])
        contact["short_text"] = short_text(contact["text"])
    return contacts


def case_rows(cases: list[PartyCaseRow]) -> list[dict]:
    """What a row of ``party_cases.html`` prints for each case of ``cases_of_party``
    (with ``case.promise`` and ``case.url``; "" is no link)."""
    rows = []
    for case in cases:
        promise = case.promise
        rows.append({
            "url": case.url, "number": case.number, "case_type": case.case_type.description,
            "channel": case.channel, "status": case.status or "—", "closed": bool(case.end_date),
            "decision_due": day_text(promise.decision_due) or "—",
            # The state is shown beside a legal date only (a closed case has none).
            "has_due": bool(promise.decision_due), "late": promise.late,
            "state": promise.state_label,
        })  # fmt: skip
    return rows


def with_summary_texts(summary: dict[str, list]) -> dict[str, list]:
    """Add the printed dates (``when``) and short questions to the small lists of
    ``contacts.selectors.party_summary`` other than its contacts."""
    for item in summary["contact_requests"]:
        item["when"] = due_text(item["due_at"])
        item["short_question"] = short_text(item["question"])
    for message in summary["sent"]:
        message["when"] = moment_text(message["created_at"])
    for document in summary["documents"]:
        document["when"] = day_text(document["uploaded_at"])
    for attachment in summary["attachments"]:
        attachment["when"] = day_text(attachment["started_at"])
    return summary
