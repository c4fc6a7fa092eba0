"""What every meetings service shares: recording an event, locks, and the checks that refuse
a change with a message the user can act on."""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.models import AgreementSection
from partnerships.services import partnership_changed

from ..models import AgendaItem, Forum, Meeting, MeetingEvent
from ..selectors import (
    FIXED_ORDER,
    OPEN_MEETING_STATUSES,
    ForumAccess,
    forum_access,
    require_secretary,
)

ItemStatus = AgendaItem.Status
MeetingStatus = Meeting.Status
EventKind = MeetingEvent.Kind


def _record(
    forum_id,
    actor,
    kind: str,
    params: dict | None = None,
    *,
    meeting=None,
    after_publication=False,
) -> None:
    """Record what happened as a kind and its facts (MeetingEvent.text says it); every
    change to a forum's meetings is recorded, so this also tells the apps that summarise the
    partnership (partnership_changed)."""
    MeetingEvent.objects.create(
        forum_id=forum_id,
        meeting=meeting,
        actor=actor,
        kind=kind,
        params=params or {},
        after_publication=after_publication,
    )
    partnership_changed(
        partnership_id=Forum.objects.filter(pk=forum_id).values_list("partnership_id", flat=True)
    )


def _item_params(item: AgendaItem) -> dict:
    """An item as an event names it ("Sak 03/26 Husleie"), in no language."""
    return {"number": item.number, "year": item.year, "title": item.title}


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _published(meeting: Meeting | None) -> bool:
    """Changes to this meeting's agenda now come after the invitation."""
    return meeting is not None and meeting.published_at is not None


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _day(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _item_name(item: AgendaItem) -> str:
    return f"{item.label} {item.title}".strip()


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _lock_forum(forum_id) -> Forum:
    return Forum.objects.select_for_update().get(pk=forum_id)


def _lock_meeting(meeting_id) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting_id)


def _meeting_id(item: AgendaItem) -> int | None:
    """The item's meeting as stored now (call with the forum locked)."""
    return AgendaItem.objects.values_list("meeting_id", flat=True).get(pk=item.pk)


def _lock_item(item_id) -> AgendaItem:
    return AgendaItem.objects.select_for_update().get(pk=item_id)


def _secretary(user, forum: Forum) -> ForumAccess:
    return require_secretary(forum_access(user, forum))


def _require_open(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(
            _("The meeting is cancelled, so its agenda can no longer change."),
            code="meeting_cancelled",
        )
    if meeting.status not in OPEN_MEETING_STATUSES:
        raise ValidationError(
            _("The meeting has been held, so its agenda can no longer change."),
            code="meeting_held",
        )


def _require_not_frozen(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(
            _("The meeting is cancelled, so it has no minutes."), code="meeting_cancelled"
        )
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise ValidationError(
            _("The minutes are approved, so the decisions are frozen."), code="frozen"
        )


def _require_ordinary(item: AgendaItem) -> None:
    if item.fixed:
        raise ValidationError(
            _("The fixed items are always on the agenda; they cannot be moved or declined."),
            code="fixed_item",
        )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Write a reason; the one who submitted the item will see it."),
                    code="reason_required",
                )
            }
        )
    return reason


def _deadline(forum: Forum, starts_at) -> date | None:
    if not isinstance(starts_at, datetime):
        return None
    return timezone.localtime(starts_at).date() - timedelta(days=forum.submission_days)


def _aware(moment):
    if isinstance(moment, datetime) and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _check_section(forum: Forum, section: AgreementSection | None) -> None:
    """An item may refer to a point of the partnership's agreements or its central one's."""
    if section is None:
        return
    allowed = {forum.partnership_id, forum.partnership.parent_id}
    if section.agreement.partnership_id not in allowed:
        raise ValidationError(
            {
                "agreement_section": ValidationError(
                    _("Choose a point of this partnership's agreement."), code="foreign_section"
                )
            }
        )


def _next_position(meeting: Meeting) -> int:
    last = meeting.items.filter(status=ItemStatus.ACCEPTED).aggregate(Max("position"))
    return max(last["position__max"] or 0, len(FIXED_ORDER)) + 1
