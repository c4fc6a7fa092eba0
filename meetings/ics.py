"""The meeting's calendar event, for the invitation's calendar file (RFC 5545 with
METHOD:REQUEST, RFC 5546) and for the users' calendar feeds.

One VEVENT per meeting. Its UID never changes, and SEQUENCE is the agenda version, so a
calendar that received an earlier invitation updates the event instead of adding another."""

from datetime import date, datetime
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

OSLO = ZoneInfo("Europe/Oslo")
PRODID = "-//navpartner//Partnerskapsmøter//NO"


def _sender() -> tuple[str, str]:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return name or "navpartner", address or "ikke-svar@navpartner.local"


def uid_domain() -> str:
    """The installation's part of every UID it makes (the sender's domain)."""
    return _sender()[1].rpartition("@")[2] or "navpartner.local"


def meeting_uid(meeting) -> str:
    """Stable for the meeting, unique to this installation."""
    return f"meeting-{meeting.pk}@{uid_domain()}"


def meeting_event(
    meeting,
    *,
    description: str = "",
    url: str = "",
    dtstamp: datetime | None = None,
    status: str = "CONFIRMED",
) -> Event:
    """The meeting as a VEVENT (reads meeting.forum: select it with the meeting), with
    neither organizer nor attendees: a feed shows it, only an invitation asks for replies."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", dtstamp or timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(OSLO))
    event.add("dtend", meeting.ends_at.astimezone(OSLO))
    event.add("sequence", meeting.agenda_version)
    event.add("status", status)
    event.add("summary", meeting.forum.name)
    location = ", ".join(part for part in (meeting.place, meeting.video_link) if part)
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    if description:
        event.add("description", description)
    return event


def add_timezones(calendar: Calendar, starts: list[datetime]) -> None:
    """The VTIMEZONE of the events' zone, limited to the years around `starts` so it stays
    short."""
    if not starts:
        return
    years = [start.astimezone(OSLO).year for start in starts]
    calendar.add_missing_timezones(
        first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 1, 1, 1)
    )


def meeting_ics(meeting, *, description: str = "", url: str = "", attendees=()) -> bytes:
    """The calendar file of `meeting` (its forum selected). `attendees` are (name, e-mail)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = meeting_event(meeting, description=description, url=url)
    name, address = _sender()
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(name)
    event.add("organizer", organizer)
    for attendee_name, email in attendees:
        attendee = vCalAddress(f"mailto:{email}")
        if attendee_name:
            attendee.params["cn"] = vText(attendee_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    add_timezones(calendar, [meeting.starts_at])
    return calendar.to_ical()
