"""Creating, changing and deleting applications: the rules of the Autorisaties API.

The API and the admin both end here. Rules (gemma-zaken, Autorisaties API):

* ac-001: an application may have several client ids; a client id another application
  (of any organisation) already has is refused (``clientIds`` / ``clientId-exists``).
* ac-002: ``heeftAlleAutorisaties`` with explicit autorisaties is refused
  (``nonFieldErrors`` / ``ambiguous-authorizations-specified``), and neither is refused too
  (``nonFieldErrors`` / ``missing-authorizations``).
* ac-003: a zrc autorisatie with a zaken scope needs ``zaaktype`` and
  ``maxVertrouwelijkheidaanduiding``; a drc one with a documenten scope needs
  ``informatieobjecttype`` and ``maxVertrouwelijkheidaanduiding``; a brc one with a
  besluiten scope needs ``besluittype`` (``autorisaties.<i>.<field>`` / ``required``).

Everything is checked before anything is written, and written in one transaction.
"""

import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction

from achterkant.api.autorisaties.models import (
    Application,
    Authorisation,
    ClientCredential,
    Component,
    Confidentiality,
)
from achterkant.api.problems import InvalidInput, InvalidParam
from achterkant.identity.actors import require
from achterkant.notify.services import events_emit

logger = logging.getLogger(__name__)

# The permission a staff member needs (the admin); an API client needs the scope instead,
# which the API adapter checks before it calls here (api.auth.ApiApplication).
PERMISSION_CHANGE = "autorisaties.change_application"

# component -> (scope prefix, the fields an autorisatie with such a scope must have).
SCOPED_TYPE_FIELDS = {
    Component.ZRC: ("zaken.", ("zaaktype", "max_vertrouwelijkheidaanduiding")),
    Component.DRC: ("documenten.", ("informatieobjecttype", "max_vertrouwelijkheidaanduiding")),
    Component.BRC: ("besluiten.", ("besluittype",)),
}
# The fields each component keeps; the others are dropped (the standard shows none).
COMPONENT_FIELDS = {
    Component.ZRC: ("zaaktype", "max_vertrouwelijkheidaanduiding"),
    Component.DRC: ("informatieobjecttype", "max_vertrouwelijkheidaanduiding"),
    Component.BRC: ("besluittype",),
}
API_NAMES = {
    "zaaktype": "zaaktype",
    "informatieobjecttype": "informatieobjecttype",
    "besluittype": "besluittype",
    "max_vertrouwelijkheidaanduiding": "maxVertrouwelijkheidaanduiding",
    "component": "component",
    "scopes": "scopes",
}


@dataclass
class AuthorisationData:
    component: str
    scopes: list[str]
    zaaktype: str = ""
    informatieobjecttype: str = ""
    besluittype: str = ""
    max_vertrouwelijkheidaanduiding: str = ""


@dataclass
class ApplicationData:
    label: str
    client_ids: list[str]
    all_authorisations: bool = False
    authorisations: list[AuthorisationData] = field(default_factory=list)


def _is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and len(value) <= 1000


def authorisation_errors(index: int, data: AuthorisationData) -> list[InvalidParam]:
    """What is wrong with one autorisatie (ac-003 and the field formats)."""
    prefix = f"autorisaties.{index}"
    errors = []
    if data.component not in Component.values:
        errors.append(
            InvalidParam(
                f"{prefix}.component", "invalid_choice", f"'{data.component}' is geen component."
            )
        )
    for position, scope in enumerate(data.scopes):
        if not isinstance(scope, str) or not 1 <= len(scope) <= 100:
            errors.append(
                InvalidParam(
                    f"{prefix}.scopes.{position}", "invalid", "Een scope is 1 tot 100 tekens."
                )
            )
    if data.max_vertrouwelijkheidaanduiding and (
        data.max_vertrouwelijkheidaanduiding not in Confidentiality.values
    ):
        errors.append(
            InvalidParam(
                f"{prefix}.maxVertrouwelijkheidaanduiding",
                "invalid_choice",
                f"'{data.max_vertrouwelijkheidaanduiding}' is geen vertrouwelijkheidaanduiding.",
            )
        )
    for name in ("zaaktype", "informatieobjecttype", "besluittype"):
        value = getattr(data, name)
        if value and not _is_url(value):
            errors.append(
                InvalidParam(f"{prefix}.{name}", "invalid", "Geef een geldige URL (http of https).")
            )
    scope_prefix, required = SCOPED_TYPE_FIELDS.get(data.component, ("", ()))
    if scope_prefix and any(str(s).startswith(scope_prefix) for s in data.scopes):
        for name in required:
            if not getattr(data, name):
                errors.append(
                    InvalidParam(f"{prefix}.{API_NAMES[name]}", "required", "Dit veld is vereist.")
                )
    return errors


