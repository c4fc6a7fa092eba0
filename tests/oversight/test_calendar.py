"""The personal calendar feed: a valid iCalendar with the meetings and agreement deadlines
its owner may see, each linking back; reached by its secret address alone, which a new
address or stopping the feed turns into 404; and the page to get, renew and stop it."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from icalendar import Calendar

from agreements.models import Agreement
from meetings.ics import uid_domain
from meetings.services import meeting_publish
from oversight.models import CalendarFeed
from oversight.services.calendar import (
    calendar_feed_get_or_create,
    calendar_feed_renew,
    calendar_feed_revoke,
)
from tests.meetings import at, make_forum, plan
from tests.oversight import put_in_force

BASE = "http://testserver"
DOMAIN = uid_domain()


@pytest.fixture
def in_force(clock, approved):
    """Grorud's agreement in force from 1 January 2026 to 31 December 2029, to be evaluated
    after 24 months."""
    return put_in_force(
        approved, since=dt.date(2026, 1, 1), valid_to=dt.date(2029, 12, 31), interval=24
    )


def feed_url(user) -> str:
    return reverse("oversight:calendar_feed", args=[calendar_feed_get_or_create(user=user).token])


def fetch(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


# --- the feed ------------------------------------------------------------------------------


def test_the_feed_holds_the_users_meetings_and_agreement_deadlines_linking_back(
    client, forum, nav_leder, reader, in_force
):
    planned = plan(forum, nav_leder, at(2026, 3, 10))
    invited = plan(forum, nav_leder, at(2026, 6, 2, 13), place="")
    meeting_publish(meeting=invited, user=nav_leder)
    long_ago = plan(forum, nav_leder, at(2024, 11, 5))

    response = client.get(feed_url(reader))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"].startswith("private, max-age=")
    assert response["X-Content-Type-Options"] == "nosniff"
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"])
    assert "METHOD" not in calendar  # not an iTIP message (RFC 5545 3.7.2)
    assert b"X-PUBLISHED-TTL:PT1H" in response.content
    by_uid = events(calendar)
    meetings = {uid: e for uid, e in by_uid.items() if uid.startswith("meeting-")}
    assert set(meetings) == {f"meeting-{planned.pk}@{DOMAIN}", f"meeting-{invited.pk}@{DOMAIN}"}
    assert f"meeting-{long_ago.pk}@{DOMAIN}" not in by_uid  # over six months ago

    first = meetings[f"meeting-{planned.pk}@{DOMAIN}"]
    assert first["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert first.decoded("DTSTART") == at(2026, 3, 10)
    assert first.decoded("DTEND") == at(2026, 3, 10, 12)
    assert str(first["SUMMARY"]) == forum.name
    assert str(first["STATUS"]) == "TENTATIVE"  # planned, not yet called
    assert str(first["URL"]) == BASE + reverse("meetings:meeting_detail", args=[planned.pk])
    assert str(first["URL"]) in str(first["DESCRIPTION"])
    assert "DTSTAMP" in first
    assert "ATTENDEE" not in first and "ORGANIZER" not in first
    second = meetings[f"meeting-{invited.pk}@{DOMAIN}"]
    assert (str(second["STATUS"]), second["SEQUENCE"]) == ("CONFIRMED", 1)
    assert calendar.walk("VTIMEZONE")  # TZID Europe/Oslo is defined in the file

    agreement_url = BASE + reverse("agreements:agreement_detail", args=[in_force.pk])
    ends = by_uid[f"agreement-{in_force.pk}-ends@{DOMAIN}"]
    evaluation = by_uid[f"agreement-{in_force.pk}-evaluation@{DOMAIN}"]
    assert (ends.decoded("DTSTART"), ends.decoded("DTEND")) == (
        dt.date(2029, 12, 31),
        dt.date(2030, 1, 1),
    )
    assert evaluation.decoded("DTSTART") == dt.date(2028, 1, 1)
    assert ends["DTSTART"].params.get("VALUE") == "DATE"
    assert str(ends["TRANSP"]) == "TRANSPARENT"
    assert "NAV Grorud" in str(ends["SUMMARY"])
    assert str(ends["SUMMARY"]) != str(evaluation["SUMMARY"])
    assert str(ends["URL"]) == str(evaluation["URL"]) == agreement_url
    assert len(by_uid) == 4


def test_the_same_events_keep_their_uids_when_a_meeting_moves(client, forum, nav_leder, reader):
    meeting = plan(forum, nav_leder, at(2026, 3, 10))
    url = feed_url(reader)
    before = events(fetch(client, url))

    meeting.starts_at, meeting.ends_at = at(2026, 3, 12), at(2026, 3, 12, 12)
    meeting.save(update_fields=["starts_at", "ends_at"])

    after = events(fetch(client, url))
    assert set(after) == set(before)
    (event,) = after.values()
    assert event.decoded("DTSTART") == at(2026, 3, 12)


def test_the_feed_holds_only_what_its_owner_may_see(
    client, world, forum, nav_leder, outsider, in_force
):
    grorud = plan(forum, nav_leder, at(2026, 3, 10))
    frogner = plan(
        make_forum(world.other_partnership, secretary=outsider), outsider, at(2026, 3, 11)
    )

    outsiders = events(fetch(client, feed_url(outsider)))
    grorud_uids = events(fetch(client, feed_url(nav_leder)))

    assert set(outsiders) == {f"meeting-{frogner.pk}@{DOMAIN}"}
    assert f"meeting-{grorud.pk}@{DOMAIN}" not in outsiders
    assert not any(uid.startswith(f"agreement-{in_force.pk}-") for uid in outsiders)
    assert f"meeting-{frogner.pk}@{DOMAIN}" not in grorud_uids
    assert f"meeting-{grorud.pk}@{DOMAIN}" in grorud_uids


def test_an_agreement_being_revised_has_no_evaluation_left(client, in_force, reader):
    Agreement.objects.create(
        partnership=in_force.partnership,
        template=in_force.template,
        version=in_force.version + 1,
        based_on=in_force,
    )

    uids = set(events(fetch(client, feed_url(reader))))

    assert f"agreement-{in_force.pk}-ends@{DOMAIN}" in uids
    assert f"agreement-{in_force.pk}-evaluation@{DOMAIN}" not in uids


def test_an_agreement_not_yet_signed_has_no_deadlines(client, clock, agreement, reader):
    assert not events(fetch(client, feed_url(reader)))


def test_an_unknown_token_is_404(client, db):
    response = client.get(reverse("oversight:calendar_feed", args=["not-a-real-token"]))

    assert response.status_code == 404
    assert "logg-inn" not in response.get("Location", "")


def test_a_renewed_feed_answers_only_at_its_new_address(client, reader):
    old = feed_url(reader)

    calendar_feed_renew(user=reader)

    new = feed_url(reader)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_revoked_feed_is_404(client, reader):
    url = feed_url(reader)

    assert calendar_feed_revoke(user=reader) is True

    assert client.get(url).status_code == 404
    assert not CalendarFeed.objects.filter(user=reader).exists()
    assert calendar_feed_revoke(user=reader) is False


def test_a_deactivated_users_feed_is_404(client, reader):
    url = feed_url(reader)
    reader.is_active = False
    reader.save(update_fields=["is_active"])

    assert client.get(url).status_code == 404


def test_the_feed_refuses_writes(client, reader):
    assert client.post(feed_url(reader)).status_code == 405


@pytest.mark.parametrize("meetings_per_forum", [1, 6])
def test_a_rendered_feed_runs_the_same_eight_queries_however_much_it_holds(
    client,
    django_assert_num_queries,
    world,
    forum,
    nav_leder,
    outsider,
    state_signatory,
    in_force,
    meetings_per_forum,
):
    frogner = make_forum(world.other_partnership, secretary=outsider)
    for week in range(meetings_per_forum):
        plan(forum, nav_leder, at(2026, 3, 2) + dt.timedelta(weeks=week))
        plan(frogner, outsider, at(2026, 3, 3) + dt.timedelta(weeks=week))
    url = feed_url(state_signatory)  # the county's signatory sees both partnerships
    cache.clear()  # rendered, not taken from the cache (test_feed_caching.py)

    # The feed and its owner, the owner's memberships, the version (the meetings' digests,
    # the agreements' digests, the partnerships' names' digests); then the render: the
    # meetings (with their forums), the agreements in force or signed (with their
    # partnerships and whether a newer version exists), the agreements' evaluation
    # intervals.
    with django_assert_num_queries(8):
        calendar = fetch(client, url)

    meetings = [uid for uid in events(calendar) if uid.startswith("meeting-")]
    assert len(meetings) == 2 * meetings_per_forum
    assert f"agreement-{in_force.pk}-ends@{DOMAIN}" in events(calendar)


# --- the page ------------------------------------------------------------------------------


def test_the_page_offers_a_feed_to_a_user_without_one(client, reader):
    client.force_login(reader)

    response = client.get(reverse("oversight:calendar"))

    assert response.status_code == 200
    assert b'data-testid="feed-create"' in response.content
    assert b'data-testid="feed-address"' not in response.content
    assert not CalendarFeed.objects.filter(user=reader).exists()  # GET makes nothing


def test_getting_the_address_makes_the_feed_once(client, reader):
    client.force_login(reader)

    first = client.post(reverse("oversight:calendar"))
    token = CalendarFeed.objects.get(user=reader).token
    client.post(reverse("oversight:calendar"))

    assert first.status_code == 302
    assert first["Location"] == reverse("oversight:calendar")
    assert CalendarFeed.objects.get(user=reader).token == token


def test_the_page_shows_the_address_without_leaking_it(client, reader):
    client.force_login(reader)
    token = calendar_feed_get_or_create(user=reader).token

    response = client.get(reverse("oversight:calendar"))

    assert response.status_code == 200
    address = BASE + reverse("oversight:calendar_feed", args=[token])
    assert f'value="{address}"' in response.content.decode()
    assert 'for="feed-address"' in response.content.decode()
    assert "readonly" in response.content.decode()
    assert f"webcal://testserver/kalender/{token}.ics" in response.content.decode()
    assert response["Referrer-Policy"] == "same-origin"  # see test_calendar_headers.py
    assert "no-store" in response["Cache-Control"]


def test_renewing_from_the_page_changes_the_address(client, reader):
    old = calendar_feed_get_or_create(user=reader).token
    client.force_login(reader)

    response = client.post(reverse("oversight:calendar_renew"))

    assert response.status_code == 302
    assert response["Location"] == reverse("oversight:calendar")
    feed = CalendarFeed.objects.get(user=reader)
    assert feed.token != old
    client.logout()
    assert client.get(reverse("oversight:calendar_feed", args=[old])).status_code == 404


def test_renewing_without_a_feed_makes_one(client, reader):
    client.force_login(reader)

    client.post(reverse("oversight:calendar_renew"))

    assert CalendarFeed.objects.filter(user=reader).exists()


def test_stopping_from_the_page_removes_the_feed(client, reader):
    token = calendar_feed_get_or_create(user=reader).token
    client.force_login(reader)

    response = client.post(reverse("oversight:calendar_revoke"))

    assert response.status_code == 302
    assert not CalendarFeed.objects.filter(user=reader).exists()
    assert client.get(reverse("oversight:calendar_feed", args=[token])).status_code == 404


def test_one_users_actions_leave_another_users_feed_alone(client, reader, outsider):
    token = calendar_feed_get_or_create(user=outsider).token
    client.force_login(reader)

    client.post(reverse("oversight:calendar_renew"))
    client.post(reverse("oversight:calendar_revoke"))

    assert CalendarFeed.objects.get(user=outsider).token == token


@pytest.mark.parametrize("name", ["calendar", "calendar_renew", "calendar_revoke"])
def test_the_page_and_its_actions_need_a_login(client, db, name):
    url = reverse(f"oversight:{name}")

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/logg-inn/")


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("calendar", "put"),
        ("calendar_renew", "get"),
        ("calendar_revoke", "get"),
    ],
)
def test_the_wrong_method_is_405(client, reader, name, method):
    calendar_feed_get_or_create(user=reader)
    client.force_login(reader)

    response = getattr(client, method)(reverse(f"oversight:{name}"))

    assert response.status_code == 405
    assert CalendarFeed.objects.filter(user=reader).exists()
