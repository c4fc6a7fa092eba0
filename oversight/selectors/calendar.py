"""Reads of the calendar feeds: a user's feed, and the calendar its secret address serves.

The calendar holds what its owner may see today — the meetings of the forums of every
partnership visible to them, and the last day and the evaluation of those partnerships'
agreements in force or signed — so losing access to a partnership takes it out of the feed
at the next refresh.

Window: meetings that end on or after the day six months ago and start before the day
eighteen months ahead (both counted from today in Oslo); agreement deadlines from the same
first day onward, with no end (at most two a partnership, and an end date years ahead is
what the user wants to see). Older and later meetings only weigh down every poll.

Calendar apps poll every hour, and almost every poll finds nothing new. So the feed has a
version: a hash over every value it shows, which the database reads as one digest a row
(the meetings' in the window, the agreements', the visible partnerships' names: no row's
values are sent, and no query joins more than it needs) — the meetings have no "updated"
timestamp, and a hash over the values also sees changes made with `update()` or
`save(update_fields=...)`. The rendered body is kept in the default cache under the user
and that version, with its ETag (over the body) and the time it was rendered
(Last-Modified): a poll whose version is unchanged costs the feed, the memberships, the
version's queries and a cache read. The user's events are kept too, each under its row's
digests, so a change builds only the events that changed (building all of them at county
scale takes most of a second)."""

import datetime as dt
import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import (
    CharField,
    Exists,
    FilteredRelation,
    Func,
    OuterRef,
    Q,
    Subquery,
    TextField,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vDuration

from agreements.models import Agreement, TemplateSection
from agreements.selectors.deadlines import add_months, agreement_deadlines
from agreements.structured import VALIDITY
from meetings.ics import PRODID, meeting_event, uid_domain
from meetings.models import Meeting
from navpartner.languages import user_language
from partnerships.selectors import partnerships_visible_to

from ..models import CalendarFeed

# The window, in months around today: see the module's docstring.
MONTHS_BACK = 6
MONTHS_AHEAD = 18
# How often calendar apps are asked to fetch the feed again (RFC 7986 and Outlook's name).
REFRESH = dt.timedelta(hours=1)
# How long a rendered body is kept. Its key holds the window's first day, so it is not
# asked for after midnight anyway; this also bounds how long a deploy that changes the
# wording waits to be seen.
BODY_CACHE_SECONDS = 24 * 60 * 60
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
# A newer version of the agreement exists: the parties started the revision that is the
# evaluation, so none is due.
_newer = Agreement.objects.filter(
    partnership=OuterRef("partnership"), version__gt=OuterRef("version")
)


@dataclass(frozen=True)
class Window:
    first_day: dt.date
    end_day: dt.date  # the first day after it

    @classmethod
    def around(cls, today: dt.date) -> "Window":
        return cls(add_months(today, -MONTHS_BACK), add_months(today, MONTHS_AHEAD))

    def _start(self, day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time()))

    @property
    def starts_at(self) -> dt.datetime:
        return self._start(self.first_day)

    @property
    def ends_at(self) -> dt.datetime:
        return self._start(self.end_day)


@dataclass(frozen=True)
class FeedBody:
    """A rendered feed: the calendar, its strong ETag (over the body) and when it was
    rendered (seconds since the epoch, for Last-Modified)."""

    body: bytes
    etag: str
    last_modified: int


@dataclass(frozen=True)
class FeedState:
    """Where the feed's current version is kept, and its ETag and Last-Modified if it has
    been rendered (None until then, or once the cache has let it go)."""

    key: str
    window: Window
    rows: "FeedRows"
    etag: str | None
    last_modified: int | None


@dataclass(frozen=True)
class FeedRows:
    """What the feed shows, as plain tuples: each meeting's and agreement's primary key, its
    partnership's, (for a meeting) its start, and a digest of the values it shows; and a
    digest of each partnership's name, by primary key. What its version and its events'
    cache keys are made of."""

    meetings: list[tuple]
    agreements: list[tuple]
    names: dict[int, str]


