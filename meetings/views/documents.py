from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from navpartner.downloads import pdf_download
from navpartner.models import RenderedDocument
from navpartner.services import document_request

from .. import services
from ..documents import meeting_invitation_html, meeting_minutes_html
from ..selectors import item_attachment_get, item_get, meeting_document_get
from .common import meeting_get_for_user

DOCUMENTS = {
    "invitation": (meeting_invitation_html, _("Meeting invitation")),
    "minutes": (meeting_minutes_html, _("Minutes of the meeting")),
}


@require_POST
def meeting_pdf(request, pk):
    """The invitation with the agenda, or the minutes, as a PDF; made once per content."""
    access, meeting = meeting_get_for_user(request.user, pk)
    kind = request.POST.get("kind")
    if kind not in DOCUMENTS:
        raise Http404
    build, label = DOCUMENTS[kind]
    document = document_request(
        owner=meeting,
        kind=f"meeting_{kind}",
        html=build(meeting),
        user=request.user,
        title=f"{label} – {meeting}",
    )
    return redirect("meetings:document_detail", pk=pk, document_pk=document.pk)


def _urls(pk, document, kind):
    return {
        "status_url": reverse("meetings:document_detail", args=[pk, document.pk]),
        "download_url": reverse("meetings:document_download", args=[pk, document.pk]),
        "retry_url": reverse("meetings:meeting_pdf", args=[pk]),
        "retry_kind": kind,
    }


@require_GET
def document_detail(request, pk, document_pk):
    access, meeting = meeting_get_for_user(request.user, pk)
    document = meeting_document_get(meeting, document_pk)
    context = {
        "meeting": meeting,
        "forum": access.forum,
        "document": document,
        **_urls(pk, document, document.kind.removeprefix("meeting_")),
    }
    if request.htmx:
        return render(request, "documents/_status.html", context)
    return render(request, "meetings/document_detail.html", context)


@require_GET
def document_download(request, pk, document_pk):
    access, meeting = meeting_get_for_user(request.user, pk)
    document = meeting_document_get(meeting, document_pk)
    if document.status != RenderedDocument.Status.READY:
        return redirect("meetings:document_detail", pk=pk, document_pk=document_pk)
    return pdf_download(document.file, document.title, "dokument")


@require_POST
def item_attachment_upload(request, pk, item_pk):
    access, meeting = meeting_get_for_user(request.user, pk)
    item = item_get(access.forum, item_pk)
    upload, title = request.FILES.get("file"), request.POST.get("title", "").strip()
    if upload is None or not title:
        messages.error(request, _("Give the attachment a title and choose a PDF file."))
        return redirect(_item_url(meeting, item))
    try:
        services.item_attachment_add(item=item, user=request.user, title=title, upload=upload)
    except ValidationError as error:
        messages.error(
            request,
            _("The attachment was not added: %(errors)s") % {"errors": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("The attachment is added."))
    return redirect(_item_url(meeting, item))


@require_GET
def item_attachment_download(request, pk, attachment_pk):
    access, meeting = meeting_get_for_user(request.user, pk)
    attachment = item_attachment_get(access.forum, attachment_pk)
    return pdf_download(attachment.file, attachment.title, "vedlegg")


def _item_url(meeting, item) -> str:
    return reverse("meetings:meeting_detail", args=[meeting.pk]) + f"#item-{item.pk}"
