"""The calendar files a meeting's life sends (invitation, update, cancellation) and the
personal feed, read by three independent parsers — `icalendar` (which writes them), `ical`
and `vobject` — as the members' calendar apps would: one UID throughout, SEQUENCE strictly
rising from invitation to update to cancellation, the iTIP METHOD of each message (none on
the feed), the Europe/Oslo VTIMEZONE, the forum's secretary as ORGANIZER (SENT-BY the
system's address) and the members asked to reply (RSVP=TRUE)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import icalendar
import pytest
import vobject
from django.core import mail
from django.urls import reverse
from ical.calendar_stream import IcsCalendarStream

from meetings.services import meeting_cancel, meeting_publish, meeting_send_update, meeting_update
from oversight.services.calendar import calendar_feed_get_or_create

from . import accepted, at, plan

SECRETARY = "mailto:navleder@example.org"
SYSTEM = "mailto:ikke-svar@navpartner.test"
MEMBERS = {
    "mailto:navleder@example.org",
    "mailto:bydelsdirektor@example.org",
    "mailto:verneombud@example.org",
}


@dataclass
class Read:
    """What one parser read of a calendar file with the meeting's event."""

    method: str | None
    uid: str
    sequence: int
    status: str
    tzids: set[str]
    dtstart_tzid: str
    starts: datetime
    organizer: str | None
    sent_by: str | None
    attendees: dict[str, str | None]  # address: RSVP


def _lower(address) -> str | None:
    return str(address).lower() if address else None


