"""Staff download a case document. The gate (``cases.downloads``) decides and logs."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from achterkant.cases.downloads import DocumentNotFound, document_for_download


@login_required
@permission_required("cases.view_case", raise_exception=True)
def case_document(request: HttpRequest, number: str, document_id: int) -> HttpResponse:
    try:
        download = document_for_download(
            actor=request.user, case_number=number, document_id=document_id
        )
    except DocumentNotFound as error:
        raise Http404("Dit document bestaat niet.") from error
    response = FileResponse(
        download.file,
        as_attachment=True,
        filename=download.filename,
        content_type=download.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
