"""Writing the processing log (verwerkingenlogging).

Every service that reads or writes a person's data calls ``processing_log_record``
in the same transaction, so a logged action and its change commit together.
"""

from collections.abc import Iterable

from achterkant.audit.models import Action, ProcessingLogEntry
from achterkant.tenancy.context import require_organisation


class Purpose:
    """Why personal data is processed (doelbinding). Shown to the citizen and the DPO."""

    CONTACT_HANDLING = "Klantcontact afhandelen"
    CASE_HANDLING = "Zaak behandelen"
    CITIZEN_NOTIFICATION = "Burger informeren over zijn zaak"
    PRIVACY_SUPERVISION = "Toezicht op verwerkingen"
    SELF_SERVICE = "Aanvraag van de inwoner zelf (Mijn gemeente)"


def actor_label_for(actor) -> str:
    if actor is None:
        return "systeem"
    # A typed actor (identity.actors) names itself; a bare staff user is named here.
    label = getattr(actor, "log_label", None)
    if label is not None:
        return label
    return f"{actor.get_full_name() or actor.username} ({actor.username})"


def _user_of(actor):
    return getattr(actor, "log_user", actor)


def processing_log_record(
    *,
    actor,
    action: Action,
    bsns: Iterable[str],
    purpose: str,
    object_type: str,
    object_id: str | int = "",
    system: str | None = None,
) -> list[ProcessingLogEntry]:
    """Log one processing for each BSN involved. ``system`` names a non-human actor.

    ``actor`` is a typed actor (``identity.actors``) or a staff user.
    """
    return processing_log_write(
        processing_log_entries(
            actor=actor,
            action=action,
            bsns=bsns,
            purpose=purpose,
            object_type=object_type,
            object_id=object_id,
            system=system,
        )
    )


def processing_log_entries(
    *,
    actor,
    action: Action,
    bsns: Iterable[str],
    purpose: str,
    object_type: str,
    object_id: str | int = "",
    system: str | None = None,
) -> list[ProcessingLogEntry]:
    """The entries :func:`processing_log_record` would write, not yet written.

    For a service that logs several processings of one change: it writes them together
    with :func:`processing_log_write`, one insert instead of one per processing, in the
    same transaction as the change.
    """
    label = system or actor_label_for(actor)
    # bulk_create skips save(), so the tenant is set here from the active context.
    organisation = require_organisation()
    return [
        ProcessingLogEntry(
            organisation=organisation,
            actor=_user_of(actor),
            actor_label=label,
            action=action,
            bsn=bsn,
            purpose=purpose,
            object_type=object_type,
            object_id=str(object_id),
        )
        for bsn in dict.fromkeys(bsns)
        if bsn
    ]


def processing_log_write(entries: list[ProcessingLogEntry]) -> list[ProcessingLogEntry]:
    """Write entries from :func:`processing_log_entries`, in their order, in one insert."""
    if not entries:
        return []
    return ProcessingLogEntry.objects.bulk_create(entries)
