"""/statussen: a zaak's status history; a new status goes through the desk's own service.

``set_status`` moves the case on and closes it at the end status; on a closed zaak a
status that is not the end status reopens it (``reopen_case``, scope ``zaken.heropenen``).
The rows are the desk's: a status set here shows there at once, and the other way round.
"""

from datetime import datetime

from django.db.models import F
from django.http import HttpRequest, HttpResponse
from ninja import Schema
from pydantic import ConfigDict

from achterkant.api.framework import json_response
from achterkant.api.pagination import paginate
from achterkant.api.problems import PermissionDenied
from achterkant.api.resources import CATALOGI, ZAKEN
from achterkant.api.zaken.api import api
from achterkant.api.zaken.etag import etag_response
from achterkant.api.zaken.parts import access
from achterkant.api.zaken.parts.lists import bool_filter, url_filter
from achterkant.api.zaken.parts.render import RELATED, render_status
from achterkant.cases.models import CaseStatus
from achterkant.cases.services import reopen_case, set_status
from achterkant.catalog.models import StatusType

FIELDS = {"status_type": "statustype", "note": "statustoelichting", "reason": "statustoelichting"}


class StatusIn(Schema):
    model_config = ConfigDict(extra="ignore")

    zaak: str
    statustype: str
    datumStatusGezet: datetime
    statustoelichting: str = ""
    gezetdoor: str | None = None


def _rows():
    return CaseStatus.objects.select_related(*RELATED["status"])


@api.get("/statussen", url_name="status-list")
def status_list(request: HttpRequest) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    rows = _rows().filter(
        access.visible_cases(request, prefix="case__"),
        url_filter(request, "zaak", ZAKEN, "zaken", "case__uuid"),
        url_filter(request, "statustype", CATALOGI, "statustypen", "status_type__uuid"),
    )
    latest = bool_filter(request, "indicatieLaatstGezetteStatus")
    if latest is not None:
        rows = (
            rows.filter(pk=F("case__current_status"))
            if latest
            else rows.exclude(pk=F("case__current_status"))
        )
    rows = rows.order_by("-set_at", "-pk")
    return json_response(paginate(request, rows, lambda row: render_status(request, row)))


@api.get("/statussen/{uuid}", url_name="status-read")
def status_read(request: HttpRequest, uuid: str) -> HttpResponse:
    access.require_any_scope(request, access.READ)
    row = access.get_or_404(_rows().select_related("case__case_type"), uuid)
    access.ensure_case_allowed(request, row.case, access.READ)
    return etag_response(request, render_status(request, row))


@api.api_operation(["HEAD"], "/statussen/{uuid}", url_name="status-head")
def status_head(request: HttpRequest, uuid: str) -> HttpResponse:
    response = status_read(request, uuid)
    response.content = b""
    return response


def _is_end(status_type: StatusType) -> bool:
    # Which of the zaaktype's status types is the last: a catalogue fact the adapter
    # needs to tell a reopening (scope zaken.heropenen) from a forced change.
    return not StatusType.objects.filter(
        case_type_id=status_type.case_type_id, sequence__gt=status_type.sequence
    ).exists()


def _registration_status(case, status_type: StatusType) -> CaseStatus | None:
    """The first status registration set, when the client now sets that same status.

    A ZGW zaak is created without a status and the client sets the first one; Achterkant
    sets it at registration, on every channel (the case promise and the queues need it).
    So a client's first status that is the one already set is that status: answered
    as is, nothing written twice.
    """
    current = case.current_status
    if current is None or current.status_type_id != status_type.pk or case.is_closed:
        return None
    if _is_end(status_type):
        # The end status must close the zaak: that is set_status's work, never skipped.
        return None
    if CaseStatus.objects.filter(case=case).exclude(pk=current.pk).exists():
        return None
    return current


@api.post("/statussen", url_name="status-create")
def status_create(request: HttpRequest, payload: StatusIn) -> HttpResponse:
    caller = access.require_any_scope(request, access.STATUS_WRITE)
    case = access.case_from_url(request, payload.zaak)
    access.ensure_case_allowed(request, case, access.STATUS_WRITE)
    status_type = access.catalog_row(
        request, payload.statustype, "statustypen", StatusType.objects.all(), "statustype"
    )
    wrong_type = status_type.case_type_id != case.case_type_id
    code = "zaaktype-mismatch" if wrong_type else "invalid"
    first = _registration_status(case, status_type)
    if first is not None:
        return json_response(render_status(request, _rows().get(pk=first.pk)), status=201)
    with access.answered(FIELDS, case_error_code=code):
        if case.is_closed and not wrong_type and not _is_end(status_type):
            if not caller.has_scope(access.COMPONENT, access.REOPEN):
                raise PermissionDenied(f"Heropenen van een zaak vraagt de scope {access.REOPEN}.")
            reason = payload.statustoelichting or "Heropend via de Zaken API."
            status = reopen_case(actor=caller, case=case, reason=reason)
            if status.status_type_id != status_type.pk:
                status = set_status(
                    actor=caller, case=case, status_type=status_type,
                    note=payload.statustoelichting,
                )  # fmt: skip
        else:
            force = access.force_for(request, case)
            status = set_status(
                actor=caller, case=case, status_type=status_type,
                note=payload.statustoelichting, force=force,
            )  # fmt: skip
    return json_response(render_status(request, _rows().get(pk=status.pk)), status=201)
