"""Helpers shared by the meetings tests, one signature each; the fixtures are in conftest.py."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from meetings.minutes_review import minutes_content, minutes_hash
from meetings.models import AgendaItem, ForumMember
from meetings.services import (
    forum_for_partnership,
    forum_member_add,
    item_accept,
    item_submit,
    meeting_plan,
    minutes_approve,
    minutes_publish,
)

OSLO = ZoneInfo("Europe/Oslo")
Role = ForumMember.Role
Kind = AgendaItem.Kind


def at(year, month, day, hour=10, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OSLO)


def make_forum(partnership, *, secretary, members=(), invited=()):
    """The partnership's forum with `secretary` as secretary and the others as members."""
    forum = forum_for_partnership(partnership=partnership)
    forum_member_add(
        forum=forum, user=secretary, role=Role.SECRETARY, title="NAV-leder", actor=secretary
    )
    for user in members:
        forum_member_add(forum=forum, user=user, role=Role.MEMBER, actor=secretary)
    for user in invited:
        forum_member_add(forum=forum, user=user, role=Role.INVITED, actor=secretary)
    return forum


def plan(forum, user, starts: datetime, *, hours=2, place="Grorud, møterom 1"):
    return meeting_plan(
        forum=forum,
        user=user,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        place=place,
    )


def codes(error) -> set[str]:
    """The codes of a ValidationError, whether it is about fields or the whole."""
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def submit(meeting, user, title="Ungdomsgarantien", kind=Kind.DISCUSSION, **kwargs):
    """`user` submits an item to `meeting`; kwargs go to item_submit."""
    return item_submit(meeting=meeting, user=user, kind=kind, title=title, **kwargs)


def accepted(meeting, secretary, submitter, title="Ungdomsgarantien", kind=Kind.DISCUSSION):
    """An item `submitter` submitted and `secretary` put on the agenda."""
    return item_accept(item=submit(meeting, submitter, title, kind), user=secretary)


def nb(msgid: str) -> str:
    """The message as the (Norwegian) page shows it."""
    with translation.override("nb"):
        return gettext(msgid)


def meeting_url(meeting, name="meeting_detail", **kwargs):
    return reverse(f"meetings:{name}", kwargs={"pk": meeting.pk, **kwargs})


def item_url(meeting, item, name):
    return meeting_url(meeting, name, item_pk=item.pk)


def view_in(client, language: str) -> None:
    """Choose the page language as a user does (the language cookie)."""
    client.post(reverse("set_language"), {"language": language, "next": "/"})


def approve_minutes(meeting, secretary, clock, approvers):
    """The secretary sends the draft minutes of a held meeting for comment until today; the
    day passes; each (user, capacity) in `approvers` approves the text as it reads."""
    minutes_publish(meeting=meeting, user=secretary, comment_deadline=timezone.localdate())
    clock.move_to(timezone.now() + timedelta(days=1))
    for user, capacity in approvers:
        minutes_approve(
            meeting=meeting,
            user=user,
            capacity=capacity,
            expected_hash=minutes_hash(minutes_content(meeting)),
        )


def edit_meeting(client, meeting, **overrides):
    """Post the meeting's edit form: 12 March 2026, 12:00–14:00, Grorud, møterom 3, unless
    `overrides` say otherwise."""
    data = {
        "date": "2026-03-12",
        "start": "12:00",
        "end": "14:00",
        "place": "Grorud, møterom 3",
        "video_link": "",
        **overrides,
    }
    return client.post(meeting_url(meeting, "meeting_edit"), data)
