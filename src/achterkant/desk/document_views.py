"""Staff download a case document or a contact's attachment. The gates
(``cases.downloads``, ``contacts.downloads``) decide and log."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from achterkant.cases.downloads import DocumentDownload, DocumentNotFound, document_for_download
from achterkant.contacts.downloads import attachment_for_download


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_document(request: HttpRequest, number: str, document_id: int) -> HttpResponse:
    try:
        download = document_for_download(
            actor=request.user, case_number=number, document_id=document_id
        )
    except DocumentNotFound as error:
        raise Http404("Dit document bestaat niet.") from error
    return _file_response(download)


@login_required
@permission_required("contacts.view_contact", raise_exception=True)
def contact_attachment(request: HttpRequest, attachment_id: int) -> HttpResponse:
    try:
        download = attachment_for_download(actor=request.user, attachment_id=attachment_id)
    except DocumentNotFound as error:
        raise Http404("Deze bijlage bestaat niet.") from error
    return _file_response(download)


def _file_response(download: DocumentDownload) -> HttpResponse:
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