def application_errors(data: ApplicationData, *, application: Application | None = None) -> list:
    """Every rule broken by ``data`` (ac-001, ac-002, ac-003), as invalidParams."""
    errors = []
    label = (data.label or "").strip()
    if not 1 <= len(label) <= 100:
        errors.append(InvalidParam("label", "invalid", "Een naam is 1 tot 100 tekens."))
    for client_id in data.client_ids:
        if not isinstance(client_id, str) or not 1 <= len(client_id) <= 50:
            errors.append(InvalidParam("clientIds", "invalid", "Een client-id is 1 tot 50 tekens."))
            break
    else:
        if len(set(data.client_ids)) != len(data.client_ids):
            errors.append(InvalidParam("clientIds", "unique", "Een client-id staat er dubbel in."))
        elif _client_ids_taken(data.client_ids, application):
            errors.append(
                InvalidParam("clientIds", "clientId-exists", "Deze client-id is al in gebruik.")
            )
    if data.all_authorisations and data.authorisations:
        errors.append(
            InvalidParam(
                "nonFieldErrors",
                "ambiguous-authorizations-specified",
                "Geef óf heeftAlleAutorisaties, óf autorisaties, niet allebei.",
            )
        )
    if not data.all_authorisations and not data.authorisations:
        errors.append(
            InvalidParam(
                "nonFieldErrors",
                "missing-authorizations",
                "Geef heeftAlleAutorisaties of ten minste één autorisatie.",
            )
        )
    for index, authorisation in enumerate(data.authorisations):
        errors.extend(authorisation_errors(index, authorisation))
    return errors


def _client_ids_taken(client_ids: list[str], application: Application | None) -> bool:
    # Across every organisation: a token names only its client id (models.ClientCredential).
    taken = ClientCredential.all_tenants.filter(client_id__in=client_ids)
    if application is not None:
        taken = taken.exclude(application_id=application.pk)
    return bool(client_ids) and taken.exists()


def _write(application: Application, data: ApplicationData) -> Application:
    application.label = data.label.strip()
    application.all_authorisations = data.all_authorisations
    application.client_ids = list(data.client_ids)
    application.save()
    kept = {c.client_id: c for c in application.credentials.all()}
    for client_id in set(kept) - set(data.client_ids):
        kept[client_id].delete()
    for position, client_id in enumerate(data.client_ids):
        credential = kept.get(client_id) or ClientCredential(
            application=application, client_id=client_id
        )
        credential.position = position
        credential.save()
    # Autorisaties are replaced as a whole, as the standard's PUT does.
    for old in application.authorisations.all():
        old.delete()
    for position, item in enumerate(data.authorisations):
        kept_fields = COMPONENT_FIELDS.get(item.component, ())
        Authorisation.objects.create(
            application=application,
            component=item.component,
            scopes=list(item.scopes),
            position=position,
            **{name: getattr(item, name) for name in kept_fields},
        )
    return application


def _save(actor, data: ApplicationData, application: Application | None) -> Application:
    errors = application_errors(data, application=application)
    if errors:
        raise InvalidInput(errors)
    try:
        with transaction.atomic():
            result = _write(application or Application(), data)
            _emit(actor, result, "create" if application is None else "update")
    except IntegrityError as error:
        # Another request took one of these client ids between the check and the write.
        raise InvalidInput(
            [InvalidParam("clientIds", "clientId-exists", "Deze client-id is al in gebruik.")]
        ) from error
    logger.info("Koppeling %s opgeslagen door %s", result.uuid, getattr(actor, "log_label", ""))
    return result


def _emit(actor, application: Application, action: str) -> None:
    """The domain event of the change (Notificaties kanaal ``autorisaties``), in its
    transaction: the applicatie's uuid; the kanaal has no kenmerken."""
    reference = str(application.uuid)
    events_emit(
        channel="autorisaties",
        main_reference=reference,
        events=[{"resource": "applicatie", "action": action, "reference": reference}],
        actor=actor,
    )


def application_create(*, actor, data: ApplicationData) -> Application:
    require(actor, PERMISSION_CHANGE)
    return _save(actor, data, None)


def application_update(*, actor, application: Application, data: ApplicationData) -> Application:
    require(actor, PERMISSION_CHANGE)
    return _save(actor, data, application)


def application_delete(*, actor, application: Application) -> None:
    require(actor, PERMISSION_CHANGE)
    with transaction.atomic():
        # One by one (not a bulk delete), so each row tells the settings cache it changed.
        for row in list(application.authorisations.all()) + list(application.credentials.all()):
            row.delete()
        _emit(actor, application, "destroy")
        application.delete()
    logger.info(
        "Koppeling %s verwijderd door %s", application.uuid, getattr(actor, "log_label", "")
    )


def application_data_of(application: Application) -> ApplicationData:
    """The current state as input data, the base of a partial update (PATCH)."""
    return ApplicationData(
        label=application.label,
        client_ids=list(application.client_ids),
        all_authorisations=application.all_authorisations,
        authorisations=[
            AuthorisationData(
                component=a.component,
                scopes=list(a.scopes),
                zaaktype=a.zaaktype,
                informatieobjecttype=a.informatieobjecttype,
                besluittype=a.besluittype,
                max_vertrouwelijkheidaanduiding=a.max_vertrouwelijkheidaanduiding,
            )
            for a in application.authorisations.all()
        ],
    )


def credential_set_secret(*, actor, credential: ClientCredential, secret: str) -> None:
    """Give a client id a new secret (the admin, the token issuer)."""
    require(actor, PERMISSION_CHANGE)
    credential.secret = secret
    credential.save(update_fields=["secret"])
