"""Helpers shared by the oversight tests (the fixtures are in conftest.py)."""

import datetime as dt

from agreements.models import Agreement
from agreements.services import agreement_section_update
from meetings.models import Meeting
from oversight.models import Notification
from tests.meetings import at


def put_in_force(agreement, *, since, valid_to=None, interval=None):
    """Put the agreement in force from `since` (and 9.0's evaluation interval, if given)."""
    if interval is not None:
        section = agreement.sections.get(template_section__structured="validity")
        section.structured = {**section.structured, "evaluation_interval_months": interval}
        section.save(update_fields=["structured"])
    Agreement.objects.filter(pk=agreement.pk).update(
        status=Agreement.Status.IN_FORCE, in_force_from=since, valid_to=valid_to
    )
    agreement.refresh_from_db()
    return agreement


def meeting_on(forum, day: dt.date, status=Meeting.Status.HELD) -> Meeting:
    """A meeting of the forum at 10:00 on `day` (held unless told), made directly."""
    starts = at(day.year, day.month, day.day)
    return Meeting.objects.create(
        forum=forum,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        submission_deadline=day - dt.timedelta(days=14),
        status=status,
    )


def told(kind) -> set[tuple[str, str]]:
    """(username, occasion) of each notification of the kind."""
    return {
        (n.user.username, n.occasion)
        for n in Notification.objects.filter(kind=kind).select_related("user")
    }


def who(kind) -> set[str]:
    """The usernames told of the kind."""
    return {username for username, _occasion in told(kind)}


def write(section, user, body=None):
    """Save the section's text as `user` (by default a text naming the section); returns
    the section as stored."""
    agreement_section_update(
        section=section,
        user=user,
        title=section.title,
        body=body or f"<p>Avtalt tekst for {section.number}.</p>",
        structured_data=section.structured,
        expected_revision=section.revision,
    )
    section.refresh_from_db()
    return section
