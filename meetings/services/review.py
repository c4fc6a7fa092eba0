"""The minutes after the meeting, as the parties approve them: the secretary sends the draft
for comment with a deadline, the members comment on it (per item or on the whole) until then,
and afterwards the approvers the forum's rule names approve the exact text they read. A
change to the minutes after an approval withdraws it, as a change to an agreement point does;
when every capacity has approved, the minutes are frozen."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..minutes_review import (
    approval_open,
    comments_open,
    may_approve_as,
    minutes_capacities,
    minutes_content,
    minutes_hash,
)
from ..models import AgendaItem, Meeting, MinutesApproval, MinutesComment, MinutesText
from ..notifications import (
    notify_minutes_approvals_withdrawn,
    notify_minutes_approved,
    notify_minutes_published,
)
from ..selectors import forum_access
from ._common import EventKind, MeetingStatus, _day, _lock_meeting, _record, _secretary

#: The longest comment period the secretary may set.
LONGEST_COMMENT_PERIOD = timedelta(days=90)


class StaleMinutes(Exception):
    """The approver read another text of the minutes than the one standing now; `seen` is the
    text they read (None when unknown) and `current` the content now. Nothing was saved."""

    def __init__(self, seen: MinutesText | None, current: dict):
        super().__init__("stale minutes")
        self.seen, self.current = seen, current


def _keep_text(meeting: Meeting) -> str:
    """Keep the minutes as they read now (once per distinct text); their hash."""
    content = minutes_content(meeting)
    content_hash = minutes_hash(content)
    MinutesText.objects.get_or_create(
        meeting=meeting, content_hash=content_hash, defaults={"content": content}
    )
    return content_hash


def minutes_changed(*, meeting: Meeting, user) -> int:
    """Called, with the meeting locked, by every service that changed the minutes of a held
    meeting: once the draft is out, keep the new text and withdraw each approval bound to
    another. The number of approvals withdrawn."""
    if meeting.minutes_published_at is None:
        return 0
    content_hash = _keep_text(meeting)
    withdrawn = list(
        meeting.minutes_approvals.filter(withdrawn_at__isnull=True)
        .exclude(content_hash=content_hash)
        .select_related("user")
    )
    if not withdrawn:
        return 0
    MinutesApproval.objects.filter(pk__in=[a.pk for a in withdrawn]).update(
        withdrawn_at=timezone.now()
    )
    _record(
        meeting.forum_id,
        user,
        EventKind.MINUTES_APPROVALS_WITHDRAWN,
        {"count": len(withdrawn)},
        meeting=meeting,
    )
    notify_minutes_approvals_withdrawn(meeting=meeting, approvals=withdrawn, actor=user)
    return len(withdrawn)


def _require_held(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise ValidationError(_("The minutes are approved, so they are frozen."), code="frozen")
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(
            _("The minutes can be sent for comment once the meeting is marked as held."),
            code="not_held",
        )


@transaction.atomic
def minutes_publish(*, meeting: Meeting, user, comment_deadline: date) -> int:
    """Send the draft minutes to the forum's members for comment until `comment_deadline`
    (inclusive); sending again sets a new deadline. The number of members told."""
    meeting = _lock_meeting(meeting.pk)
    _secretary(user, meeting.forum)
    _require_held(meeting)
    today = timezone.localdate()
    if comment_deadline < today:
        raise ValidationError(
            {
                "comment_deadline": ValidationError(
                    _("The deadline for comments cannot be before today."), code="past"
                )
            }
        )
    if comment_deadline > today + LONGEST_COMMENT_PERIOD:
        raise ValidationError(
            {
                "comment_deadline": ValidationError(
                    _("Give the members at most %(days)s days to comment.")
                    % {"days": LONGEST_COMMENT_PERIOD.days},
                    code="too_far",
                )
            }
        )
    meeting.minutes_published_at = timezone.now()
    meeting.minutes_comment_deadline = comment_deadline
    meeting.save(update_fields=["minutes_published_at", "minutes_comment_deadline"])
    _keep_text(meeting)
    told = notify_minutes_published(meeting=meeting, actor=user)
    _record(
        meeting.forum_id,
        user,
        EventKind.MINUTES_PUBLISHED,
        {"count": told, "date": comment_deadline.isoformat()},
        meeting=meeting,
    )
    return told


@transaction.atomic
def minutes_comment_add(
    *, meeting: Meeting, user, text: str, item: AgendaItem | None = None
) -> MinutesComment:
    """A member's comment on the draft minutes, on one item or (no item) on the whole."""
    meeting = _lock_meeting(meeting.pk)
    access = forum_access(user, meeting.forum)
    if not (access.can_submit or access.is_secretary):
        raise PermissionDenied
    if not comments_open(meeting):
        if meeting.minutes_published_at is None or meeting.minutes_comment_deadline is None:
            raise ValidationError(
                _("The draft minutes have not been sent for comment yet."), code="not_published"
            )
        raise ValidationError(
            _("The deadline for comments was %(date)s; the minutes can no longer be commented.")
            % {"date": _day(meeting.minutes_comment_deadline)},
            code="comments_closed",
        )
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError(
            {"item": ValidationError(_("Choose an item of this meeting."), code="foreign_item")}
        )
    comment = MinutesComment(meeting=meeting, item=item, author=user, text=(text or "").strip())
    comment.full_clean()
    comment.save()
    _record(meeting.forum_id, user, EventKind.MINUTES_COMMENTED, meeting=meeting)
    return comment


