"""The calendar feed at county scale: a calendar app's poll that finds nothing new gets 304
Not Modified without the calendar being built; anything the feed shows that changes gives a
new ETag and the new calendar; the feed holds the meetings from six months back to eighteen
months ahead; and a rendered body is reused by the next polls. What the feed holds:
test_calendar.py."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import http_date
from icalendar import Calendar

from agreements.models import Agreement, AgreementSection
from meetings.ics import uid_domain
from meetings.services import forum_for_partnership, meeting_cancel, meeting_update
from oversight.services.calendar import calendar_feed_get_or_create
from partnerships.models import Membership, Office, Side
from tests.factories import MembershipFactory
from tests.meetings import at, make_forum, plan
from tests.oversight import meeting_on, put_in_force

DOMAIN = uid_domain()
Role = Membership.Role


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def feed_url(user) -> str:
    return reverse("oversight:calendar_feed", args=[calendar_feed_get_or_create(user=user).token])


def starts(response, meeting) -> dt.datetime:
    calendar = Calendar.from_ical(response.content)
    (event,) = (e for e in calendar.walk("VEVENT") if e["UID"] == f"meeting-{meeting.pk}@{DOMAIN}")
    return event.decoded("DTSTART")


def events(response) -> dict[str, object]:
    return {str(e["UID"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def meeting_uids(response) -> set[str]:
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]) for e in calendar.walk("VEVENT") if e["UID"].startswith("meeting-")}


def test_a_poll_with_the_etag_it_was_given_gets_304_without_a_body(
    client, forum, nav_leder, reader
):
    plan(forum, nav_leder, at(2026, 3, 10))
    url = feed_url(reader)

    first = client.get(url)
    again = client.get(url, headers={"if-none-match": first["ETag"]})

    assert first.status_code == 200
    assert first["ETag"].startswith('"') and not first["ETag"].startswith("W/")  # strong
    assert first["Last-Modified"] == http_date(at(2026, 2, 2, 9).timestamp())
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == first["Cache-Control"]
    other = client.get(url, headers={"if-none-match": '"something-else"'})
    assert other.status_code == 200
    assert other.content == first.content


def test_a_poll_with_if_modified_since_gets_304_while_nothing_changed(
    client, clock, forum, nav_leder, reader
):
    meeting = plan(forum, nav_leder, at(2026, 3, 10))
    url = feed_url(reader)
    since = client.get(url)["Last-Modified"]
    clock.shift(dt.timedelta(minutes=30))

    assert client.get(url, headers={"if-modified-since": since}).status_code == 304

    meeting_update(
        meeting=meeting,
        user=nav_leder,
        starts_at=at(2026, 3, 11),
        ends_at=at(2026, 3, 11, 12),
        place=meeting.place,
    )
    moved = client.get(url, headers={"if-modified-since": since})
    assert moved.status_code == 200
    assert starts(moved, meeting) == at(2026, 3, 11)


def test_moving_a_meeting_gives_a_new_etag_and_the_new_time(
    client, clock, forum, nav_leder, reader
):
    meeting = plan(forum, nav_leder, at(2026, 3, 10))
    url = feed_url(reader)
    before = client.get(url)

    meeting_update(
        meeting=meeting,
        user=nav_leder,
        starts_at=at(2026, 3, 12, 13),
        ends_at=at(2026, 3, 12, 15),
        place=meeting.place,
    )
    after = client.get(url, headers={"if-none-match": before["ETag"]})

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert starts(before, meeting) == at(2026, 3, 10)
    assert starts(after, meeting) == at(2026, 3, 12, 13)


def test_a_change_made_without_the_services_is_seen_too(client, forum, nav_leder, reader):
    """The version is over the values shown, not over a timestamp a bulk update would skip."""
    meeting = plan(forum, nav_leder, at(2026, 3, 10))
    url = feed_url(reader)
    before = client.get(url)

    type(meeting).objects.filter(pk=meeting.pk).update(place="Rådhuset, sal 2")

    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    (event,) = Calendar.from_ical(after.content).walk("VEVENT")
    assert str(event["LOCATION"]) == "Rådhuset, sal 2"


def test_cancelling_a_meeting_changes_the_feed(client, clock, forum, nav_leder, reader):
    meeting = plan(forum, nav_leder, at(2026, 3, 10))
    url = feed_url(reader)
    before = client.get(url)

    meeting_cancel(meeting=meeting, user=nav_leder, reason="Sykdom")

    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert b"STATUS:CANCELLED" in after.content
    assert b"STATUS:CANCELLED" not in before.content


def test_a_new_meeting_changes_the_feed(client, forum, nav_leder, reader):
    plan(forum, nav_leder, at(2026, 3, 10))
    url = feed_url(reader)
    before = client.get(url)

    added = plan(forum, nav_leder, at(2026, 4, 14))

    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert f"meeting-{added.pk}@{DOMAIN}" in meeting_uids(after)


def test_losing_the_membership_takes_the_partnership_out_at_the_next_poll(
    client, forum, nav_leder, reader
):
    meeting = plan(forum, nav_leder, at(2026, 3, 10))
    url = feed_url(reader)
    before = client.get(url)
    assert meeting_uids(before) == {f"meeting-{meeting.pk}@{DOMAIN}"}

    Membership.objects.filter(user=reader).delete()

    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert meeting_uids(after) == set()


def test_gaining_a_partnership_changes_the_feed(client, world, forum, nav_leder, outsider):
    frogner = make_forum(world.other_partnership, secretary=outsider)
    plan(frogner, outsider, at(2026, 3, 11))
    grorud = plan(forum, nav_leder, at(2026, 3, 10))
    url = feed_url(outsider)
    before = client.get(url)
    assert f"meeting-{grorud.pk}@{DOMAIN}" not in meeting_uids(before)

    MembershipFactory(
        user=outsider, partnership=world.partnership, side=Side.MUNICIPAL, role=Role.MEMBER
    )

    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert f"meeting-{grorud.pk}@{DOMAIN}" in meeting_uids(after)


def test_an_agreement_coming_into_force_changes_the_feed(client, clock, approved, reader):
    url = feed_url(reader)
    before = client.get(url)

    put_in_force(approved, since=dt.date(2026, 1, 1), valid_to=dt.date(2029, 12, 31))

    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert f"agreement-{approved.pk}-ends@{DOMAIN}".encode() in after.content


def test_renaming_the_office_renames_its_meetings_and_deadlines_at_the_next_poll(
    client, clock, world, forum, nav_leder, reader, approved
):
    """The names are read apart from the meetings and agreements: a new one is seen too."""
    put_in_force(approved, since=dt.date(2026, 1, 1), valid_to=dt.date(2029, 12, 31))
    meeting = plan(forum, nav_leder, at(2026, 3, 10))
    url = feed_url(reader)
    before = client.get(url)

    Office.objects.filter(pk=world.partnership.office_id).update(name="NAV Grorud og Stovner")

    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    for uid in (f"meeting-{meeting.pk}@{DOMAIN}", f"agreement-{approved.pk}-ends@{DOMAIN}"):
        assert "NAV Grorud og Stovner" not in str(events(before)[uid]["SUMMARY"])
        assert "NAV Grorud og Stovner" in str(events(after)[uid]["SUMMARY"])


def test_a_new_evaluation_interval_moves_the_evaluation_at_the_next_poll(
    client, clock, reader, approved
):
    put_in_force(approved, since=dt.date(2026, 1, 1), valid_to=dt.date(2029, 12, 31), interval=24)
    url = feed_url(reader)
    before = client.get(url)
    validity = AgreementSection.objects.filter(
        agreement=approved, template_section__structured="validity"
    )
    (data,) = validity.values_list("structured", flat=True)

    validity.update(structured={**data, "evaluation_interval_months": 12})

    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    uid = f"agreement-{approved.pk}-evaluation@{DOMAIN}"
    assert events(before)[uid].decoded("DTSTART") == dt.date(2028, 1, 1)
    assert events(after)[uid].decoded("DTSTART") == dt.date(2027, 1, 1)


def test_a_notice_given_moves_the_last_day_at_the_next_poll(client, clock, reader, approved):
    put_in_force(approved, since=dt.date(2026, 1, 1), valid_to=dt.date(2029, 12, 31))
    url = feed_url(reader)
    before = client.get(url)

    Agreement.objects.filter(pk=approved.pk).update(terminates_on=dt.date(2026, 12, 31))

    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    uid = f"agreement-{approved.pk}-ends@{DOMAIN}"
    assert events(before)[uid].decoded("DTSTART") == dt.date(2029, 12, 31)
    assert events(after)[uid].decoded("DTSTART") == dt.date(2026, 12, 31)


def test_starting_the_revision_takes_the_evaluation_out_at_the_next_poll(
    client, clock, reader, approved
):
    put_in_force(approved, since=dt.date(2026, 1, 1), valid_to=dt.date(2029, 12, 31), interval=24)
    url = feed_url(reader)
    before = client.get(url)
    assert f"agreement-{approved.pk}-evaluation@{DOMAIN}" in events(before)

    Agreement.objects.create(
        partnership=approved.partnership,
        template=approved.template,
        version=approved.version + 1,
        based_on=approved,
    )

    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert f"agreement-{approved.pk}-evaluation@{DOMAIN}" not in events(after)
    assert f"agreement-{approved.pk}-ends@{DOMAIN}" in events(after)


def test_the_feed_holds_the_meetings_from_six_months_back_to_eighteen_ahead(
    client, clock, forum, reader
):
    # Today is 2 February 2026: the window is 2 August 2025 up to 2 August 2027.
    two_years_ago = meeting_on(forum, dt.date(2024, 2, 1))
    seven_months_ago = meeting_on(forum, dt.date(2025, 7, 1))
    five_months_ago = meeting_on(forum, dt.date(2025, 9, 1))
    a_year_ahead = meeting_on(forum, dt.date(2027, 2, 2), status="planned")
    seventeen_months_ahead = meeting_on(forum, dt.date(2027, 7, 1), status="planned")
    nineteen_months_ahead = meeting_on(forum, dt.date(2027, 9, 1), status="planned")

    uids = meeting_uids(client.get(feed_url(reader)))

    def uid(meeting):
        return f"meeting-{meeting.pk}@{DOMAIN}"

    assert uids == {uid(five_months_ago), uid(a_year_ahead), uid(seventeen_months_ahead)}
    assert uid(two_years_ago) not in uids
    assert uid(seven_months_ago) not in uids
    assert uid(nineteen_months_ahead) not in uids


def test_the_window_moves_with_the_days(client, clock, forum, reader):
    meeting = meeting_on(forum, dt.date(2025, 8, 20))
    url = feed_url(reader)
    before = client.get(url)
    assert meeting_uids(before) == {f"meeting-{meeting.pk}@{DOMAIN}"}

    clock.move_to(at(2026, 3, 2, 9), tick=False)

    after = client.get(url, headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert meeting_uids(after) == set()


def test_the_next_poll_is_served_the_body_already_rendered(
    client, clock, forum, nav_leder, reader, django_assert_num_queries
):
    plan(forum, nav_leder, at(2026, 3, 10))
    url = feed_url(reader)
    first = client.get(url)
    clock.shift(dt.timedelta(minutes=20))

    # The feed and its owner, the owner's memberships, the version: the meetings' digests,
    # the agreements' digests, the partnerships' names' digests. Not rendered again: the
    # same bytes, rendering time included.
    with django_assert_num_queries(5):
        again = client.get(url)

    assert again.status_code == 200
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == first["Last-Modified"]


@pytest.mark.parametrize("meetings_per_forum", [1, 5])
def test_a_304_poll_runs_five_queries_however_much_the_feed_holds_and_writes_nothing(
    client,
    world,
    forum,
    nav_leder,
    outsider,
    state_signatory,
    approved,
    meetings_per_forum,
):
    put_in_force(approved, since=dt.date(2026, 1, 1), valid_to=dt.date(2029, 12, 31), interval=24)
    frogner = make_forum(world.other_partnership, secretary=outsider)
    central = forum_for_partnership(partnership=world.central)
    for week in range(meetings_per_forum):
        plan(forum, nav_leder, at(2026, 3, 2) + dt.timedelta(weeks=week))
        plan(frogner, outsider, at(2026, 3, 3) + dt.timedelta(weeks=week))
        meeting_on(central, dt.date(2026, 3, 4) + dt.timedelta(weeks=week), status="planned")
    meeting_cancel(meeting=frogner.meetings.first(), user=outsider, reason="Sykdom")
    url = feed_url(state_signatory)  # the county's signatory sees all three partnerships
    etag = client.get(url)["ETag"]

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304
    # The feed and its owner, the owner's memberships, the meetings' digests (with their
    # forums' partnerships), the agreements' digests (with whether a newer version exists
    # and the 9.0 evaluation interval), the digests of the partnerships' names (their
    # offices and parties).
    assert len(queries) == 5
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries)


def test_after_a_change_only_the_changed_event_is_built_again(
    client, clock, world, forum, nav_leder, reader, approved, django_assert_num_queries
):
    put_in_force(approved, since=dt.date(2026, 1, 1), valid_to=dt.date(2029, 12, 31), interval=24)
    moved = plan(forum, nav_leder, at(2026, 3, 10))
    kept = plan(forum, nav_leder, at(2026, 4, 14))
    url = feed_url(reader)
    before = client.get(url)
    clock.shift(dt.timedelta(hours=1))

    meeting_update(
        meeting=moved,
        user=nav_leder,
        starts_at=at(2026, 3, 17),
        ends_at=at(2026, 3, 17, 12),
        place=moved.place,
    )
    # The feed and its owner, the memberships, the version's three (the meetings, the
    # agreements, the names); then the one meeting that moved. The other meeting and the
    # agreement's deadlines come from the cache as they were built an hour ago.
    with django_assert_num_queries(6):
        after = client.get(url, headers={"if-none-match": before["ETag"]})

    assert after.status_code == 200
    assert starts(after, moved) == at(2026, 3, 17)
    stamps = {
        str(e["UID"]): e.decoded("DTSTAMP")
        for e in Calendar.from_ical(after.content).walk("VEVENT")
    }
    assert stamps[f"meeting-{moved.pk}@{DOMAIN}"] == at(2026, 2, 2, 10)
    assert stamps[f"meeting-{kept.pk}@{DOMAIN}"] == at(2026, 2, 2, 9)
    assert stamps[f"agreement-{approved.pk}-ends@{DOMAIN}"] == at(2026, 2, 2, 9)
