"""Planning a meeting and changing its time or place."""

from django.db import transaction

from ..models import AgendaItem, Forum, Meeting
from ..selectors import FIXED_ORDER
from ._common import (
    EventKind,
    ItemStatus,
    _aware,
    _deadline,
    _iso,
    _lock_forum,
    _lock_meeting,
    _published,
    _record,
    _require_open,
    _secretary,
)

FIXED_KIND = {
    AgendaItem.Fixed.AGENDA: AgendaItem.Kind.DECISION,
    AgendaItem.Fixed.PREVIOUS_MINUTES: AgendaItem.Kind.DECISION,
    AgendaItem.Fixed.ACTIONS: AgendaItem.Kind.DISCUSSION,
}


@transaction.atomic
def meeting_plan(
    *, forum: Forum, user, starts_at, ends_at, place: str, video_link: str = ""
) -> Meeting:
    """A new meeting with the three fixed opening items already on its agenda."""
    forum = _lock_forum(forum.pk)
    _secretary(user, forum)
    starts_at, ends_at = _aware(starts_at), _aware(ends_at)
    meeting = Meeting(
        forum=forum,
        starts_at=starts_at,
        ends_at=ends_at,
        place=(place or "").strip(),
        video_link=(video_link or "").strip(),
    )
    # Without a start there is no deadline either: full_clean says what is missing.
    if (deadline := _deadline(forum, starts_at)) is not None:
        meeting.submission_deadline = deadline
    meeting.full_clean()
    meeting.save()
    AgendaItem.objects.bulk_create(
        AgendaItem(
            forum=forum,
            meeting=meeting,
            fixed=fixed,
            kind=FIXED_KIND[fixed],
            title=str(AgendaItem.Fixed(fixed).label),
            position=position,
            status=ItemStatus.ACCEPTED,
            submitted_by=user,
        )
        for position, fixed in enumerate(FIXED_ORDER, start=1)
    )
    _record(forum.pk, user, EventKind.MEETING_PLANNED, {"when": _iso(starts_at)}, meeting=meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, user, starts_at, ends_at, place: str, video_link: str = ""
) -> Meeting:
    """Change time or place; the submission deadline follows the new date."""
    meeting = _lock_meeting(meeting.pk)
    _secretary(user, meeting.forum)
    _require_open(meeting)
    starts_at, ends_at = _aware(starts_at), _aware(ends_at)
    new = (
        starts_at,
        ends_at,
        (place or "").strip(),
        (video_link or "").strip(),
        _deadline(meeting.forum, starts_at),
    )
    fields = ["starts_at", "ends_at", "place", "video_link", "submission_deadline"]
    if new == tuple(getattr(meeting, f) for f in fields):
        return meeting
    for name, value in zip(fields, new, strict=True):
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save(update_fields=fields)
    _record(
        meeting.forum_id,
        user,
        EventKind.MEETING_CHANGED,
        {"when": _iso(meeting.starts_at), "place": meeting.place or meeting.video_link},
        meeting=meeting,
        after_publication=_published(meeting),
    )
    return meeting
