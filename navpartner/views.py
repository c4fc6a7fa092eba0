"""The one status page and the one download of every printed document, whatever prints it."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRefresh

from .documents import document_download_url, document_get_for_user, document_url
from .downloads import pdf_download
from .models import RenderedDocument


@require_GET
def document_detail(request, kind, owner_pk, pk):
    """Where the PDF stands; htmx asks again every second until it is ready or failed."""
    found = document_get_for_user(request.user, kind, owner_pk, pk)
    document = found.document
    page = found.kind.page(found.access, document)
    ready = document.status == RenderedDocument.Status.READY
    context = {
        "document": document,
        "status_url": document_url(document),
        "download_url": document_download_url(document),
        "retry_url": page.retry_url,
        "retry_kind": page.retry_kind,
    }
    if request.htmx:
        if ready and page.reload_when_ready:
            # Just became ready while the page was polling: load the whole page, which
            # now offers more (e.g. attaching the PDF).
            return HttpResponseClientRefresh()
        return render(request, "documents/_status.html", context)
    return render(request, page.template, {**page.context, **context})


@require_GET
def document_download(request, kind, owner_pk, pk):
    document = document_get_for_user(request.user, kind, owner_pk, pk).document
    if document.status != RenderedDocument.Status.READY:
        return redirect(document_url(document))
    return pdf_download(document.file, document.title, "dokument")
