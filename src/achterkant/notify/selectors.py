from achterkant.notify.models import OutboxMessage, Status
from achterkant.tenancy.compiled import compiled_objects

PAGE_SIZE = 50


def sent_messages(*, before_id: int | None = None) -> list[OutboxMessage]:
    """Sent messages of the active organisation, newest first, keyset-paginated."""
    messages = OutboxMessage.objects.filter(status=Status.SENT)
    if before_id is not None:
        messages = messages.filter(pk__lt=before_id)
    return list(messages.order_by("-pk")[:PAGE_SIZE])


def messages_for_bsn(*, bsn: str, limit: int = 20) -> list[OutboxMessage]:
    """Messages sent (or waiting) to one person, newest first."""
    if not bsn:
        return []
    return list(OutboxMessage.objects.filter(bsn=bsn).order_by("-pk")[:limit])


def berichtenbox_for(bsn: str):
    return OutboxMessage.objects.filter(bsn=bsn, in_berichtenbox=True)


def berichtenbox(*, bsn: str, limit: int = 100) -> list[OutboxMessage]:
    """The citizen's own messages in Mijn gemeente, newest first."""
    if not bsn:
        return []
    return list(berichtenbox_for(bsn).order_by("-pk")[:limit])


def unread_count_for_bsn(*, bsn: str) -> int:
    if not bsn:
        return 0
    return berichtenbox_for(bsn).filter(read_at__isnull=True).count()


def message_for_bsn(*, bsn: str, message_id: int) -> OutboxMessage | None:
    """One message in this person's berichtenbox (a forged id finds nothing)."""
    if not bsn:
        return None
    return berichtenbox_for(bsn).filter(pk=message_id).first()


def messages_for_reference(reference: str) -> list[OutboxMessage]:
    """Messages about one case (its number is the reference), oldest first."""
    return compiled_objects(
        "messages_for_reference", OutboxMessage, _messages_for_reference_query, (reference,),
        stand_ins=(("ZAAK-2000-0000001",), ("ZAAK-2000-0000002",)),
    )  # fmt: skip


def _messages_for_reference_query(reference: str):
    return OutboxMessage.objects.filter(reference=reference).order_by("pk")
