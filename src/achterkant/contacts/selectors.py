from achterkant.contacts.models import Contact


def contacts_for_bsn(*, bsn: str, limit: int = 50) -> list[Contact]:
    """A person's contacts on every channel, newest first."""
    return list(
        Contact.objects.filter(bsn=bsn)
        .select_related("product", "agent", "case")
        .order_by("-started_at", "-pk")[:limit]
    )
