"""The invitation's calendar file (RFC 5545 with METHOD:REQUEST, RFC 5546).

One VEVENT per meeting. Its UID never changes, and SEQUENCE is the agenda version, so a
calendar that received an earlier invitation updates the event instead of adding another."""

from datetime import date
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

OSLO = ZoneInfo("Europe/Oslo")


def _sender() -> tuple[str, str]:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return name or "navpartner", address or "ikke-svar@navpartner.local"


def meeting_uid(meeting) -> str:
    """Stable for the meeting, unique to this installation (the sender's domain)."""
    domain = _sender()[1].rpartition("@")[2] or "navpartner.local"
    return f"meeting-{meeting.pk}@{domain}"


def meeting_ics(meeting, *, description: str = "", url: str = "", attendees=()) -> bytes:
    """The calendar file of `meeting` (its forum selected). `attendees` are (name, e-mail)."""
    calendar = Calendar()
    calendar.add("prodid", "-//navpartner//Partnerskapsmøter//NO")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at.astimezone(OSLO))
    event.add("dtend", meeting.ends_at.astimezone(OSLO))
    event.add("sequence", meeting.agenda_version)
    event.add("status", "CONFIRMED")
    event.add("summary", meeting.forum.name)
    location = ", ".join(part for part in (meeting.place, meeting.video_link) if part)
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    if description:
        event.add("description", description)
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
    # The rules of the meeting's own year keep the VTIMEZONE short.
    year = meeting.starts_at.astimezone(OSLO).year
    calendar.add_missing_timezones(first_date=date(year - 1, 1, 1), last_date=date(year + 1, 1, 1))
    return calendar.to_ical()
