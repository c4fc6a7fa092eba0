"""The agreement as a Word file, for those who must circulate it in Word."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from navpartner.downloads import content_disposition, file_name

from .. import selectors
from ..docx_export import CONTENT_TYPE, agreement_docx


@require_GET
def agreement_docx_download(request, pk):
    """Anyone who may read the agreement may download it, draft or signed, as it stands now.
    Made on each request and stored nowhere."""
    agreement = selectors.agreement_get_for_user(request.user, pk).agreement
    response = HttpResponse(agreement_docx(agreement), content_type=CONTENT_TYPE)
    words = f"{agreement.partnership} avtale v{agreement.version}"
    response["Content-Disposition"] = content_disposition(f"{file_name(words, 'avtale')}.docx")
    response["X-Content-Type-Options"] = "nosniff"
    return response
