"""Reads of the calendar feeds: a user's feed, and the calendar its secret address serves.

The calendar holds what its owner may see today — the meetings of the forums of every
partnership visible to them, and the last day and the evaluation of those partnerships'
agreements in force or signed — so losing access to a partnership takes it out of the feed
at the next refresh. Five queries, however many partnerships, meetings and agreements."""

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from agreements.models import Agreement
from agreements.selectors.deadlines import agreement_deadlines
from meetings.ics import PRODID, add_timezones, meeting_event, uid_domain
from meetings.models import Meeting
from partnerships.selectors import partnerships_visible_to

from ..models import CalendarFeed

# How far back the feed reaches; what is older only weighs down every refresh.
HISTORY = dt.timedelta(days=365)
# How often calendar apps are asked to fetch the feed again (RFC 7986 and Outlook's name).
REFRESH = dt.timedelta(hours=1)
FEED_STATUSES = (
    Meeting.Status.PLANNED,
    Meeting.Status.INVITED,
    Meeting.Status.HELD,
    Meeting.Status.MINUTES_APPROVED,
    # Kept, marked cancelled (STATUS:CANCELLED, a higher SEQUENCE): a calendar that has the
    # meeting shows it cancelled instead of silently dropping it.
    Meeting.Status.CANCELLED,
)
DEADLINE_STATUSES = (Agreement.Status.IN_FORCE, Agreement.Status.SIGNED)


def calendar_feed_for_user(user) -> CalendarFeed | None:
    """The user's feed, or None if they have none; one query."""
    return CalendarFeed.objects.filter(user=user).first()


def calendar_for_token(token: str, *, base_url: str) -> bytes:
    """The calendar of the feed with this token, its links under `base_url`. 404 for a token
    that is unknown, revoked or replaced, or whose owner is deactivated — the same answer
    for each, so the address tells nothing of whether it ever worked."""
    feed = (
        CalendarFeed.objects.filter(token=token, user__is_active=True)
        .select_related("user")
        .first()
    )
    if feed is None:
        raise Http404
    # The owner's language is not stored and calendar apps send no cookie: bokmål.
    with translation.override(settings.LANGUAGE_CODE):
        return calendar_for_user(feed.user, base_url=base_url)


def _link(base_url: str, name: str, pk: int) -> str:
    return base_url.rstrip("/") + reverse(name, args=[pk])


def _meetings(user, since: dt.datetime) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            forum__partnership__in=partnerships_visible_to(user),
            status__in=FEED_STATUSES,
            ends_at__gte=since,
        )
        .select_related(
            "forum__partnership__office",
            "forum__partnership__municipal_party",
            "forum__partnership__state_party",
        )
        .order_by("starts_at", "pk")
    )


def _agreements(user) -> list[Agreement]:
    """Agreements in force or signed of the visible partnerships, each with `has_newer`:
    whether a newer version exists (the parties started the revision that is the
    evaluation)."""
    newer = Agreement.objects.filter(
        partnership=OuterRef("partnership"), version__gt=OuterRef("version")
    )
    return list(
        Agreement.objects.filter(
            partnership__in=partnerships_visible_to(user), status__in=DEADLINE_STATUSES
        )
        .select_related("partnership__office", "partnership__municipal_party")
        .select_related("partnership__state_party")
        .annotate(has_newer=Exists(newer))
        .order_by("pk")
    )


def _meeting_vevent(meeting: Meeting, *, url: str, now: dt.datetime) -> Event:
    place = ", ".join(part for part in (meeting.place, meeting.video_link) if part)
    lines = [meeting.forum.name, _("Status: %(status)s") % {"status": meeting.get_status_display()}]
    if place:
        lines.append(_("Place: %(place)s") % {"place": place})
    lines.append(_("Agenda, minutes and documents: %(url)s") % {"url": url})
    summary = ""
    if meeting.status == Meeting.Status.CANCELLED:
        lines.insert(2, _("Reason: %(reason)s") % {"reason": meeting.cancelled_reason})
        # Not every calendar app shows STATUS: the title says it too.
        summary = _("Cancelled: %(forum)s") % {"forum": meeting.forum.name}
        status = "CANCELLED"
    elif meeting.status == Meeting.Status.PLANNED:
        status = "TENTATIVE"  # planned, not yet called: the time may still move
    else:
        status = "CONFIRMED"
    return meeting_event(
        meeting,
        description="\n".join(lines),
        url=url,
        dtstamp=now,
        status=status,
        summary=summary,
    )


def _day_vevent(*, uid: str, day: dt.date, summary: str, url: str, now: dt.datetime) -> Event:
    """An all-day event that does not make its owner busy."""
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    event.add("summary", summary)
    event.add("url", url)
    event.add("description", f"{summary}\n{url}")
    return event


def _deadline_vevents(agreements, *, base_url: str, today: dt.date, now: dt.datetime):
    deadlines = agreement_deadlines(
        agreements, revised_ids=[a.pk for a in agreements if a.has_newer]
    )
    domain, first_day = uid_domain(), today - HISTORY
    for agreement in agreements:
        due = deadlines[agreement.pk]
        url = _link(base_url, "agreements:agreement_detail", agreement.pk)
        names = {"partnership": agreement.partnership}
        if due.ends_on and due.ends_on >= first_day:
            yield _day_vevent(
                uid=f"agreement-{agreement.pk}-ends@{domain}",
                day=due.ends_on,
                summary=_("Last day of the partnership agreement – %(partnership)s") % names,
                url=url,
                now=now,
            )
        if due.evaluation_due and due.evaluation_due >= first_day:
            yield _day_vevent(
                uid=f"agreement-{agreement.pk}-evaluation@{domain}",
                day=due.evaluation_due,
                summary=_("Partnership agreement due for evaluation – %(partnership)s") % names,
                url=url,
                now=now,
            )


def calendar_for_user(user, *, base_url: str) -> bytes:
    """The user's calendar (RFC 5545, no iTIP METHOD) in the active language: meetings
    from a year back onward (a meeting only planned is TENTATIVE, a cancelled one
    CANCELLED), and the agreements' last days and evaluations as all-day events. Every UID
    is stable, so a calendar app updates an event that moved instead of adding another.
    Four queries: memberships, meetings, agreements, their evaluation intervals."""
    now = timezone.now()
    meetings = _meetings(user, now - HISTORY)
    agreements = _agreements(user)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # No METHOD: the feed is not an iTIP message, and is served without a method parameter
    # (RFC 5545 3.7.2 wants both or neither).
    name = _("navpartner – meetings and deadlines")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add(
        "x-wr-caldesc", _("Partnership meetings and agreement deadlines you can see in navpartner.")
    )
    calendar.add("x-wr-timezone", "Europe/Oslo")
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    for meeting in meetings:
        url = _link(base_url, "meetings:meeting_detail", meeting.pk)
        calendar.add_component(_meeting_vevent(meeting, url=url, now=now))
    for event in _deadline_vevents(
        agreements, base_url=base_url, today=timezone.localdate(now), now=now
    ):
        calendar.add_component(event)
    add_timezones(calendar, [m.starts_at for m in meetings])
    return calendar.to_ical()
