from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from navpartner.documents import document_make, document_url

from .. import selectors
from ..documents import KIND, PUBLIC_KIND


@require_POST
def agreement_pdf_request(request, pk):
    """'Lag PDF': the agreement as it stands now, or its public version. The same text is
    never rendered twice."""
    agreement = selectors.agreement_get_for_user(request.user, pk).agreement
    if request.POST.get("public"):
        document = document_make(kind=PUBLIC_KIND, owner=agreement, user=request.user)
    else:
        document = document_make(
            kind=KIND,
            owner=agreement,
            user=request.user,
            append_attachments=bool(request.POST.get("append_attachments")),
        )
    return redirect(document_url(document))
