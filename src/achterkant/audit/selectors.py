from achterkant.audit.models import ProcessingLogEntry

PAGE_SIZE = 100


def processing_log_for_bsn(*, bsn: str, before_id: int | None = None) -> list[ProcessingLogEntry]:
    """The newest entries for one BSN in the active organisation, keyset-paginated by id."""
    entries = ProcessingLogEntry.objects.filter(bsn=bsn)
    if before_id is not None:
        entries = entries.filter(pk__lt=before_id)
    return list(entries.order_by("-pk")[:PAGE_SIZE])
