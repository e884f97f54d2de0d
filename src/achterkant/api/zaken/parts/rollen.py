"""/rollen: who is involved in a zaak, through the desk's ``add_role``.

ZGW registers a zaak without a rol and adds the initiator afterwards; ``add_role``
makes the first initiator with a BSN the case's applicant and sends them the *Zaak
gestart* message, as every other channel does at registration. A rol with a BSN is
personal data: reading it is logged in the processing log.
"""

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from ninja import Schema
from pydantic import ConfigDict

from achterkant.api.framework import json_response
from achterkant.api.pagination import paginate
from achterkant.api.problems import InvalidInput, InvalidParam
from achterkant.api.resources import CATALOGI, ZAKEN
from achterkant.api.zaken.api import api
from achterkant.api.zaken.etag import etag_response
from achterkant.api.zaken.parts import access
from achterkant.api.zaken.parts.lists import text_filter, url_filter
from achterkant.api.zaken.parts.render import RELATED, render_rol
from achterkant.audit.models import Action
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.cases.models import Role
from achterkant.cases.services import add_role
from achterkant.cases.services.parts import remove_role
from achterkant.catalog.models import RoleType

SubjectType = Role.SubjectType
FIELDS = {
    "role_type": "roltype", "subject_type": "betrokkeneType", "subject_url": "betrokkene",
    "display_name": "afwijkendeNaamBetrokkene", "explanation": "roltoelichting",
    "authorisation": "indicatieMachtiging", "bsn": "betrokkeneIdentificatie.inpBsn",
    "rsin": "betrokkeneIdentificatie.innNnpId",
    "kvk_number": "betrokkeneIdentificatie.annIdentificatie",
    "branch_number": "betrokkeneIdentificatie.vestigingsNummer",
    "team_identification": "betrokkeneIdentificatie.identificatie",
    "staff_member": "betrokkeneIdentificatie.identificatie",
}  # fmt: skip
# ?betrokkeneIdentificatie__<kind>__<field>= and the column it filters.
IDENTIFICATION_FILTERS = {
    "betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": "bsn",
    "betrokkeneIdentificatie__nietNatuurlijkPersoon__innNnpId": "rsin",
    "betrokkeneIdentificatie__nietNatuurlijkPersoon__annIdentificatie": "kvk_number",
    "betrokkeneIdentificatie__vestiging__vestigingsNummer": "branch_number",
    "betrokkeneIdentificatie__organisatorischeEenheid__identificatie": "team_identification",
    "betrokkeneIdentificatie__medewerker__identificatie": "staff_member__username",
}


class RolIn(Schema):
    model_config = ConfigDict(extra="ignore")

    zaak: str
    betrokkeneType: str
    roltype: str
    betrokkene: str | None = ""
    roltoelichting: str
    afwijkendeNaamBetrokkene: str | None = ""
    indicatieMachtiging: str | None = ""
    betrokkeneIdentificatie: dict | None = None


def _rows():
    return Role.objects.select_related(*RELATED["rol"], "case__case_type")


def log_role_reads(request: HttpRequest, rows: list[Role]) -> None:
    """Log the BSNs the caller saw in these roles, in one write: a page is one processing.
    (Also for ``expand=rollen`` of the zaken resource.)"""
    bsns = [row.bsn for row in rows if row.bsn]
    if not bsns:
        return
    numbers = {row.case.number for row in rows if row.bsn}
    processing_log_record(
        actor=request.auth,
        action=Action.READ,
        bsns=bsns,
        purpose=Purpose.CASE_HANDLING,
        object_type="rol",
        object_id=numbers.pop() if len(numbers) == 1 else "",
    )


@api.get("/rollen", url_name="rol-list")
def rol_list(request: HttpRequest) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    filters = [
        access.visible_cases(request, prefix="case__"),
        url_filter(request, "zaak", ZAKEN, "zaken", "case__uuid"),
        url_filter(request, "roltype", CATALOGI, "roltypen", "role_type__uuid"),
        text_filter(request, "betrokkene", "subject_url"),
        text_filter(request, "betrokkeneType", "subject_type"),
        text_filter(request, "omschrijving", "role_type__description"),
        text_filter(request, "omschrijvingGeneriek", "role_type__generic_description"),
    ]
    filters += [text_filter(request, p, c) for p, c in IDENTIFICATION_FILTERS.items()]
    rows = _rows().filter(*filters).order_by("pk")
    page = paginate(request, rows, lambda row: row)
    log_role_reads(request, page["results"])
    page["results"] = [render_rol(request, row) for row in page["results"]]
    return json_response(page)


