"""The review queue's rows on the mailbox page: each contact with its suggestions in words.

The confidence is the classifier's probability (``contacts.triage``); an agent reads it
as a word first and the percentage after it, so "72%" is not mistaken for a grade.
"""

from dataclasses import dataclass

from achterkant.contacts.models import Contact

# Lower bounds, best first; below the last one the suggestion is shown as unlikely.
_WORDS = ((0.8, "zeer waarschijnlijk"), (0.5, "waarschijnlijk"), (0.2, "misschien"))


@dataclass(frozen=True)
class Suggested:
    product_id: int
    name: str
    confidence: str  # "waarschijnlijk (72%)"


@dataclass(frozen=True)
class ReviewRow:
    contact: Contact
    first_lines: str
    suggestions: tuple[Suggested, ...]


def confidence_in_words(confidence: float) -> str:
    word = next((word for bound, word in _WORDS if confidence >= bound), "onwaarschijnlijk")
    return f"{word} ({round(confidence * 100)}%)"


def first_lines(text: str, *, subject: str = "", lines: int = 3, limit: int = 240) -> str:
    """The first non-empty lines of a message, enough to recognise what it is about;
    not the subject again, which an e-mail's text starts with."""
    kept = [line.strip() for line in text.splitlines() if line.strip()]
    if subject and kept and kept[0] == subject.strip():
        kept = kept[1:]
    kept = kept[:lines]
    joined = " ".join(kept)
    return joined if len(joined) <= limit else joined[: limit - 1].rstrip() + "…"


def review_rows(contacts: list[Contact]) -> list[ReviewRow]:
    rows = []
    for contact in contacts:
        suggestions = tuple(
            Suggested(item["product_id"], item["naam"], confidence_in_words(item["zekerheid"]))
            for item in contact.triage_suggestions[:3]
            if isinstance(item, dict) and {"product_id", "naam", "zekerheid"} <= item.keys()
        )
        text = first_lines(contact.question, subject=contact.subject)
        rows.append(ReviewRow(contact, text, suggestions))
    return rows
