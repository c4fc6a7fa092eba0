"""The meeting's calendar event, for the invitation's calendar file (RFC 5545 with
METHOD:REQUEST, RFC 5546) and for the users' calendar feeds.

One VEVENT per meeting. Its UID never changes, and SEQUENCE is the meeting's `ics_sequence`,
which rises with every change a calendar shows (time, place, video link, the agenda sent
again, cancellation), so a calendar that received an earlier message updates the event
instead of adding another, and takes a cancellation (METHOD:CANCEL, STATUS:CANCELLED) as the
end of it. The messages name the forum's secretary as ORGANIZER, with SENT-BY the system's
address the mail comes from: replies go to a person."""

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
    summary: str = "",
) -> Event:
    """The meeting as a VEVENT (reads meeting.forum: select it with the meeting), with
    neither organizer nor attendees: a feed shows it, only an invitation asks for replies.
    `summary`: instead of the forum's name."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", dtstamp or timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(OSLO))
    event.add("dtend", meeting.ends_at.astimezone(OSLO))
    event.add("sequence", meeting.ics_sequence)
    event.add("status", status)
    event.add("summary", summary or meeting.forum.name)
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


def _address(name: str, email: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    return address


def meeting_ics(
    meeting,
    *,
    organizer: tuple[str, str],
    attendees=(),
    method: str = "REQUEST",
    description: str = "",
    url: str = "",
) -> bytes:
    """The iTIP message (RFC 5546) of `meeting` (its forum selected): METHOD:REQUEST
    invites or updates, METHOD:CANCEL cancels (STATUS:CANCELLED). `organizer` is the
    forum's secretary and `attendees` the members, each (name, e-mail)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    status = "CANCELLED" if method == "CANCEL" else "CONFIRMED"
    event = meeting_event(meeting, description=description, url=url, status=status)
    organizer_name, organizer_email = organizer
    address = _address(organizer_name, organizer_email)
    system = _sender()[1]
    if system.lower() != organizer_email.lower():
        # The mail comes from the system, on the secretary's behalf (RFC 5545 3.2.18).
        address.params["sent-by"] = vText(f"mailto:{system}")
    event.add("organizer", address)
    for name, email in attendees:
        attendee = _address(name, email)
        attendee.params["cutype"] = vText("INDIVIDUAL")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        if method == "REQUEST":
            attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    add_timezones(calendar, [meeting.starts_at])
    return calendar.to_ical()
