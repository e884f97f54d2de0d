"""ZGW pagination: ``{count, next, previous, results}`` with ``?page=n``.

The count and the page come from one query (``COUNT(*) OVER ()`` beside the rows), so a
page costs one query, not two. A page past the end is a 404, as in the
reference implementations.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.db.models import Count, QuerySet, Window

from achterkant.api.problems import NotFound

PAGE_SIZE = 100
MAX_PAGE = 10**12


def page_number(raw: str | None) -> int:
    if raw in (None, ""):
        return 1
    # Past MAX_PAGE the offset would not fit the database's bigint (a 500): past the end.
    if not str(raw).isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise NotFound("Ongeldige pagina.", code="not_found")
    return int(raw)


def paginate(
    request, queryset: QuerySet, render: Callable, *, page_size: int | None = None
) -> dict:
    """One page of ``queryset`` as the standard's envelope; ``render(row)`` per row."""
    page_size = page_size or PAGE_SIZE
    page = page_number(request.GET.get("page"))
    start = (page - 1) * page_size
    rows = list(queryset.annotate(_total=Window(Count("pk")))[start : start + page_size])
    if not rows and page > 1:
        raise NotFound("Ongeldige pagina.", code="not_found")
    count = rows[0]._total if rows else 0

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{urlencode(query, doseq=True)}")

    return {
        "count": count,
        "next": link(page + 1) if start + len(rows) < count else None,
        "previous": link(page - 1) if page > 1 else None,
        "results": [render(row) for row in rows],
    }
