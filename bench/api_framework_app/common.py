"""What both candidates share: the query, the ZGW field mapping and the page links.

The lean variants build the same dicts from ``.values()`` rows; the idiomatic variants go
through each framework's own serializer over model instances. The field subset (16 of the
Zaak schema's fields) is the same everywhere.
"""

from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from pydantic_core import to_json

from achterkant.cases.models import Case

PAGE_SIZE = 100  # Open Zaak's page size for /zaken
COUNT_CAP = 10_000
BSN_PARAM = "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn"
# Newest first, served by the index case_bsn (organisation, initiator_bsn, created_at DESC).
ORDERING = ("-created_at", "-id")
VALUES = (
    "number", "description", "case_type_id", "registered_on", "responsible_organisation_rsin",
    "start_date", "end_date", "planned_end_date", "latest_end_date", "channel",
    "confidentiality", "payment_indication", "current_status_id", "archive_status",
)  # fmt: skip


def base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def cases(bsn: str | None) -> QuerySet:
    if bsn is None:
        # The whole organisation (to measure the count), newest first along the primary key:
        # no index serves created_at over every case, and a sort of 760k rows is not the
        # cost under study here.
        return Case.objects.order_by("-id")
    return Case.objects.filter(initiator_bsn=bsn).order_by(*ORDERING)


def page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def page_link(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return f"{base_url(request)}{request.path}?{urlencode(sorted(params.items()))}"


def zaak_dict(row: dict, base: str, rsin: str) -> dict:
    """One Zaak in ZGW field names, from a ``.values(*VALUES)`` row."""
    status = row["current_status_id"]
    return {
        "url": f"{base}/zaken/api/v1/zaken/{row['number']}",
        "identificatie": row["number"],
        "bronorganisatie": rsin,
        "omschrijving": row["description"],
        "zaaktype": f"{base}/catalogi/api/v1/zaaktypen/{row['case_type_id']}",
        "registratiedatum": row["registered_on"],
        "verantwoordelijkeOrganisatie": row["responsible_organisation_rsin"],
        "startdatum": row["start_date"],
        "einddatum": row["end_date"],
        "einddatumGepland": row["planned_end_date"],
        "uiterlijkeEinddatumAfdoening": row["latest_end_date"],
        "communicatiekanaal": row["channel"],
        "vertrouwelijkheidaanduiding": row["confidentiality"],
        "betalingsindicatie": row["payment_indication"],
        "status": f"{base}/zaken/api/v1/statussen/{status}" if status else None,
        "archiefstatus": row["archive_status"],
    }


def paged(request: HttpRequest, queryset: QuerySet, count_mode: str) -> tuple[list, dict]:
    """One page of rows and the envelope {count, next, previous}.

    ``exact``: COUNT(*) as the standard's pagination implies. ``capped``: counts at most
    COUNT_CAP + 1 rows (a bounded index range), so a huge list costs a bounded amount.
    ``none``: no count query; one row more than the page tells whether there is a next page.
    """
    page = page_number(request)
    offset = (page - 1) * PAGE_SIZE
    if count_mode == "none":
        rows = list(queryset[offset : offset + PAGE_SIZE + 1])
        has_next, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
        count = None if has_next or not rows and page > 1 else offset + len(rows)
    else:
        if count_mode == "capped":
            count = queryset.order_by()[: COUNT_CAP + 1].count()
        else:
            count = queryset.count()
        rows = list(queryset[offset : offset + PAGE_SIZE]) if offset < count else []
        has_next = offset + PAGE_SIZE < count
    return rows, {
        "count": count,
        "next": page_link(request, page + 1) if has_next else None,
        "previous": page_link(request, page - 1) if page > 1 else None,
    }


def lean_envelope(request: HttpRequest, bsn: str | None, count_mode: str = "exact") -> dict:
    """The page as plain dicts in ZGW names, from the hand-written ``.values()`` query."""
    queryset = cases(bsn).values(*VALUES)
    rows, envelope = paged(request, queryset, count_mode)
    base, rsin = base_url(request), request.organisation.rsin
    envelope["results"] = [zaak_dict(row, base, rsin) for row in rows]
    return envelope


def json_response(envelope: dict) -> HttpResponse:
    """Serialised by pydantic-core in Rust, with no validation: the rows come from our own
    typed query, so there is nothing to validate on the way out."""
    return HttpResponse(to_json(envelope), content_type="application/json")
