from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from navpartner.downloads import pdf_download
from navpartner.models import RenderedDocument
from navpartner.services import document_request

from .. import selectors, services


@require_POST
def agreement_pdf_request(request, pk):
    """'Lag PDF': the agreement as it stands now. The same text is never rendered twice."""
    agreement = selectors.agreement_get_for_user(request.user, pk).agreement
    signed = agreement.signatures.all() and agreement.content_sha256
    context = selectors.agreement_document_context(
        agreement,
        signatures=services.signature_rows(agreement) if signed else (),
        sha256=agreement.content_sha256,
    )
    context["generated_at"] = agreement.status_changed_at
    appendices = [a.file.name for a in context["attachments"]]
    if not request.POST.get("append_attachments"):
        appendices = []
    context["appended"] = bool(appendices)
    html = render_to_string("pdf/agreement.html", context)
    document = document_request(
        owner=agreement,
        kind="agreement",
        html=html,
        user=request.user,
        appendices=appendices,
        title=_("Partnership agreement %(partnership)s, version %(version)s")
        % {"partnership": agreement.partnership, "version": agreement.version},
    )
    return redirect("agreements:document_detail", pk=pk, document_pk=document.pk)


@require_GET
def document_detail(request, pk, document_pk):
    """Where the PDF stands; htmx asks again every second until it is ready or failed."""
    agreement = selectors.agreement_get_for_user(request.user, pk).agreement
    document = selectors.agreement_document_get(agreement, document_pk)
    context = {
        "agreement": agreement,
        "partnership": agreement.partnership,
        "document": document,
        "status_url": reverse("agreements:document_detail", args=[pk, document.pk]),
        "download_url": reverse("agreements:document_download", args=[pk, document.pk]),
        "retry_url": reverse("agreements:agreement_pdf", args=[pk]),
    }
    if request.htmx:
        return render(request, "documents/_status.html", context)
    return render(request, "agreements/document_detail.html", context)


@require_GET
def document_download(request, pk, document_pk):
    agreement = selectors.agreement_get_for_user(request.user, pk).agreement
    document = selectors.agreement_document_get(agreement, document_pk)
    if document.status != RenderedDocument.Status.READY:
        return redirect("agreements:document_detail", pk=pk, document_pk=document_pk)
    return pdf_download(document.file, document.title, "dokument")
