"""Approved minutes as a record for the archive (KS Fiks Arkiv), registered with the
archive app from ``MeetingsConfig.ready``."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.registry import Filing, Skjerming, archive_kind_register, skjerming_of
from navpartner.models import RenderedDocument

from .documents import KINDS
from .models import AgendaItem, ItemAttachment, Meeting
from .selectors import ForumAccess, meeting_get_for_user


def minutes_filing(access: tuple[ForumAccess, Meeting]) -> Filing | None:
    """The minutes PDF made after their approval, dated by the meeting; None until the
    minutes are approved. One query for the PDF (the partnership comes with the gate)."""
    forum_access, meeting = access
    if meeting.status != Meeting.Status.MINUTES_APPROVED or meeting.minutes_approved_at is None:
        return None
    document = (
        RenderedDocument.objects.filter(
            content_type=ContentType.objects.get_for_model(Meeting),
            object_id=meeting.pk,
            kind=KINDS["minutes"],
            requested_at__gte=meeting.minutes_approved_at,
        )
        .order_by("-requested_at")
        .first()
    )
    partnership = forum_access.access.partnership
    return Filing(
        owner=meeting,
        partnership=partnership,
        title=f"{_('Minutes of the meeting')} – {meeting}",
        document_date=timezone.localdate(meeting.starts_at),
        document_type="PROTOKOLL",
        parties=(partnership.municipal_party.name, partnership.state_party.name),
        document=document,
        make_url=reverse("meetings:meeting_pdf", args=[meeting.pk]),
        make_kind="minutes",
        page_url=reverse("meetings:meeting_detail", args=[meeting.pk]),
        skjerming=minutes_skjerming(meeting),
    )


def minutes_skjerming(meeting: Meeting) -> Skjerming | None:
    """The minutes are partly exempt when an item, its minutes entry or an attachment is.
    Two queries."""
    return skjerming_of(
        [
            *AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"),
            *ItemAttachment.objects.filter(item__meeting=meeting).order_by("item__position", "pk"),
        ]
    )


def filing_register() -> None:
    archive_kind_register(
        kind=KINDS["minutes"],
        get_for_user=meeting_get_for_user,
        describe=minutes_filing,
        may_file=lambda access: access[0].access.can_edit,
    )