@transaction.atomic
def minutes_approve(
    *, meeting: Meeting, user, capacity: str, expected_hash: str
) -> MinutesApproval:
    """Approve the minutes in `capacity` (chair, or for an owner), bound to the text whose
    hash the approver read (StaleMinutes when it has changed since). When every capacity the
    forum's rule names has approved, the minutes are frozen."""
    meeting = _lock_meeting(meeting.pk)
    access = forum_access(user, meeting.forum)
    if not access.can_read:
        raise PermissionDenied
    _require_held(meeting)
    capacities = minutes_capacities(meeting)
    if capacity not in capacities or not may_approve_as(access, capacity):
        raise PermissionDenied
    if not approval_open(meeting):
        if meeting.minutes_published_at is None or meeting.minutes_comment_deadline is None:
            raise ValidationError(
                _("The draft minutes must be sent for comment before they can be approved."),
                code="not_published",
            )
        raise ValidationError(
            _(
                "The members may comment until %(date)s; the minutes can be approved from the "
                "day after."
            )
            % {"date": _day(meeting.minutes_comment_deadline)},
            code="comments_open",
        )
    standing = {a.capacity: a for a in meeting.minutes_approvals.filter(withdrawn_at__isnull=True)}
    if capacity in standing:
        raise ValidationError(
            _("%(name)s has already approved the minutes in this capacity.")
            % {"name": standing[capacity].name},
            code="already_approved",
        )
    if any(a.user_id == user.pk for a in standing.values()):
        raise ValidationError(
            _("You have already approved these minutes; someone else approves the other part."),
            code="approved_twice",
        )
    content = minutes_content(meeting)
    current_hash = minutes_hash(content)
    if current_hash != expected_hash:
        seen = MinutesText.objects.filter(meeting=meeting, content_hash=expected_hash).first()
        raise StaleMinutes(seen, content)
    approval = MinutesApproval(
        meeting=meeting,
        capacity=capacity,
        user=user,
        name=user.get_full_name() or user.get_username(),
        title=access.member.title if access.member else "",
        content_hash=current_hash,
    )
    approval.full_clean()
    approval.save()
    _record(
        meeting.forum_id, user, EventKind.MINUTES_APPROVAL, {"capacity": capacity}, meeting=meeting
    )
    if set(capacities) <= {*standing, capacity}:
        meeting.status = MeetingStatus.MINUTES_APPROVED
        meeting.minutes_approved_at, meeting.minutes_approved_by = approval.approved_at, user
        meeting.save(update_fields=["status", "minutes_approved_at", "minutes_approved_by"])
        _record(meeting.forum_id, user, EventKind.MINUTES_APPROVED, meeting=meeting)
        notify_minutes_approved(meeting=meeting, actor=user)
    return approval
