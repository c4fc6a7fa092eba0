"""PDFs attached to agenda items."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from navpartner.uploads import pdf_upload_store

from ..models import AgendaItem, ItemAttachment, Meeting
from ..selectors import forum_access, item_may_attach
from ._common import (
    EventKind,
    _item_params,
    _lock_forum,
    _lock_item,
    _published,
    _record,
    _require_not_frozen,
)


@transaction.atomic
def item_attachment_add(*, item: AgendaItem, user, title: str, upload) -> ItemAttachment:
    """Attach a PDF to an item: its submitter or the secretary, until the minutes are
    approved. The file is checked by content (a readable, unencrypted PDF within the limit)."""
    forum = _lock_forum(item.forum_id)
    item = _lock_item(item.pk)
    access = forum_access(user, forum)
    if not item_may_attach(access, item, user):
        raise PermissionDenied
    meeting = Meeting.objects.get(pk=item.meeting_id) if item.meeting_id else None
    if meeting is not None:
        _require_not_frozen(meeting)
    attachment = ItemAttachment(item=item, title=(title or "").strip(), uploaded_by=user)
    pdf_upload_store(attachment, upload)
    attachment.full_clean()
    attachment.save()
    _record(
        forum.pk,
        user,
        EventKind.ATTACHMENT_ADDED,
        {"item": _item_params(item), "title": attachment.title},
        meeting=meeting,
        after_publication=_published(meeting),
    )
    return attachment
