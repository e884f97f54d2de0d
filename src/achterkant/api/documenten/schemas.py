"""The request bodies of the Documenten API, read by hand: each field's type and length
as the OAS gives them, each error with the standard's name and code (``required``,
``invalid``, ``max_length``), so a client sees exactly which field is wrong."""

import base64
import binascii
import json
from datetime import date, datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from achterkant.api.problems import InvalidInput, InvalidParam
from achterkant.api.resources import CATALOGI, local_uuid
from achterkant.cases.models import Document
from achterkant.catalog.models import Confidentiality, DocumentType

# API name -> (model field, kind, max length or choices)
EIO_FIELDS = {
    "identificatie": ("identification", "str", 40),
    "bronorganisatie": ("source_organisation", "str", 9),
    "creatiedatum": ("created_on", "date", None),
    "titel": ("title", "str", 200),
    "vertrouwelijkheidaanduiding": ("confidentiality", "choice", Confidentiality.values),
    "auteur": ("author", "str", 200),
    "status": ("status", "choice", [v for v in Document.Status.values if v]),
    "formaat": ("content_type", "str", 255),
    "taal": ("language", "str", 3),
    "bestandsnaam": ("file_name", "str", 255),
    "link": ("link", "str", 200),
    "beschrijving": ("description", "str", 1000),
    "ontvangstdatum": ("received_on", "date", None),
    "verzenddatum": ("sent_on", "date", None),
    "indicatieGebruiksrecht": ("usage_rights", "bool", None),
    "verschijningsvorm": ("appearance", "str", 255),
    "ondertekening": ("signature", "object", None),
    "integriteit": ("integrity", "object", None),
    "trefwoorden": ("keywords", "strings", 100),
    "inhoudIsVervallen": ("content_expired", "bool", None),
}
EIO_REQUIRED = (
    "bronorganisatie",
    "creatiedatum",
    "titel",
    "auteur",
    "taal",
    "informatieobjecttype",
)
# The model field -> API name, for a service's refusal.
EIO_NAMES = {
    **{model: api for api, (model, _kind, _extra) in EIO_FIELDS.items()},
    "document_type": "informatieobjecttype",
    "size": "bestandsomvang",
    "file": "inhoud",
}


def invalid(name: str, code: str, reason: str) -> InvalidInput:
    return InvalidInput([InvalidParam(name, code, reason)])


def json_body(request: HttpRequest) -> dict:
    try:
        body = json.loads(request.body or b"{}")
    except ValueError as error:
        raise invalid("nonFieldErrors", "parse_error", str(error)) from error
    if not isinstance(body, dict):
        raise invalid("nonFieldErrors", "invalid", "Stuur een JSON-object.")
    return body


def _value(name: str, raw, kind: str, extra):
    if kind == "str":
        if raw is None:
            return ""
        if not isinstance(raw, str):
            raise invalid(name, "invalid", "Geef een tekst.")
        if extra and len(raw) > extra:
            raise invalid(name, "max_length", f"Hooguit {extra} tekens.")
        return raw
    if kind == "date":
        if raw is None:
            return None
        try:
            return date.fromisoformat(str(raw))
        except ValueError as error:
            raise invalid(name, "invalid", "Geef een datum (JJJJ-MM-DD).") from error
    if kind == "datetime":
        parsed = parse_datetime(str(raw)) if raw is not None else None
        if parsed is None:
            try:
                parsed = datetime.combine(date.fromisoformat(str(raw)), datetime.min.time())
            except (TypeError, ValueError) as error:
                raise invalid(name, "invalid", "Geef een datum en tijd (ISO 8601).") from error
        return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed
    if kind == "bool":
        if raw is not None and not isinstance(raw, bool):
            raise invalid(name, "invalid", "Geef true, false of null.")
        return raw
    if kind == "choice":
        if raw in (None, ""):
            return ""
        if raw not in extra:
            raise invalid(name, "invalid_choice", f"Kies uit: {', '.join(extra)}.")
        return raw
    if kind == "object":
        if raw is not None and not isinstance(raw, dict):
            raise invalid(name, "invalid", "Geef een object.")
        return raw or None
    if kind == "strings":
        if raw is None:
            return []
        if not isinstance(raw, list) or not all(isinstance(i, str) and i for i in raw):
            raise invalid(name, "invalid", "Geef een lijst van teksten.")
        if any(len(i) > extra for i in raw):
            raise invalid(name, "max_length", f"Hooguit {extra} tekens per trefwoord.")
        return raw
    raise AssertionError(kind)


def document_type_from(request: HttpRequest, url) -> DocumentType:
    """The informatieobjecttype of this host that ``url`` names; ``bad-url`` otherwise,
    ``not-published`` for a concept."""
    uuid = local_uuid(request, url, CATALOGI, "informatieobjecttypen") if url else None
    document_type = DocumentType.objects.filter(uuid=uuid).first() if uuid else None
    if document_type is None:
        raise invalid(
            "informatieobjecttype", "bad-url", "De URL verwijst niet naar een informatieobjecttype."
        )
    if document_type.is_concept:
        raise invalid(
            "informatieobjecttype",
            "not-published",
            "Dit informatieobjecttype is nog niet gepubliceerd.",
        )
    return document_type


def eio_input(request: HttpRequest, body: dict, *, required: tuple[str, ...]) -> tuple:
    """``(changes, upload, size, lock)`` from a create or update body: the model values of
    the fields sent, the decoded ``inhoud`` (None: not sent or null), ``bestandsomvang``
    (None: not sent) and ``lock``."""
    missing = [name for name in required if body.get(name) in (None, "")]
    if missing:
        raise InvalidInput([InvalidParam(n, "required", "Dit veld is vereist.") for n in missing])
    changes = {}
    for name, (field, kind, extra) in EIO_FIELDS.items():
        if name in body:
            changes[field] = _value(name, body[name], kind, extra)
    if "informatieobjecttype" in body:
        changes["document_type"] = document_type_from(request, body["informatieobjecttype"])
    if changes.get("source_organisation") and not changes["source_organisation"].isdigit():
        raise invalid("bronorganisatie", "invalid", "Dit is geen geldig RSIN (9 cijfers).")
    size = body.get("bestandsomvang")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
        raise invalid("bestandsomvang", "invalid", "Geef een aantal bytes.")
    upload = None
    if body.get("inhoud") not in (None, ""):
        try:
            content = base64.b64decode(body["inhoud"], validate=True)
        except (binascii.Error, ValueError, TypeError) as error:
            raise invalid("inhoud", "invalid", "De inhoud is geen geldige base64.") from error
        name = changes.get("file_name") or "bestand"
        upload = SimpleUploadedFile(name, content)
    lock = body.get("lock")
    if lock is not None and not isinstance(lock, str):
        raise invalid("lock", "invalid", "Geef het lock-id als tekst.")
    return changes, upload, size, lock


def dated(name: str, raw, kind: str = "date"):
    return _value(name, raw, kind, None)
