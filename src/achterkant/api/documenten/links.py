"""gebruiksrechten, verzendingen, objectinformatieobjecten and bestandsdelen: what hangs
from an informatieobject. Each is seen and changed under the autorisaties of its
informatieobject."""

from django.db.models import Q
from django.http import HttpRequest, HttpResponse

from achterkant.api.auth import ApiApplication, authenticate
from achterkant.api.documenten import access
from achterkant.api.documenten.api import api
from achterkant.api.documenten.expand import expand
from achterkant.api.documenten.render import (
    BESLUITEN,
    DOCUMENTEN,
    EIO,
    render_dispatch,
    render_oio,
    render_part,
    render_usage_right,
)
from achterkant.api.documenten.schemas import dated, invalid, json_body
from achterkant.api.framework import ZgwJwt, json_response
from achterkant.api.pagination import paginate
from achterkant.api.problems import InvalidInput, InvalidParam, NotFound, PayloadTooLarge
from achterkant.api.resources import ZAKEN, local_uuid
from achterkant.api.zaken.etag import etag_response
from achterkant.api.zaken.parts.access import answered
from achterkant.cases.models import (
    Case,
    CaseDocument,
    Decision,
    DecisionDocument,
    Document,
    DocumentDispatch,
    DocumentPart,
    DocumentUsageRight,
)
from achterkant.cases.services import dispatches, usage_rights
from achterkant.cases.services import informationobjects as service
from achterkant.catalog import selectielijst


def _document_from(request: HttpRequest, url, scopes, field: str = "informatieobject") -> Document:
    uuid = local_uuid(request, url, DOCUMENTEN, EIO) if isinstance(url, str) else None
    document = access.documents().filter(uuid=uuid).first() if uuid else None
    if document is None:
        raise invalid(field, "bad-url", "De URL verwijst niet naar een informatieobject.")
    access.ensure_document_allowed(request, document, scopes)
    return document


def _expanded(request: HttpRequest, bodies: list[dict]):
    expand(request, bodies, request.GET.get("expand"))
    return json_response(bodies)


def _informatieobject_filter(request: HttpRequest) -> Q:
    raw = request.GET.get("informatieobject")
    if raw in (None, ""):
        return Q()
    uuid = local_uuid(request, raw, DOCUMENTEN, EIO)
    return Q(document__uuid=uuid) if uuid else Q(pk__in=[])


# --- gebruiksrechten ----------------------------------------------------------------------

_DATE_FILTERS = {
    f"{api}__{op}": f"{field}__{op}"
    for api, field in (("startdatum", "starts_at"), ("einddatum", "ends_at"))
    for op in ("lt", "lte", "gt", "gte")
}


def _usage_rights(request: HttpRequest):
    return DocumentUsageRight.objects.select_related("document").filter(
        access.visible_documents(request, prefix="document__")
    )


def _usage_data(body: dict, *, partial: bool) -> dict:
    names = {
        "startdatum": "starts_at",
        "einddatum": "ends_at",
        "omschrijvingVoorwaarden": "conditions",
    }
    if not partial:
        missing = [
            n for n in ("startdatum", "omschrijvingVoorwaarden") if body.get(n) in (None, "")
        ]
        if missing:
            raise InvalidInput(
                [InvalidParam(n, "required", "Dit veld is vereist.") for n in missing]
            )
    data = {}
    for api_name, field in names.items():
        if api_name not in body:
            continue
        if field == "conditions":
            if not isinstance(body[api_name], str) or not body[api_name]:
                raise invalid(api_name, "invalid", "Geef een tekst.")
            data[field] = body[api_name]
        else:
            data[field] = dated(api_name, body[api_name], "datetime") if body[api_name] else None
    return data


@api.get("/gebruiksrechten", url_name="gebruiksrechten-list")
def usage_right_list(request: HttpRequest) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    rows = _usage_rights(request).filter(_informatieobject_filter(request))
    for param, lookup in _DATE_FILTERS.items():
        if request.GET.get(param):
            rows = rows.filter(**{lookup: dated(param, request.GET[param], "datetime")})
    return _expanded(request, [render_usage_right(request, row) for row in rows.order_by("pk")])