def calendar_feed_for_user(user) -> CalendarFeed | None:
    """The user's feed, or None if they have none; one query."""
    return CalendarFeed.objects.filter(user=user).first()


def calendar_feed_for_token(token: str) -> CalendarFeed:
    """The feed with this token, its user selected; one query. 404 for a token that is
    unknown, revoked or replaced, or whose owner is deactivated — the same answer for each,
    so the address tells nothing of whether it ever worked."""
    feed = (
        CalendarFeed.objects.filter(token=token, user__is_active=True)
        .select_related("user__profile")
        .first()
    )
    if feed is None:
        raise Http404
    return feed


def _meetings_in(partnerships, window: Window):
    return Meeting.objects.filter(
        forum__partnership__in=partnerships,
        status__in=FEED_STATUSES,
        ends_at__gte=window.starts_at,
        starts_at__lt=window.ends_at,
    )


def _agreements_of(partnerships):
    """Agreements in force or signed of the partnerships, each with `has_newer`: whether a
    newer version exists (the parties started the revision that is the evaluation)."""
    return Agreement.objects.filter(
        partnership__in=partnerships, status__in=DEADLINE_STATUSES
    ).annotate(has_newer=Exists(_newer))


def _text(name: str) -> Cast:
    """The column as the database writes it: only compared, so not worth converting."""
    return Cast(name, TextField())


class _RowDigest(Func):
    """The MD5 of the fields' values written out by the database as one text: a row on
    PostgreSQL, a JSON array elsewhere (both quote texts and keep NULLs, so rows of different
    values write different texts). One short column to read instead of all of them; the
    row is quicker to write than JSON."""

    output_field = CharField()
    template = "MD5(CAST(JSON_ARRAY(%(expressions)s) AS text))"

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="MD5(ROW(%(expressions)s)::text)", **extra_context
        )


def _feed_rows(user, window: Window) -> FeedRows:
    """Four small queries, none with a join that grows: the memberships (none if the user
    holds them); the meetings in the window (id, partnership, start as the database writes
    it, in UTC, digest), in time order; the agreements (id, partnership, digest); the
    visible partnerships (id, digest of what names them). No model instances.

    The digests are made by the database, and the partnerships' names are read once, not
    with every meeting and agreement: reading the values themselves, each row joined to the
    names, took most of a poll at county scale (planning the joins included)."""
    partnerships = partnerships_visible_to(user)
    # Each agreement's 9.0 section, joined: a subquery for each agreement read all its
    # sections. Named by the veileder's points, as a join's condition cannot follow a
    # relation.
    validity_points = TemplateSection.objects.filter(structured=VALIDITY).order_by()
    validity = FilteredRelation(
        "sections",
        condition=Q(sections__template_section__in=Subquery(validity_points.values("pk"))),
    )
    agreements = _agreements_of(partnerships).annotate(validity=validity)
    interval = KeyTextTransform("evaluation_interval_months", "validity__structured")
    meetings = _meetings_in(partnerships, window).values_list(
        "pk", "forum__partnership_id", _text("starts_at"),
        # What _meeting_vevent and meeting_event show.
        _RowDigest(
            "starts_at", "ends_at", "status", "ics_sequence", "place", "video_link",
            "cancelled_reason",
        ),
    ).order_by("starts_at", "pk")  # fmt: skip
    agreements = agreements.values_list(
        "pk", "partnership_id",
        # What agreement_deadlines reads.
        _RowDigest(
            "status", "in_force_from", "last_evaluated_on", "valid_to", "terminates_on",
            "has_newer", interval,
        ),
    ).order_by("pk")  # fmt: skip
    names = partnerships.values_list(
        # What Partnership.__str__ and Forum.name are made of.
        "pk",
        _RowDigest("kind", "office__name", "municipal_party__name", "state_party__name"),
    ).order_by("pk")
    return FeedRows(list(meetings), list(agreements), dict(names))


