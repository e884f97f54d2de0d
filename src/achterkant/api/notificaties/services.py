"""Creating kanalen and (changing) abonnementen: the rules of the Notificaties API 1.0.

Everything is checked before anything is written, and written in one transaction. Codes,
as the reference implementation answers them:

* a kanaal name the organisation already has: ``naam`` / ``unique``;
* an abonnement on an unknown kanaal: ``kanalen.<i>.naam`` / ``does_not_exist``;
* a filter on a kenmerk the kanaal does not list: ``kanalen.<i>.filters`` /
  ``inconsistent-abonnement-filters``;
* a callback that is no http(s) URL: ``callbackUrl`` / ``invalid``.
"""

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import transaction

from achterkant.api.notificaties.models import Abonnement, AbonnementKanaal, Kanaal
from achterkant.api.notificaties.selectors import kanalen_ensure
from achterkant.api.problems import InvalidInput, InvalidParam


@dataclass
class KanaalData:
    naam: str
    documentatie_link: str = ""
    filters: list[str] = field(default_factory=list)


@dataclass
class FilterGroupData:
    naam: str
    filters: dict[str, str] = field(default_factory=dict)


@dataclass
class AbonnementData:
    callback_url: str
    auth: str
    kanalen: list[FilterGroupData] = field(default_factory=list)


def _is_url(value: str, max_length: int) -> bool:
    try:
        parts = urlsplit(value or "")
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:  # "http://[x", "http://host:port"
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and len(value) <= max_length


def _is_header_value(value: str) -> bool:
    """Sendable as an HTTP header: printable ASCII (and tab), no line breaks."""
    return all(char == "\t" or " " <= char <= "~" for char in value)


def kanaal_create(*, actor, data: KanaalData) -> Kanaal:
    errors = []
    naam = (data.naam or "").strip()
    if not 1 <= len(naam) <= 50:
        errors.append(InvalidParam("naam", "invalid", "Een naam is 1 tot 50 tekens."))
    if data.documentatie_link and not _is_url(data.documentatie_link, 200):
        errors.append(InvalidParam("documentatieLink", "invalid", "Geef een geldige URL."))
    for index, name in enumerate(data.filters):
        if not 1 <= len(name) <= 100:
            errors.append(
                InvalidParam(f"filters.{index}", "invalid", "Een filter is 1 tot 100 tekens.")
            )
    kanalen_ensure()
    if naam and Kanaal.objects.filter(naam=naam).exists():
        errors.append(InvalidParam("naam", "unique", "Er is al een kanaal met deze naam."))
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        return Kanaal.objects.create(
            naam=naam, documentatie_link=data.documentatie_link, filters=list(data.filters)
        )


def _abonnement_errors(data: AbonnementData) -> tuple[list[InvalidParam], dict[str, Kanaal]]:
    errors = []
    if not _is_url(data.callback_url, 200):
        errors.append(
            InvalidParam("callbackUrl", "invalid", "Geef een geldige URL (http of https).")
        )
    if not 1 <= len(data.auth or "") <= 1000 or not _is_header_value(data.auth):
        errors.append(
            InvalidParam(
                "auth", "invalid", "De header is 1 tot 1000 tekens, zonder regeleinden (ASCII)."
            )
        )
    kanalen_ensure()
    known = {k.naam: k for k in Kanaal.objects.filter(naam__in=[g.naam for g in data.kanalen])}
    if not data.kanalen:
        errors.append(InvalidParam("kanalen", "required", "Geef minstens één kanaal."))
    for index, group in enumerate(data.kanalen):
        kanaal = known.get(group.naam)
        if kanaal is None:
            errors.append(
                InvalidParam(
                    f"kanalen.{index}.naam",
                    "does_not_exist",
                    f"Er is geen kanaal met de naam '{group.naam}'.",
                )
            )
            continue
        unknown = sorted(set(group.filters) - set(kanaal.filters))
        if unknown:
            errors.append(
                InvalidParam(
                    f"kanalen.{index}.filters",
                    "inconsistent-abonnement-filters",
                    f"Het kanaal '{kanaal.naam}' kent deze kenmerken niet: {', '.join(unknown)}.",
                )
            )
        for key, value in group.filters.items():
            if not 1 <= len(value) <= 1000:
                errors.append(
                    InvalidParam(
                        f"kanalen.{index}.filters.{key}",
                        "invalid",
                        "Een filter is 1 tot 1000 tekens.",
                    )
                )
    return errors, known


def _write_kanalen(abonnement: Abonnement, data: AbonnementData, known: dict) -> None:
    AbonnementKanaal.objects.filter(abonnement=abonnement).delete()
    AbonnementKanaal.objects.bulk_create(
        AbonnementKanaal(
            organisation=abonnement.organisation,
            abonnement=abonnement,
            kanaal=known[group.naam],
            filters=dict(group.filters),
            position=position,
        )
        for position, group in enumerate(data.kanalen)
    )


def abonnement_create(*, actor, data: AbonnementData) -> Abonnement:
    errors, known = _abonnement_errors(data)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        abonnement = Abonnement.objects.create(
            callback_url=data.callback_url,
            auth=data.auth,
            client_id=getattr(actor, "client_id", "")[:50],
        )
        _write_kanalen(abonnement, data, known)
    return abonnement


def abonnement_update(*, actor, abonnement: Abonnement, data: AbonnementData) -> Abonnement:
    errors, known = _abonnement_errors(data)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        abonnement.callback_url = data.callback_url
        abonnement.auth = data.auth
        abonnement.save(update_fields=["callback_url", "auth"])
        _write_kanalen(abonnement, data, known)
    return abonnement


def abonnement_data_of(abonnement: Abonnement) -> AbonnementData:
    return AbonnementData(
        callback_url=abonnement.callback_url,
        auth=abonnement.auth,
        kanalen=[
            FilterGroupData(naam=row.kanaal.naam, filters=dict(row.filters))
            for row in abonnement.kanalen.all()
        ],
    )


def abonnement_delete(*, actor, abonnement: Abonnement) -> None:
    # Its deliveries go with it (CASCADE): nothing more is sent to a deleted abonnement.
    with transaction.atomic():
        abonnement.delete()