def read_icalendar(text: str, uid: str) -> Read:
    calendar = icalendar.Calendar.from_ical(text)
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid]
    organizer = event.get("ORGANIZER")
    attendees = event.get("ATTENDEE", [])
    attendees = attendees if isinstance(attendees, list) else [attendees]
    return Read(
        method=str(calendar["METHOD"]) if "METHOD" in calendar else None,
        uid=str(event["UID"]),
        sequence=int(event["SEQUENCE"]),
        status=str(event["STATUS"]),
        tzids={str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")},
        dtstart_tzid=event["DTSTART"].params["TZID"],
        starts=event.decoded("DTSTART"),
        organizer=_lower(organizer),
        sent_by=_lower(organizer.params.get("SENT-BY")) if organizer else None,
        attendees={_lower(a): a.params.get("RSVP") for a in attendees},
    )


def read_ical(text: str, uid: str) -> Read:
    calendar = IcsCalendarStream.calendar_from_ics(text)
    (event,) = [e for e in calendar.events if e.uid == uid]
    organizer = event.organizer
    return Read(
        method=calendar.method,
        uid=event.uid,
        sequence=event.sequence,
        status=str(event.status.value) if event.status else "",
        tzids={tz.tz_id for tz in calendar.timezones},
        dtstart_tzid=str(event.dtstart.tzinfo),
        starts=event.dtstart,
        organizer=_lower(organizer.uri) if organizer else None,
        sent_by=_lower(organizer.sent_by) if organizer else None,
        attendees={_lower(a.uri): "TRUE" if a.rsvp else None for a in event.attendees},
    )


def read_vobject(text: str, uid: str) -> Read:
    calendar = vobject.readOne(text)
    (event,) = [e for e in calendar.vevent_list if e.uid.value == uid]
    organizer = getattr(event, "organizer", None)
    return Read(
        method=calendar.method.value if hasattr(calendar, "method") else None,
        uid=event.uid.value,
        sequence=int(event.sequence.value),
        status=event.status.value,
        tzids={tz.tzid.value for tz in calendar.contents.get("vtimezone", [])},
        # vobject replaces TZID with the zone it built from the VTIMEZONE, keeping the name.
        dtstart_tzid=event.dtstart.params["X-VOBJ-ORIGINAL-TZID"][0],
        starts=event.dtstart.value,
        organizer=_lower(organizer.value) if organizer else None,
        sent_by=_lower(organizer.params["SENT-BY"][0])
        if organizer and "SENT-BY" in organizer.params
        else None,
        attendees={
            _lower(a.value): a.params["RSVP"][0] if "RSVP" in a.params else None
            for a in event.contents.get("attendee", [])
        },
    )


PARSERS = [read_icalendar, read_ical, read_vobject]


@pytest.fixture
def life(client, settings, forum, nav_leder, municipal_signatory, reader):
    """Invitation → the meeting moved and the update sent → cancelled; each message's
    calendar file, and the secretary's feed after the move and after the cancellation."""
    settings.DEFAULT_FROM_EMAIL = "navpartner <ikke-svar@navpartner.test>"
    starts = at(2026, 3, 10)
    meeting = plan(forum, nav_leder, starts)
    accepted(meeting, nav_leder, municipal_signatory)
    feed = reverse("oversight:calendar_feed", args=[calendar_feed_get_or_create(user=reader).token])

    def attached() -> str:
        (_name, content, _type) = mail.outbox[0].attachments[0]
        mail.outbox.clear()
        return content.decode() if isinstance(content, bytes) else content

    meeting_publish(meeting=meeting, user=nav_leder)
    invitation = attached()
    meeting_update(
        meeting=meeting,
        user=nav_leder,
        starts_at=starts + timedelta(days=2),
        ends_at=starts + timedelta(days=2, hours=2),
        place="Grorud, møterom 3",
    )
    meeting_send_update(meeting=meeting, user=nav_leder)
    update = attached()
    feed_moved = client.get(feed).content.decode()
    meeting_cancel(meeting=meeting, user=nav_leder, reason="Sykdom")
    cancel = attached()
    feed_cancelled = client.get(feed).content.decode()
    return {
        "uid": f"meeting-{meeting.pk}@navpartner.test",
        "invitation": invitation,
        "update": update,
        "cancel": cancel,
        "feed_moved": feed_moved,
        "feed_cancelled": feed_cancelled,
    }


@pytest.mark.parametrize("parse", PARSERS, ids=lambda p: p.__name__)
def test_the_messages_parse_and_follow_itip(life, parse):
    uid = life["uid"]
    invitation = parse(life["invitation"], uid)
    update = parse(life["update"], uid)
    cancel = parse(life["cancel"], uid)

    assert [m.method for m in (invitation, update, cancel)] == ["REQUEST", "REQUEST", "CANCEL"]
    assert {m.uid for m in (invitation, update, cancel)} == {uid}
    assert invitation.sequence < update.sequence < cancel.sequence
    assert (invitation.starts, update.starts, cancel.starts) == (
        at(2026, 3, 10),
        at(2026, 3, 12),
        at(2026, 3, 12),
    )
    assert [m.status for m in (invitation, update, cancel)] == [
        "CONFIRMED",
        "CONFIRMED",
        "CANCELLED",
    ]
    for message in (invitation, update, cancel):
        assert "Europe/Oslo" in message.tzids
        assert message.dtstart_tzid == "Europe/Oslo"
        assert message.organizer == SECRETARY
        assert message.sent_by == SYSTEM
        assert set(message.attendees) == MEMBERS
    assert set(invitation.attendees.values()) == {"TRUE"}
    assert set(update.attendees.values()) == {"TRUE"}


@pytest.mark.parametrize("parse", PARSERS, ids=lambda p: p.__name__)
def test_the_feed_parses_and_follows_the_messages(life, parse):
    uid = life["uid"]
    update = parse(life["update"], uid)
    cancel = parse(life["cancel"], uid)
    moved = parse(life["feed_moved"], uid)
    cancelled = parse(life["feed_cancelled"], uid)

    assert moved.method is None and cancelled.method is None
    assert (moved.uid, cancelled.uid) == (uid, uid)
    assert (moved.sequence, moved.status) == (update.sequence, "CONFIRMED")
    assert (cancelled.sequence, cancelled.status) == (cancel.sequence, "CANCELLED")
    assert "Europe/Oslo" in cancelled.tzids
    assert cancelled.dtstart_tzid == "Europe/Oslo"
    assert moved.starts == cancelled.starts == at(2026, 3, 12)
    assert cancelled.attendees == {}  # a feed asks nobody to reply