def _digest(*parts) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode())
        digest.update(b"\0")
    return digest.hexdigest()


def _version(rows: FeedRows, window: Window, base_url: str, language: str) -> str:
    """A hash over everything the feed shows: it changes when a meeting is added, moved,
    re-placed, called or cancelled, when an agreement's dates, state or evaluation interval
    change, when a name shown changes, when the user gains or loses a partnership, and when
    the user changes language."""
    return _digest(language, base_url, window, rows.meetings, rows.agreements, rows.names)


def calendar_feed_state(feed: CalendarFeed, *, base_url: str) -> FeedState:
    """The feed's current version (four queries, see _feed_rows) and, if it was rendered, its
    ETag and Last-Modified, read from the cache without the body."""
    window = Window.around(timezone.localdate())
    rows = _feed_rows(feed.user, window)
    language = user_language(feed.user)
    key = f"oversight:calendar-feed:{feed.user_id}:{_version(rows, window, base_url, language)}"
    etag, last_modified = cache.get(f"{key}:validators") or (None, None)
    return FeedState(key, window, rows, etag, last_modified)


def calendar_feed_body(feed: CalendarFeed, state: FeedState, *, base_url: str) -> FeedBody:
    """The feed's body at `state`: from the cache, or put together (calendar_for_user) and
    kept for the next polls, the other workers' included."""
    cached = cache.get(f"{state.key}:body")
    if cached is not None:
        return FeedBody(*cached)
    # In the owner's language (calendar apps send no cookie).
    with translation.override(user_language(feed.user)):
        body = calendar_for_user(feed.user, base_url=base_url, window=state.window, rows=state.rows)
    rendered = FeedBody(body, f'"{hashlib.sha256(body).hexdigest()}"', int(time.time()))
    cache.set_many(
        {
            f"{state.key}:validators": (rendered.etag, rendered.last_modified),
            f"{state.key}:body": (rendered.body, rendered.etag, rendered.last_modified),
        },
        BODY_CACHE_SECONDS,
    )
    return rendered


def _link(base_url: str, name: str, pk: int) -> str:
    return base_url.rstrip("/") + reverse(name, args=[pk])


def _meetings(pks) -> list[Meeting]:
    return list(
        Meeting.objects.filter(pk__in=pks).select_related(
            "forum__partnership__office",
            "forum__partnership__municipal_party",
            "forum__partnership__state_party",
        )
    )


