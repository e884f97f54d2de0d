"""The *Verwerkingenlog*: who processed whose personal data, when and why.

For the privacy officer and team leads (``audit.view_processinglogentry``). The filters
are sent by POST and kept in the session, never in the URL: a BSN in a URL ends up in
access logs and browser history. The pages link to each other with only a position
(``?voor=<id>``).

Reading the log is itself a processing: each page logs one read per person whose BSN
it shows, and an export logs one export for the person it is about.
"""

import csv
import io

from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from achterkant.audit.models import Action
from achterkant.audit.selectors import LogFilter, processing_log_for_export, processing_log_page
from achterkant.audit.services import Purpose, processing_log_record
from achterkant.desk.forms_log import FIELDS, ProcessingLogFilterForm
from achterkant.desk.insight_exports import FORMULA_START
from achterkant.desk.views import page_param
from achterkant.tenancy.context import require_organisation

FILTERS = "desk_processing_log_filters"  # session key: the last valid filters, as typed
LOG_OBJECT = "verwerkingenlog"
CSV_HEADERS = ["Tijdstip", "Medewerker", "Handeling", "BSN", "Soort gegeven", "Kenmerk", "Doel"]


def _form(request: HttpRequest, data=None) -> ProcessingLogFilterForm:
    return ProcessingLogFilterForm(data, organisation=require_organisation())


def _render(request: HttpRequest, form, filters: LogFilter | None, status: int = 200):
    """The page; ``filters`` None: the form has errors, so no entries are shown."""
    entries, next_before, before = None, None, None
    if filters is not None:
        before = page_param(request.GET.get("voor"))
        entries, next_before = processing_log_page(filters, before=before)
        processing_log_record(
            actor=request.user,
            action=Action.READ,
            bsns=[entry.bsn for entry in entries],
            purpose=Purpose.PRIVACY_SUPERVISION,
            object_type=LOG_OBJECT,
        )
    context = {
        "form": form,
        "entries": entries,
        "next_before": next_before,
        "later_page": before is not None,
        "filtered": any(request.session.get(FILTERS, {}).values()),
    }
    return render(request, "desk/processing_log.html", context, status=status)


@login_required
@permission_required("audit.view_processinglogentry", raise_exception=True)
def processing_log(request: HttpRequest) -> HttpResponse:
    """GET: a page of the log with the kept filters. POST: new filters (or none, with
    ``wissen``), kept and shown from the first page; wrong filters give the form with
    its errors (400)."""
    if request.method == "POST":
        if "wissen" in request.POST:
            request.session.pop(FILTERS, None)
            return redirect("desk:processing_log")
        form = _form(request, request.POST)
        if not form.is_valid():
            return _render(request, form, None, status=400)
        request.session[FILTERS] = {name: request.POST.get(name, "") for name in FIELDS}
        return redirect("desk:processing_log")
    kept = request.session.get(FILTERS)
    form = _form(request, kept)
    if kept and not form.is_valid():
        # Kept filters that no longer hold (a staff member removed): start afresh.
        request.session.pop(FILTERS, None)
        form = _form(request)
    return _render(request, form, form.log_filter() if form.is_bound else LogFilter())


def _cell(value: str) -> str:
    """A text a spreadsheet shows as text, never runs as a formula (CSV injection)."""
    return "'" + value if value.startswith(FORMULA_START) else value


def log_csv(entries) -> bytes:
    """The entries as CSV for Dutch Excel: ``;``-separated, UTF-8 with a byte-order
    mark (see ``desk.insight_exports``), Dutch headers, local times."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for entry in entries:
        writer.writerow(
            [
                timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                _cell(entry.actor_label),
                entry.get_action_display(),
                _cell(entry.bsn),
                _cell(entry.object_type),
                _cell(entry.object_id),
                _cell(entry.purpose),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@login_required
@permission_required("audit.view_processinglogentry", raise_exception=True)
@require_POST
def processing_log_export(request: HttpRequest) -> HttpResponse:
    """The filtered log of one person as CSV, for a subject-access request
    (inzageverzoek, AVG art. 15). Takes the filters as typed in the form; a BSN is
    required. The export is logged, in the same transaction as its read."""
    form = _form(request, request.POST)
    if form.is_valid() and not form.cleaned_data["bsn"]:
        form.add_error("bsn", "Vul een BSN in: een export is voor één persoon.")
    if not form.is_valid():
        return _render(request, form, None, status=400)
    filters = form.log_filter()
    with transaction.atomic():
        body = log_csv(processing_log_for_export(filters))
        processing_log_record(
            actor=request.user,
            action=Action.EXPORT,
            bsns=[filters.bsn],
            purpose=Purpose.PRIVACY_SUPERVISION,
            object_type=LOG_OBJECT,
        )
    # No BSN in the name: file names end up in download lists and sync logs.
    name = f"verwerkingenlog-{timezone.localdate().isoformat()}.csv"
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