@api.post("/gebruiksrechten", url_name="gebruiksrechten-create")
def usage_right_create(request: HttpRequest) -> HttpResponse:
    caller = access.require_any_scope(request, access.CREATE)
    body = json_body(request)
    if body.get("informatieobject") in (None, ""):
        raise invalid("informatieobject", "required", "Dit veld is vereist.")
    document = _document_from(request, body["informatieobject"], access.CREATE)
    data = _usage_data(body, partial=False)
    with answered({"ends_at": "einddatum", "starts_at": "startdatum"}):
        row = usage_rights.usage_right_save(actor=caller, document=document, data=data)
    result = render_usage_right(request, row)
    response = json_response(result, status=201)
    response["Location"] = result["url"]
    return response


def _usage_right(request: HttpRequest, uuid: str, scopes) -> DocumentUsageRight:
    row = access.get_or_404(
        DocumentUsageRight.objects.select_related("document__document_type"), uuid
    )
    access.ensure_document_allowed(request, row.document, scopes)
    return row


@api.get("/gebruiksrechten/{uuid}", url_name="gebruiksrechten-read")
def usage_right_read(request: HttpRequest, uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    body = render_usage_right(request, _usage_right(request, uuid, access.READ))
    expand(request, [body], request.GET.get("expand"))
    return etag_response(request, body)


@api.api_operation(["HEAD"], "/gebruiksrechten/{uuid}", url_name="gebruiksrechten-head")
def usage_right_head(request: HttpRequest, uuid: str) -> HttpResponse:
    response = usage_right_read(request, uuid)
    response.content = b""
    return response


def _usage_right_update(request: HttpRequest, uuid: str, *, partial: bool) -> HttpResponse:
    caller = access.require_any_scope(request, access.WRITE)
    row = _usage_right(request, uuid, access.WRITE)
    body = json_body(request)
    if (
        "informatieobject" in body
        and body["informatieobject"] != render_usage_right(request, row)["informatieobject"]
    ):
        raise invalid(
            "informatieobject", "wijzigen-niet-toegelaten", "Het informatieobject ligt vast."
        )
    data = _usage_data(body, partial=partial)
    with answered({"ends_at": "einddatum", "starts_at": "startdatum"}):
        row = usage_rights.usage_right_save(actor=caller, document=row.document, data=data, row=row)
    return etag_response(request, render_usage_right(request, row))


@api.put("/gebruiksrechten/{uuid}", url_name="gebruiksrechten-update")
def usage_right_update(request: HttpRequest, uuid: str) -> HttpResponse:
    return _usage_right_update(request, uuid, partial=False)


@api.patch("/gebruiksrechten/{uuid}", url_name="gebruiksrechten-partial-update")
def usage_right_partial_update(request: HttpRequest, uuid: str) -> HttpResponse:
    return _usage_right_update(request, uuid, partial=True)


@api.delete("/gebruiksrechten/{uuid}", url_name="gebruiksrechten-delete")
def usage_right_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = access.require_any_scope(request, access.DELETE)
    row = _usage_right(request, uuid, access.DELETE)
    with answered():
        usage_rights.usage_right_delete(actor=caller, row=row)
    return HttpResponse(status=204)


# --- verzendingen -------------------------------------------------------------------------

_DISPATCH_FIELDS = {
    "betrokkene": ("party_url", "url", 200),
    "aardRelatie": ("relation", "choice", DocumentDispatch.Relation.values),
    "toelichting": ("explanation", "str", 200),
    "ontvangstdatum": ("received_on", "date", None),
    "verzenddatum": ("sent_on", "date", None),
    "contactPersoon": ("contact_url", "url", 1000),
    "contactpersoonnaam": ("contact_name", "str", 40),
    "binnenlandsCorrespondentieadres": ("domestic_address", "object", None),
    "buitenlandsCorrespondentieadres": ("foreign_address", "object", None),
    "correspondentiePostadres": ("postal_address", "object", None),
    "faxnummer": ("fax", "str", 15),
    "emailadres": ("email", "str", 100),
    "mijnOverheid": ("mijn_overheid", "bool", None),
    "telefoonnummer": ("phone", "str", 15),
}
_DISPATCH_REQUIRED = ("betrokkene", "aardRelatie", "contactPersoon")
_DISPATCH_NAMES = {field: name for name, (field, _k, _e) in _DISPATCH_FIELDS.items()}


def _dispatch_data(body: dict, *, partial: bool) -> dict:
    from achterkant.api.documenten.schemas import _value

    if not partial:
        missing = [n for n in _DISPATCH_REQUIRED if body.get(n) in (None, "")]
        if missing:
            raise InvalidInput(
                [InvalidParam(n, "required", "Dit veld is vereist.") for n in missing]
            )
    data = {}
    for name, (field, kind, extra) in _DISPATCH_FIELDS.items():
        if name not in body:
            continue
        if kind == "url":
            value = body[name] or ""
            if not isinstance(value, str) or (
                value and not value.startswith(("http://", "https://"))
            ):
                raise invalid(name, "invalid", "Geef een URL.")
            if len(value) > extra:
                raise invalid(name, "max_length", f"Hooguit {extra} tekens.")
            data[field] = value
        elif kind == "bool":
            data[field] = bool(_value(name, body[name], kind, extra))
        else:
            data[field] = _value(name, body[name], kind, extra)
    return data


def _dispatches(request: HttpRequest):
    return DocumentDispatch.objects.select_related("document").filter(
        access.visible_documents(request, prefix="document__")
    )


@api.get("/verzendingen", url_name="verzending-list")
def dispatch_list(request: HttpRequest) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    rows = _dispatches(request).filter(_informatieobject_filter(request))
    if request.GET.get("aardRelatie"):
        rows = rows.filter(relation=request.GET["aardRelatie"])
    if request.GET.get("betrokkene"):
        rows = rows.filter(party_url=request.GET["betrokkene"])
    page = paginate(request, rows.order_by("pk"), lambda r: render_dispatch(request, r))
    expand(request, page["results"], request.GET.get("expand"))
    return json_response(page)


@api.post("/verzendingen", url_name="verzending-create")
def dispatch_create(request: HttpRequest) -> HttpResponse:
    caller = access.require_any_scope(request, access.CREATE)
    body = json_body(request)
    if body.get("informatieobject") in (None, ""):
        raise invalid("informatieobject", "required", "Dit veld is vereist.")
    document = _document_from(request, body["informatieobject"], access.CREATE)
    data = _dispatch_data(body, partial=False)
    with answered(_DISPATCH_NAMES):
        row = dispatches.dispatch_save(actor=caller, document=document, data=data)
    result = render_dispatch(request, row)
    response = json_response(result, status=201)
    response["Location"] = result["url"]
    return response


def _dispatch(request: HttpRequest, uuid: str, scopes) -> DocumentDispatch:
    row = access.get_or_404(
        DocumentDispatch.objects.select_related("document__document_type"), uuid
    )
    access.ensure_document_allowed(request, row.document, scopes)
    return row


@api.get("/verzendingen/{uuid}", url_name="verzending-read")
def dispatch_read(request: HttpRequest, uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    body = render_dispatch(request, _dispatch(request, uuid, access.READ))
    expand(request, [body], request.GET.get("expand"))
    return etag_response(request, body)


@api.api_operation(["HEAD"], "/verzendingen/{uuid}", url_name="verzending-head")
def dispatch_head(request: HttpRequest, uuid: str) -> HttpResponse:
    response = dispatch_read(request, uuid)
    response.content = b""
    return response


def _dispatch_update(request: HttpRequest, uuid: str, *, partial: bool) -> HttpResponse:
    caller = access.require_any_scope(request, access.WRITE)
    row = _dispatch(request, uuid, access.WRITE)
    body = json_body(request)
    document = row.document
    if body.get("informatieobject"):
        document = _document_from(request, body["informatieobject"], access.WRITE)
    data = _dispatch_data(body, partial=partial)
    with answered(_DISPATCH_NAMES):
        row = dispatches.dispatch_save(actor=caller, document=document, data=data, row=row)
    return etag_response(request, render_dispatch(request, row))


@api.put("/verzendingen/{uuid}", url_name="verzending-update")
def dispatch_update(request: HttpRequest, uuid: str) -> HttpResponse:
    return _dispatch_update(request, uuid, partial=False)


@api.patch("/verzendingen/{uuid}", url_name="verzending-partial-update")
def dispatch_partial_update(request: HttpRequest, uuid: str) -> HttpResponse:
    return _dispatch_update(request, uuid, partial=True)


@api.delete("/verzendingen/{uuid}", url_name="verzending-delete")
def dispatch_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = access.require_any_scope(request, access.DELETE)
    row = _dispatch(request, uuid, access.DELETE)
    with answered():
        dispatches.dispatch_delete(actor=caller, row=row)
    return HttpResponse(status=204)


# --- objectinformatieobjecten -------------------------------------------------------------
#
# A view over the links of documents: a zaak's links are its zaakinformatieobjecten
# (CaseDocument, made through the Zaken API), a besluit's its besluitinformatieobjecten
# (DecisionDocument, made through the Besluiten API), as in Open Zaak when the APIs are one
# installation. A POST therefore never makes a link: for a zaak or besluit of this host it
# answers ``unique`` when the link is there and ``inconsistent-relation`` when it is not
# (make the zaakinformatieobject or besluitinformatieobject first).

_REGISTER = {"zaak": "Zaken API", "besluit": "Besluiten API"}


def _oio_querysets(request: HttpRequest):
    visible = access.visible_documents(request, prefix="document__")
    return (
        CaseDocument.objects.select_related("case", "document").filter(visible),
        DecisionDocument.objects.select_related("decision", "document").filter(visible),
    )


def _oio_get(request: HttpRequest, uuid: str) -> CaseDocument | DecisionDocument:
    zaak_links, besluit_links = _oio_querysets(request)
    try:
        return access.get_or_404(zaak_links, uuid)
    except NotFound:
        return access.get_or_404(besluit_links, uuid)


@api.get("/objectinformatieobjecten", url_name="oio-list")
def oio_list(request: HttpRequest) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    zaak_links, besluit_links = _oio_querysets(request)
    wanted = _informatieobject_filter(request)
    zaak_links, besluit_links = zaak_links.filter(wanted), besluit_links.filter(wanted)
    raw = request.GET.get("object")
    if raw:
        zaak_uuid = local_uuid(request, raw, ZAKEN, "zaken")
        besluit_uuid = local_uuid(request, raw, BESLUITEN, "besluiten")
        zaak_links = zaak_links.filter(case__uuid=zaak_uuid) if zaak_uuid else zaak_links.none()
        besluit_links = (
            besluit_links.filter(decision__uuid=besluit_uuid)
            if besluit_uuid
            else besluit_links.none()
        )
    rows = sorted([*zaak_links, *besluit_links], key=lambda row: (row.registered_at, row.uuid))
    return _expanded(request, [render_oio(request, row) for row in rows])


def _remote_object(url: str, kind: str) -> None:
    """An object URL not of this host: only a trusted service is asked (bad-url when it
    does not answer it, invalid-resource when it is no zaak or besluit); never any host."""
    if not selectielijst.trusted(url):
        raise invalid("object", "bad-url", f"De URL verwijst niet naar een bekende {kind}.")
    try:
        body = selectielijst.fetch(url)
    except selectielijst.SelectielijstError as error:
        raise invalid("object", error.code or "bad-url", error.messages[0]) from error
    wanted = {"zaak": {"zaaktype", "identificatie"}, "besluit": {"besluittype", "identificatie"}}
    if not wanted[kind] <= body.keys():
        raise invalid("object", "invalid-resource", f"Dit is geen {kind}.")
    # A remote zaak or besluit: this installation keeps no links to other registers.
    raise invalid(
        "nonFieldErrors", "inconsistent-relation", f"Deze {kind} is niet van deze registratie."
    )


@api.post("/objectinformatieobjecten", url_name="oio-create")
def oio_create(request: HttpRequest) -> HttpResponse:
    access.require_any_scope(request, access.CREATE)
    body = json_body(request)
    missing = [n for n in ("informatieobject", "object", "objectType") if body.get(n) in (None, "")]
    if missing:
        raise InvalidInput([InvalidParam(n, "required", "Dit veld is vereist.") for n in missing])
    kind = body["objectType"]
    if kind not in ("zaak", "besluit", "verzoek"):
        raise invalid("objectType", "invalid_choice", "Kies zaak, besluit of verzoek.")
    document = _document_from(request, body["informatieobject"], access.CREATE)
    url = body["object"]
    if kind == "zaak":
        uuid = local_uuid(request, url, ZAKEN, "zaken")
        case = Case.objects.filter(uuid=uuid).first() if uuid else None
        if case is None:
            _remote_object(url, "zaak")
        if CaseDocument.objects.filter(case=case, document=document).exists():
            raise invalid(
                "nonFieldErrors", "unique", "Dit informatieobject hoort al bij deze zaak."
            )
    elif kind == "besluit":
        uuid = local_uuid(request, url, BESLUITEN, "besluiten")
        if uuid is None:
            _remote_object(url, "besluit")
        decision = Decision.objects.filter(uuid=uuid).first()
        if decision is None:
            raise invalid("object", "bad-url", "De URL verwijst niet naar een besluit.")
        if DecisionDocument.objects.filter(decision=decision, document=document).exists():
            raise invalid(
                "nonFieldErrors", "unique", "Dit informatieobject hoort al bij dit besluit."
            )
    else:
        raise invalid("object", "bad-url", "Verzoeken worden hier niet bijgehouden.")
    raise invalid(
        "nonFieldErrors",
        "inconsistent-relation",
        f"Koppel het informatieobject eerst in de {_REGISTER[kind]}.",
    )


@api.get("/objectinformatieobjecten/{uuid}", url_name="oio-read")
def oio_read(request: HttpRequest, uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    body = render_oio(request, _oio_get(request, uuid))
    expand(request, [body], request.GET.get("expand"))
    return etag_response(request, body)


@api.api_operation(["HEAD"], "/objectinformatieobjecten/{uuid}", url_name="oio-head")
def oio_head(request: HttpRequest, uuid: str) -> HttpResponse:
    response = oio_read(request, uuid)
    response.content = b""
    return response


@api.delete("/objectinformatieobjecten/{uuid}", url_name="oio-delete")
def oio_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.DELETE)
    row = _oio_get(request, uuid)
    # The link is the zaak's or the besluit's: it goes with DELETE of the
    # zaakinformatieobject (Zaken API) or besluitinformatieobject (Besluiten API).
    if isinstance(row, DecisionDocument):
        where = "het besluitinformatieobject in de Besluiten API"
    else:
        where = "het zaakinformatieobject in de Zaken API"
    raise invalid("nonFieldErrors", "inconsistent-relation", f"Deze koppeling hoort bij {where}.")


# --- bestandsdelen ------------------------------------------------------------------------


class UploadJwt(ZgwJwt):
    """The API's JWT check for the one endpoint that takes a form (multipart), not JSON."""

    def __call__(self, request: HttpRequest) -> ApiApplication:
        from django.conf import settings

        caller = authenticate(request.headers.get("Authorization", ""))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.DOCUMENT_PART_BYTES + 64 * 1024:
            raise PayloadTooLarge()
        return caller


@api.put("/bestandsdelen/{uuid}", url_name="bestandsdeel-update", auth=UploadJwt())
def part_update(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = access.require_any_scope(request, access.WRITE)
    part = access.get_or_404(DocumentPart.objects.select_related("document__document_type"), uuid)
    access.ensure_document_allowed(request, part.document, access.WRITE)
    # Django parses a form only for POST; a PUT's form is read the same way here.
    if request.content_type not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        raise invalid(
            "nonFieldErrors", "invalid", "Stuur het bestandsdeel als multipart/form-data."
        )
    method, request.method = request.method, "POST"
    try:
        for attribute in ("_post", "_files"):
            if hasattr(request, attribute):
                delattr(request, attribute)
        request._load_post_and_files()
    finally:
        request.method = method
    data, files = request.POST, request.FILES
    lock = data.get("lock")
    if not lock:
        raise invalid("lock", "required", "Dit veld is vereist.")
    content = files.get("inhoud") if files else None
    if content is None:
        raise invalid("inhoud", "required", "Dit veld is vereist.")
    with answered({"file": "inhoud"}):
        part = service.part_upload(actor=caller, part=part, lock=lock, content=content)
    return json_response(render_part(request, part))
