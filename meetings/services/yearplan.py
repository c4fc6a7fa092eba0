"""The forum's year plan (årshjul): recurring items by month or by the meeting's number in
the year, which a new meeting puts on its agenda. Only the secretary changes the plan."""

from datetime import datetime

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from ..models import AgendaItem, Forum, Meeting, YearPlanItem
from ._common import (
    EventKind,
    ItemStatus,
    MeetingStatus,
    _item_params,
    _lock_forum,
    _next_position,
    _record,
    _secretary,
)

_FIELDS = ["title", "kind", "description", "month", "meeting_number"]


def _plan_params(item: YearPlanItem) -> dict:
    return {"title": item.title}


@transaction.atomic
def year_plan_item_add(
    *,
    forum: Forum,
    user,
    title: str,
    kind: str,
    description: str = "",
    month: int | None = None,
    meeting_number: int | None = None,
) -> YearPlanItem:
    """A new item last in the forum's year plan."""
    forum = _lock_forum(forum.pk)
    _secretary(user, forum)
    last = forum.year_plan.aggregate(Max("position"))["position__max"] or 0
    item = YearPlanItem(
        forum=forum,
        title=title,
        kind=kind,
        description=(description or "").strip(),
        month=month,
        meeting_number=meeting_number,
        position=last + 1,
    )
    item.full_clean()
    item.save()
    _record(forum.pk, user, EventKind.YEAR_PLAN_ITEM_ADDED, _plan_params(item))
    return item


@transaction.atomic
def year_plan_item_update(
    *,
    item: YearPlanItem,
    user,
    title: str,
    kind: str,
    description: str = "",
    month: int | None = None,
    meeting_number: int | None = None,
) -> YearPlanItem:
    """Change a plan item; meetings already planned keep their agenda."""
    forum = _lock_forum(item.forum_id)
    _secretary(user, forum)
    item = YearPlanItem.objects.select_for_update().get(pk=item.pk)
    new = (title, kind, (description or "").strip(), month, meeting_number)
    for name, value in zip(_FIELDS, new, strict=True):
        setattr(item, name, value)
    item.full_clean()
    item.save(update_fields=_FIELDS)
    _record(forum.pk, user, EventKind.YEAR_PLAN_ITEM_CHANGED, _plan_params(item))
    return item


@transaction.atomic
def year_plan_item_remove(*, item: YearPlanItem, user) -> None:
    """Take an item out of the plan; agenda items it put on meetings stay (unlinked)."""
    forum = _lock_forum(item.forum_id)
    _secretary(user, forum)
    item = YearPlanItem.objects.select_for_update().get(pk=item.pk)
    params = _plan_params(item)
    item.delete()
    _record(forum.pk, user, EventKind.YEAR_PLAN_ITEM_REMOVED, params)


def _year_start(year: int) -> datetime:
    return datetime(year, 1, 1, tzinfo=timezone.get_current_timezone())


def meeting_ordinal(meeting: Meeting) -> int:
    """The meeting's number among the forum's meetings of its calendar year (Oslo), cancelled
    ones not counted: those starting earlier that year, plus one. One query."""
    year = timezone.localtime(meeting.starts_at).year
    earlier = (
        Meeting.objects.filter(
            forum_id=meeting.forum_id,
            starts_at__gte=_year_start(year),
            starts_at__lt=meeting.starts_at,
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(pk=meeting.pk)
        .count()
    )
    return earlier + 1


def year_plan_put_on_agenda(*, meeting: Meeting, user) -> list[AgendaItem]:
    """Put the year plan's items that fall on `meeting` (its month, or its number in the
    year) on its agenda after what is there, accepted and numbered; never one twice. Call
    inside the transaction that holds the forum's lock (meeting_plan does)."""
    local = timezone.localtime(meeting.starts_at)
    due = (
        YearPlanItem.objects.filter(forum_id=meeting.forum_id)
        .filter(Q(month=local.month) | Q(meeting_number=meeting_ordinal(meeting)))
        .exclude(agenda_items__meeting=meeting)
        .order_by("position", "pk")
    )
    created = []
    year = local.year
    last = (
        AgendaItem.objects.filter(forum_id=meeting.forum_id, year=year).aggregate(Max("number"))[
            "number__max"
        ]
        or 0
    )
    position = _next_position(meeting)
    for offset, plan in enumerate(due):
        item = AgendaItem(
            forum_id=meeting.forum_id,
            meeting=meeting,
            year_plan_item=plan,
            kind=plan.kind,
            title=plan.title,
            description=plan.description,
            status=ItemStatus.ACCEPTED,
            submitted_by=user,
            year=year,
            number=last + offset + 1,
            position=position + offset,
        )
        item.full_clean()
        item.save()
        _record(
            meeting.forum_id,
            user,
            EventKind.ITEM_ACCEPTED,
            {"item": _item_params(item)},
            meeting=meeting,
        )
        created.append(item)
    return created
