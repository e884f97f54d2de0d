"""``expand``: a zaak's status, resultaat, rollen and eigenschappen in the same answer.

ZGW 1.5 puts the expanded resources under ``_expand`` of each zaak. Each part costs one
query for the whole page, and only when asked for; the parts are rendered by the
sub-resources' own renderers (``parts.render``). Expanding rollen shows BSNs: that read
is logged, as a read of ``/rollen`` is. The zaaktype is this host's Catalogi API's, shown
by that API's own selector and renderer. Nested names (``status.statustype``) expand
their first level.
"""

from django.http import HttpRequest

from achterkant.api.zaken.parts.render import (
    RELATED,
    render_resultaat,
    render_rol,
    render_status,
    render_zaakeigenschap,
)
from achterkant.api.zaken.parts.rollen import log_role_reads
from achterkant.cases.models import CaseProperty, CaseStatus, Result, Role

SUPPORTED = ("zaaktype", "status", "resultaat", "rollen", "eigenschappen")


def requested(raw) -> list[str]:
    names = raw if isinstance(raw, (list, tuple)) else str(raw or "").split(",")
    wanted = {name.strip().split(".")[0] for name in names if name.strip()}
    return [name for name in SUPPORTED if name in wanted]


def add_expansions(request: HttpRequest, cases: list, bodies: list[dict], raw) -> None:
    """Fill ``_expand`` of each body (same order as ``cases``) with what ``raw`` asks."""
    names = requested(raw)
    if not names or not cases:
        return
    ids = [case.pk for case in cases]
    found: dict[str, dict[int, object]] = {}
    if "zaaktype" in names:
        # The Catalogi API's representation, read only when asked for.
        from achterkant.api.catalogi import render as catalogi_render
        from achterkant.api.catalogi import selectors as catalogi_selectors

        urls = catalogi_render.Urls(request)
        rows = catalogi_selectors.case_types().filter(pk__in={c.case_type_id for c in cases})
        by_type = {row.pk: catalogi_render.zaaktype(urls, row) for row in rows}
        found["zaaktype"] = {c.pk: by_type.get(c.case_type_id) for c in cases}
    if "status" in names:
        rows = CaseStatus.objects.select_related(*RELATED["status"]).filter(
            pk__in=[c.current_status_id for c in cases if c.current_status_id]
        )
        found["status"] = {row.case_id: render_status(request, row) for row in rows}
    if "resultaat" in names:
        rows = Result.objects.select_related(*RELATED["resultaat"]).filter(case_id__in=ids)
        found["resultaat"] = {row.case_id: render_resultaat(request, row) for row in rows}
    if "rollen" in names:
        roles = list(
            Role.objects.select_related(*RELATED["rol"]).filter(case_id__in=ids).order_by("pk")
        )
        grouped: dict[int, list] = {}
        for row in roles:
            grouped.setdefault(row.case_id, []).append(render_rol(request, row))
        found["rollen"] = grouped
        log_role_reads(request, roles)  # BSNs shown: logged as a read of /rollen is
    if "eigenschappen" in names:
        properties = CaseProperty.objects.select_related(*RELATED["zaakeigenschap"]).filter(
            case_id__in=ids
        )
        grouped = {}
        for row in properties.order_by("pk"):
            grouped.setdefault(row.case_id, []).append(render_zaakeigenschap(request, row))
        found["eigenschappen"] = grouped
    many = {"rollen", "eigenschappen"}
    for case, body in zip(cases, bodies, strict=True):
        body["_expand"] = {
            name: found[name].get(case.pk, [] if name in many else None) for name in names
        }
