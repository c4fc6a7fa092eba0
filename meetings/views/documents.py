from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from navpartner.documents import document_make, document_url
from navpartner.downloads import pdf_download

from .. import services
from ..documents import KINDS
from ..selectors import item_attachment_get, item_get, meeting_get_for_user


@require_POST
def meeting_pdf(request, pk):
    """The invitation with the agenda, or the minutes, as a PDF; made once per content."""
    access, meeting = meeting_get_for_user(request.user, pk)
    kind = KINDS.get(request.POST.get("kind", ""))
    if kind is None:
        raise Http404
    document = document_make(kind=kind, owner=meeting, user=request.user)
    return redirect(document_url(document))


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
