"""After the meeting starts: minutes and decisions, actions and attendance. Once the draft
is out for comment, each change keeps the new text and withdraws approvals of another (see
review.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Action, AgendaItem, Attendance, Forum, Meeting
from ..selectors import action_may_close, forum_access
from ._common import (
    EventKind,
    ItemStatus,
    MeetingStatus,
    _item_params,
    _lock_forum,
    _lock_item,
    _lock_meeting,
    _meeting_id,
    _record,
    _require_not_frozen,
    _require_open,
    _secretary,
)
from .review import minutes_changed


@transaction.atomic
def item_record(*, item: AgendaItem, user, minutes: str, decision: str = "") -> AgendaItem:
    """Write the minutes of an item and, for a decision item, the decision. Refused once the
    minutes of the meeting are approved."""
    forum = _lock_forum(item.forum_id)
    _secretary(user, forum)
    meeting_id = _meeting_id(item)
    if meeting_id is None:
        raise ValidationError(_("The item is not on a meeting's agenda."), code="no_meeting")
    meeting = _lock_meeting(meeting_id)
    item = _lock_item(item.pk)
    _require_not_frozen(meeting)
    if item.status != ItemStatus.ACCEPTED:
        raise ValidationError(_("The item is not on the agenda."), code="not_accepted")
    minutes, decision = (minutes or "").strip(), (decision or "").strip()
    if decision and item.kind != AgendaItem.Kind.DECISION:
        raise ValidationError(
            {
                "decision": ValidationError(
                    _("Only a decision item has a decision; write it in the minutes."),
                    code="not_decision_item",
                )
            }
        )
    if (minutes, decision) == (item.minutes, item.decision):
        return item
    item.minutes, item.decision = minutes, decision
    item.full_clean()
    item.save(update_fields=["minutes", "decision"])
    minutes_changed(meeting=meeting, user=user)
    _record(
        forum.pk,
        user,
        EventKind.MINUTES_WRITTEN,
        {"item": _item_params(item)},
        meeting=meeting,
    )
    return item


@transaction.atomic
def action_add(*, item: AgendaItem, user, description: str, owner: str, due_date) -> Action:
    """An action following up an item; carried to every later meeting until done."""
    forum = _lock_forum(item.forum_id)
    _secretary(user, forum)
    meeting_id = _meeting_id(item)
    if meeting_id is None:
        raise ValidationError(_("The item is not on a meeting's agenda."), code="no_meeting")
    meeting = _lock_meeting(meeting_id)
    item = _lock_item(item.pk)
    _require_not_frozen(meeting)
    if item.status != ItemStatus.ACCEPTED:
        raise ValidationError(_("The item is not on the agenda."), code="not_accepted")
    action = Action(
        item=item,
        description=(description or "").strip(),
        owner=(owner or "").strip(),
        due_date=due_date,
    )
    action.full_clean()
    action.save()
    minutes_changed(meeting=meeting, user=user)
    _record(
        forum.pk,
        user,
        EventKind.ACTION_ADDED,
        {"action": action.description, "owner": action.owner, "date": due_date.isoformat()},
        meeting=meeting,
    )
    return action


@transaction.atomic
def action_close(*, action: Action, user) -> Action:
    """Mark an action done: any permanent member or the secretary."""
    action = Action.objects.select_for_update().select_related("item").get(pk=action.pk)
    forum = Forum.objects.select_related("partnership").get(pk=action.item.forum_id)
    access = forum_access(user, forum)
    if not action_may_close(access):
        raise PermissionDenied
    if action.status == Action.Status.DONE:
        raise ValidationError(_("The action is already done."), code="done")
    action.status, action.closed_by, action.closed_at = Action.Status.DONE, user, timezone.now()
    action.full_clean()
    action.save(update_fields=["status", "closed_by", "closed_at"])
    _record(
        forum.pk,
        user,
        EventKind.ACTION_DONE,
        {"action": action.description},
        meeting=action.item.meeting,
    )
    return action


@transaction.atomic
def meeting_mark_held(
    *, meeting: Meeting, user, attendance: list[tuple[str, str, bool]]
) -> Meeting:
    """The meeting took place; `attendance` is (name, title, present) for each person."""
    meeting = _lock_meeting(meeting.pk)
    _secretary(user, meeting.forum)
    _require_open(meeting)
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            _("The meeting has not started yet, so it cannot be marked as held."),
            code="not_started",
        )
    rows = []
    for name, title, present in attendance:
        row = Attendance(
            meeting=meeting,
            name=(name or "").strip(),
            title=(title or "").strip(),
            present=bool(present),
        )
        row.full_clean()
        rows.append(row)
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(rows)
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status"])
    _record(
        meeting.forum_id,
        user,
        EventKind.MEETING_HELD,
        {"present": sum(1 for r in rows if r.present)},
        meeting=meeting,
    )
    return meeting
