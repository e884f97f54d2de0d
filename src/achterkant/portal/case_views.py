"""Mijn gemeente: one case in detail, and downloading a document shared with you.

The selectors and the download gate in ``cases`` decide what a person or business may
see and log every read; these views only translate the log-in into an actor.
"""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from achterkant.cases.downloads import DocumentNotFound, document_for_download
from achterkant.cases.party_case import case_decisions, case_steps, party_history
from achterkant.cases.promise import case_promise
from achterkant.cases.selectors import case_get_for_party
from achterkant.contacts.selectors import rated_ids
from achterkant.portal.forms import InformationResponseForm
from achterkant.portal.views import citizen_required


@citizen_required
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    """Where the case stands (its steps), the date from its promise, what we wait for,
    the documents shared with them, and each decision with how to object."""
    case = case_get_for_party(actor=request.citizen, number=number)
    if case is None:
        raise Http404("Deze zaak bestaat niet.")
    closed = case.end_date is not None
    context = {
        "case": case,
        "promise": case_promise(case),
        "steps": case_steps(case),
        "history": party_history(case),  # statuses, and the notes shared with them
        "decisions": case_decisions(case),
        "result": getattr(case, "result", None),
        "documents": case.shared_documents,
        "business": request.citizen_kvk,
        "response_form": InformationResponseForm(),
        # A rating only for a finished case, once (the rule of contacts.feedback_give).
        "offer_rating": closed
        and case.pk not in rated_ids(bsn=request.citizen_bsn, kvk_number=request.citizen_kvk)[0],
    }
    return render(request, "portal/case_detail.html", context)


@citizen_required
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    try:
        download = document_for_download(actor=request.citizen, document_id=document_id)
    except DocumentNotFound as error:
        raise Http404("Dit document bestaat niet.") from error
    response = FileResponse(
        download.file,
        as_attachment=True,
        filename=download.filename,
        content_type=download.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser renders it anyway: no scripts, no requests, its own origin.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