def _get(request: HttpRequest, uuid: str, scopes) -> Role:
    row = access.get_or_404(_rows(), uuid)
    access.ensure_case_allowed(request, row.case, scopes)
    return row


@api.get("/rollen/{uuid}", url_name="rol-read")
def rol_read(request: HttpRequest, uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    row = _get(request, uuid, access.READ)
    log_role_reads(request, [row])
    return etag_response(request, render_rol(request, row))


@api.api_operation(["HEAD"], "/rollen/{uuid}", url_name="rol-head")
def rol_head(request: HttpRequest, uuid: str) -> HttpResponse:
    response = rol_read(request, uuid)
    response.content = b""
    return response


def _identifiers(kind: str, given: dict, case) -> dict:
    """The betrokkeneIdentificatie as ``add_role``'s keywords, for this betrokkeneType."""

    def text(name: str) -> str:
        value = given.get(name)
        return value.strip() if isinstance(value, str) else ""

    if kind == SubjectType.NATURAL_PERSON:
        return {"bsn": text("inpBsn")}
    if kind == SubjectType.NON_NATURAL_PERSON:
        return {"rsin": text("innNnpId"), "kvk_number": text("annIdentificatie")}
    if kind == SubjectType.BRANCH:
        return {"branch_number": text("vestigingsNummer"), "kvk_number": text("kvkNummer")}
    if kind == SubjectType.TEAM:
        return {"team_identification": text("identificatie")}
    if kind == SubjectType.STAFF and text("identificatie"):
        user = (
            get_user_model()
            .objects.filter(organisation_id=case.organisation_id, username=text("identificatie"))
            .first()
        )
        if user is None:
            raise InvalidInput([InvalidParam(
                "betrokkeneIdentificatie.identificatie", "invalid",
                "Er is geen medewerker met deze identificatie.",
            )])  # fmt: skip
        return {"staff_member": user}
    return {}


@api.post("/rollen", url_name="rol-create")
def rol_create(request: HttpRequest, payload: RolIn) -> HttpResponse:
    caller = access.require_any_scope(request, access.WRITE)
    case = access.case_from_url(request, payload.zaak)
    access.ensure_case_allowed(request, case, access.WRITE)
    role_type = access.catalog_row(
        request, payload.roltype, "roltypen", RoleType.objects.all(), "roltype"
    )
    if payload.betrokkeneType not in SubjectType.values:
        raise InvalidInput([InvalidParam(
            "betrokkeneType", "invalid_choice", "Kies een bestaand betrokkenetype."
        )])  # fmt: skip
    identifiers = _identifiers(payload.betrokkeneType, payload.betrokkeneIdentificatie or {}, case)
    subject_url = payload.betrokkene or ""
    force = access.force_for(request, case)
    code = "zaaktype-mismatch" if role_type.case_type_id != case.case_type_id else "invalid"
    with access.answered(FIELDS, case_error_code=code):
        role = add_role(
            actor=caller, case=case, role_type=role_type,
            subject_type=payload.betrokkeneType, subject_url=subject_url,
            display_name=payload.afwijkendeNaamBetrokkene or "",
            explanation=payload.roltoelichting,
            authorisation=payload.indicatieMachtiging or "", force=force, **identifiers,
        )  # fmt: skip
    return json_response(render_rol(request, _rows().get(pk=role.pk)), status=201)


@api.delete("/rollen/{uuid}", url_name="rol-delete")
def rol_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    caller = access.require_any_scope(request, access.WRITE)
    row = _get(request, uuid, access.WRITE)
    force = access.force_for(request, row.case)
    with access.answered(FIELDS):
        remove_role(actor=caller, role=row, force=force)
    return HttpResponse(status=204)
