"""``POST /notificaties``: a client publishes a message, routed to the matching abonnementen.

Only rows are written in the request (a notification and its deliveries, in one
transaction); the worker sends them, as it does for our own events. Codes, as the
reference implementation answers them: an unknown kanaal ``kanaal`` / ``message_kanaal``;
kenmerken the kanaal does not list ``kenmerken`` / ``kenmerken_inconsistent``.
"""

from urllib.parse import urlsplit

from django.db import transaction
from django.utils.dateparse import parse_datetime

from achterkant.api.notificaties.delivery import notification_fan_out
from achterkant.api.notificaties.models import Kanaal, Notification
from achterkant.api.notificaties.selectors import kanalen_ensure
from achterkant.api.problems import InvalidInput, InvalidParam

_LIMITS = {"kanaal": 50, "resource": 100, "actie": 100}


def _is_uri(value: str) -> bool:
    try:
        parts = urlsplit(value or "")
    except ValueError:
        return False
    return bool(parts.scheme) and bool(parts.netloc or parts.path)


def notification_publish(*, actor, data: dict) -> dict:
    errors = []
    for name, limit in _LIMITS.items():
        if not 1 <= len(data[name]) <= limit:
            errors.append(InvalidParam(name, "invalid", f"1 tot {limit} tekens."))
    for name in ("hoofdObject", "resourceUrl"):
        if not _is_uri(data[name]):
            errors.append(InvalidParam(name, "invalid", "Geef een geldige URL."))
    try:
        moment = parse_datetime(data["aanmaakdatum"])
    except ValueError:
        moment = None
    if moment is None:
        errors.append(InvalidParam("aanmaakdatum", "invalid", "Geef een datum en tijd (ISO 8601)."))
    kanalen_ensure()
    kanaal = Kanaal.objects.filter(naam=data["kanaal"]).first()
    if kanaal is None:
        errors.append(InvalidParam("kanaal", "message_kanaal", "Er is geen kanaal met deze naam."))
    elif not set(data["kenmerken"]) <= set(kanaal.filters):
        errors.append(
            InvalidParam(
                "kenmerken",
                "kenmerken_inconsistent",
                "De kenmerken passen niet bij de filters van het kanaal.",
            )
        )
    if errors:
        raise InvalidInput(errors)
    message = {
        "kanaal": data["kanaal"],
        "hoofdObject": data["hoofdObject"],
        "resource": data["resource"],
        "resourceUrl": data["resourceUrl"],
        "actie": data["actie"],
        "aanmaakdatum": data["aanmaakdatum"],
        "kenmerken": dict(data["kenmerken"]),
    }
    with transaction.atomic():
        notification = Notification.objects.create(kanaal=kanaal.naam, message=message)
        notification_fan_out(notification)
    return message
