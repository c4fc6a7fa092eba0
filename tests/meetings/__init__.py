"""Helpers shared by the meetings tests (fixtures stay in the test modules)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from meetings.models import ForumMember
from meetings.services import forum_for_partnership, forum_member_add, meeting_plan

OSLO = ZoneInfo("Europe/Oslo")
Role = ForumMember.Role


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