def _agreements(pks) -> list[Agreement]:
    return list(
        Agreement.objects.filter(pk__in=pks)
        .annotate(has_newer=Exists(_newer))
        .select_related("partnership__office", "partnership__municipal_party")
        .select_related("partnership__state_party")
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


def _deadline_vevents(agreements, *, base_url: str, first_day: dt.date, now: dt.datetime):
    deadlines = agreement_deadlines(
        agreements, revised_ids=[a.pk for a in agreements if a.has_newer]
    )
    domain = uid_domain()
    for agreement in agreements:
        due = deadlines[agreement.pk]
        url = _link(base_url, "agreements:agreement_detail", agreement.pk)
        names = {"partnership": agreement.partnership}
        if due.ends_on and due.ends_on >= first_day:
            yield (
                agreement.pk,
                _day_vevent(
                    uid=f"agreement-{agreement.pk}-ends@{domain}",
                    day=due.ends_on,
                    summary=_("Last day of the partnership agreement – %(partnership)s") % names,
                    url=url,
                    now=now,
                ),
            )
        if due.evaluation_due and due.evaluation_due >= first_day:
            yield (
                agreement.pk,
                _day_vevent(
                    uid=f"agreement-{agreement.pk}-evaluation@{domain}",
                    day=due.evaluation_due,
                    summary=_("Partnership agreement due for evaluation – %(partnership)s") % names,
                    url=url,
                    now=now,
                ),
            )


def _events(rows: list[tuple], names: dict[int, str], *parts) -> dict[int, str]:
    """The key of each row's events: its id, the digests of the values shown and of its
    partnership's name, and a hash of what else they show (the same for every row)."""
    common = _digest(*parts)
    keys: dict[int, str] = {}
    for row in rows:  # an agreement with two 9.0 sections has a row for each
        keys[row[0]] = f"{keys.get(row[0], row[0])}:{row[-1]}:{names[row[1]]}"
    return {pk: f"{key}:{common}" for pk, key in keys.items()}


def _header() -> bytes:
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
    return calendar.to_ical().removesuffix(b"END:VCALENDAR\r\n")


def _timezone_for(meetings: list[tuple]) -> bytes:
    """The VTIMEZONE of the meetings' times, from the year before the first to the year
    after the last (as meetings.ics.add_timezones), kept in the cache by those years."""
    if not meetings:
        return b""
    years = [int(row[2][:4]) for row in meetings]  # as the database writes it, in UTC
    first, last = dt.date(min(years) - 1, 1, 1), dt.date(max(years) + 1, 1, 1)
    key = f"oversight:calendar-timezone:{first.year}-{last.year}"
    ical = cache.get(key)
    if ical is None:
        ical = Timezone.from_tzid("Europe/Oslo", first_date=first, last_date=last).to_ical()
        cache.set(key, ical, BODY_CACHE_SECONDS)
    return ical


def calendar_for_user(
    user, *, base_url: str, window: Window | None = None, rows: FeedRows | None = None
) -> bytes:
    """The user's calendar (RFC 5545, no iTIP METHOD) in the active language: the meetings
    in `window` (by default the one around today; a meeting only planned is TENTATIVE, a
    cancelled one CANCELLED), and the agreements' last days and evaluations from its first
    day on as all-day events. Every UID is stable, so a calendar app updates an event that
    moved instead of adding another.

    The user's events are kept in the cache (one entry, so that a small per-process cache
    does not evict them one by one), each under a hash of the values it shows, so after a
    change only what changed is built again: at county scale building every event takes
    most of a second. Up to seven queries: the memberships (none if the user holds them),
    the version's three (none if `rows` is given, see _feed_rows), and only for events not
    in the cache: the meetings, the agreements, their evaluation intervals."""
    now = timezone.now()
    window = window or Window.around(timezone.localdate(now))
    rows = rows or _feed_rows(user, window)
    language = translation.get_language()
    meeting_keys = _events(rows.meetings, rows.names, "meeting", base_url, language)
    agreement_keys = _events(rows.agreements, rows.names, "deadlines", base_url, language, window)
    cache_key = f"oversight:calendar-events:{user.pk}"
    kept = cache.get(cache_key) or {}
    wanted = {*meeting_keys.values(), *agreement_keys.values()}
    events = {key: ical for key, ical in kept.items() if key in wanted}
    built: dict[str, bytes] = {}
    if missing := [pk for pk, key in meeting_keys.items() if key not in events]:
        for meeting in _meetings(missing):
            url = _link(base_url, "meetings:meeting_detail", meeting.pk)
            event = _meeting_vevent(meeting, url=url, now=now)
            built[meeting_keys[meeting.pk]] = event.to_ical()
    if missing := [pk for pk, key in agreement_keys.items() if key not in events]:
        agreements = _agreements(missing)
        deadlines = dict.fromkeys((a.pk for a in agreements), b"")
        for pk, event in _deadline_vevents(
            agreements, base_url=base_url, first_day=window.first_day, now=now
        ):
            deadlines[pk] += event.to_ical()
        built.update({agreement_keys[pk]: ical for pk, ical in deadlines.items()})
    events.update(built)
    if built or len(events) < len(kept):
        cache.set(cache_key, events, BODY_CACHE_SECONDS)
    meetings = rows.meetings  # in time order
    parts = [_header()]
    parts += [events.get(meeting_keys[row[0]], b"") for row in meetings]
    parts += [events.get(key, b"") for key in agreement_keys.values()]
    parts += [_timezone_for(meetings), b"END:VCALENDAR\r\n"]
    return b"".join(parts)
