"""Notifications of events — told to the right people, never to whoever did it — and the
pages: the list, the unread count every page shows, opening one, marking all read, and choosing
what to get. A user never sees or opens anyone else's notification."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.services import (
    agreement_section_approve,
    agreement_sign,
)
from meetings.models import AgendaItem
from meetings.services import item_accept, item_decline, item_defer, item_submit
from oversight.models import Kind, Notification, Preferences
from oversight.services.notifications import notify, preferences_update
from partnerships.models import Membership
from tests.factories import UserFactory
from tests.meetings import at, make_forum, plan
from tests.oversight import who, write

MUNICIPAL, STATE = Membership.Side.MUNICIPAL, Membership.Side.STATE


@pytest.fixture
def people(municipal_signatory, state_editor, nav_leder, reader, outsider, state_signatory):
    """Everyone, so that a notification that reaches the wrong person shows."""


@pytest.fixture
def section(agreement, nav_leder, people):
    section = agreement.sections.get(number="2.0")
    return write(section, nav_leder)


# --- events --------------------------------------------------------------------------------


def test_an_approval_is_told_to_those_who_approve_for_the_other_side(
    section, municipal_signatory, state_editor
):
    agreement_section_approve(section=section, user=municipal_signatory, side=MUNICIPAL)
    agreement_section_approve(section=section, user=municipal_signatory, side=MUNICIPAL)  # again

    assert who(Kind.SECTION_APPROVED) == {"radgiver.nav", "fylkesdirektor"}
    notification = Notification.objects.get(user=state_editor)
    assert notification.url == reverse(
        "agreements:section_detail", args=[section.agreement_id, section.pk]
    )
    assert "2.0" in notification.message and "NAV Grorud" in notification.message

    agreement_section_approve(section=section, user=state_editor, side=STATE)
    assert who(Kind.SECTION_APPROVED) == {"radgiver.nav", "fylkesdirektor", "bydelsdirektor"}


def test_a_change_that_withdraws_approvals_is_told_to_the_other_side(
    section, municipal_signatory, state_editor, nav_leder
):
    agreement_section_approve(section=section, user=municipal_signatory, side=MUNICIPAL)
    agreement_section_approve(section=section, user=state_editor, side=STATE)
    section.refresh_from_db()

    write(section, state_editor, "<p>Endret av staten.</p>")
    assert who(Kind.SECTION_CHANGED) == {"bydelsdirektor"}  # the municipal side only

    Notification.objects.all().delete()
    agreement_section_approve(section=section, user=municipal_signatory, side=MUNICIPAL)
    section.refresh_from_db()
    write(section, nav_leder, "<p>Endret av NAV-lederen.</p>")
    # The NAV-leder is on neither side: both are told, the NAV-leder is not.
    assert who(Kind.SECTION_CHANGED) == {"bydelsdirektor", "radgiver.nav", "fylkesdirektor"}


def test_a_change_that_withdraws_nothing_tells_nobody(section, state_editor):
    write(section, state_editor, "<p>Ny tekst før noen har godkjent.</p>")

    assert who(Kind.SECTION_CHANGED) == set()


def test_an_agreement_signed_by_both_is_told_to_every_member(
    approved, people, municipal_signatory, state_signatory
):
    for user, side in ((municipal_signatory, MUNICIPAL), (state_signatory, STATE)):
        agreement_sign(
            agreement=approved,
            user=user,
            side=side,
            name="N N",
            title="Direktør",
            place="Oslo",
            earlier_start_confirmed=True,  # 9.0 says from 1 January 2026
        )

    # Every member of Grorud but the one who signed last; not Frogner's director.
    assert who(Kind.AGREEMENT_SIGNED) == {
        "bydelsdirektor",
        "radgiver.nav",
        "navleder",
        "verneombud",
    }
    notification = Notification.objects.filter(kind=Kind.AGREEMENT_SIGNED).first()
    assert notification.url == reverse("agreements:agreement_detail", args=[approved.pk])


@pytest.fixture
def meeting(world, clock, nav_leder, reader, people):
    forum = make_forum(world.partnership, secretary=nav_leder, members=[reader])
    return plan(forum, nav_leder, at(2026, 3, 10))


def submitted(meeting, user, title="Ungdomsgarantien"):
    return item_submit(meeting=meeting, user=user, kind=AgendaItem.Kind.DISCUSSION, title=title)


def test_the_submitter_is_told_when_an_item_is_accepted_deferred_or_declined(
    meeting, nav_leder, reader, django_capture_on_commit_callbacks
):
    later = plan(meeting.forum, nav_leder, at(2026, 6, 2))
    with django_capture_on_commit_callbacks(execute=True):
        item_accept(item=submitted(meeting, reader, "Sak A"), user=nav_leder)
        item_defer(
            item=submitted(meeting, reader, "Sak B"), user=nav_leder, reason="Tid", to_meeting=later
        )
        item_defer(item=submitted(meeting, reader, "Sak C"), user=nav_leder, reason="Mer utredning")
        item_decline(
            item=submitted(meeting, reader, "Sak D"), user=nav_leder, reason="Hører ikke hit"
        )

    told = {n.message: n.url for n in Notification.objects.filter(user=reader)}
    assert Notification.objects.exclude(user=reader).filter(kind=Kind.ITEM_DECIDED).count() == 0
    assert len(told) == 4
    meeting_url = reverse("meetings:meeting_detail", args=[meeting.pk])
    later_url = reverse("meetings:meeting_detail", args=[later.pk])
    forum_url = reverse("meetings:forum_detail", args=[meeting.forum_id])
    by_title = {
        title: url for message, url in told.items() for title in "ABCD" if f"Sak {title}" in message
    }
    assert by_title == {"A": meeting_url, "B": later_url, "C": forum_url, "D": meeting_url}
    assert any("Mer utredning" in m for m in told) and any("Hører ikke hit" in m for m in told)
    assert len([m for m in mail.outbox if m.to == [reader.email]]) == 4


def test_the_secretary_deciding_their_own_item_is_not_told(meeting, nav_leder):
    item_accept(item=submitted(meeting, nav_leder), user=nav_leder)

    assert not Notification.objects.filter(kind=Kind.ITEM_DECIDED).exists()


def test_a_submitter_who_left_the_partnership_is_not_told(meeting, nav_leder, reader):
    item = submitted(meeting, reader)
    Membership.objects.filter(user=reader).delete()

    item_decline(item=item, user=nav_leder, reason="Utgår")

    assert not Notification.objects.filter(kind=Kind.ITEM_DECIDED).exists()


def test_an_event_e_mail_goes_out_after_the_commit_once(reader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(users=[reader], kind=Kind.AGREEMENT_SIGNED, message="Signert.", url="/avtaler/1/")
    assert mail.outbox == []  # nothing before the commit

    for callback in callbacks:
        callback()
    for callback in callbacks:  # a retry, or a second worker
        callback()

    assert len(mail.outbox) == 1
    assert Notification.objects.get(user=reader).emailed_at is not None


# --- the pages -----------------------------------------------------------------------------


def note(user, n=1, *, kind=Kind.AGREEMENT_SIGNED, read=False, url="/avtaler/1/"):
    return Notification.objects.bulk_create(
        Notification(
            user=user,
            kind=kind,
            message=f"Melding {i} til {user.username}",
            url=url,
            read_at=timezone.now() if read else None,
        )
        for i in range(n)
    )


LIST = reverse("oversight:notifications")
HOME = reverse("home")
MARK_ALL = reverse("oversight:mark_all_read")
PREFERENCES = reverse("oversight:preferences")


def open_url(notification) -> str:
    return reverse("oversight:notification_open", args=[notification.pk])


def test_the_list_shows_the_users_own_notifications_unread_marked(client, reader, nav_leder):
    note(reader, 2)
    note(reader, 1, read=True)
    note(nav_leder, 3)
    client.force_login(reader)

    response = client.get(LIST)

    assert response.status_code == 200
    assert response.text.count('data-testid="notification"') == 3
    assert response.text.count("data-unread") == 2
    assert "til verneombud" in response.text and "til navleder" not in response.text


def test_the_list_leaves_out_kinds_switched_off_in_navpartner(client, reader):
    note(reader, 1, kind=Kind.ACTION_DUE)
    note(reader, 1, kind=Kind.FORUM_BEHIND)
    Preferences.objects.create(user=reader, app_off=[Kind.FORUM_BEHIND])
    client.force_login(reader)

    response = client.get(LIST)

    assert response.text.count('data-testid="notification"') == 1


def test_an_empty_list_says_so(client, reader):
    client.force_login(reader)

    response = client.get(LIST)

    assert 'data-testid="no-notifications"' in response.text
    assert 'data-testid="mark-all-read"' not in response.text


def test_the_list_is_paged(client, reader):
    note(reader, 30)
    client.force_login(reader)

    first, second = client.get(LIST), client.get(LIST, {"page": 2})

    assert first.text.count('data-testid="notification"') == 25
    assert second.text.count('data-testid="notification"') == 5


@pytest.mark.parametrize("count", [3, 40])
def test_the_list_costs_six_queries(client, reader, count, django_assert_num_queries):
    note(reader, count)
    client.force_login(reader)

    # session, user, preferences, the count for the pages, the page's notifications, the
    # unread count in the menu
    with django_assert_num_queries(6):
        response = client.get(LIST)
    assert response.status_code == 200


def test_every_page_shows_the_unread_count_for_screen_readers_too(client, reader, nav_leder):
    note(reader, 3)
    note(reader, 2, read=True)
    note(nav_leder, 4)
    client.force_login(reader)

    response = client.get(HOME)

    assert response.status_code == 200
    [badge] = re.findall(r'data-testid="unread-badge">(.*?)</span></span>', response.text)
    assert badge == '3<span class="visually-hidden"> uleste'
    # Rendered with the page: no second request asks for it.
    assert "/varsler/antall/" not in response.text


def test_no_badge_without_unread(client, reader):
    note(reader, 2, read=True)
    client.force_login(reader)

    response = client.get(HOME)

    assert 'data-testid="notifications-link"' in response.text
    assert 'data-testid="unread-badge"' not in response.text


def count_queries(response_queries) -> int:
    return sum("oversight_notification" in query["sql"] for query in response_queries)


@pytest.mark.parametrize("count", [1, 40])
def test_the_badge_costs_one_query(client, reader, count):
    note(reader, count)
    client.force_login(reader)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)

    assert f">{count}<" in response.text
    assert count_queries(queries.captured_queries) == 1


def test_a_page_without_the_menu_does_not_count(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("login"))

    assert response.status_code == 200
    assert count_queries(queries.captured_queries) == 0


def test_opening_marks_read_and_goes_where_it_points(client, reader, agreement):
    url = reverse("agreements:agreement_detail", args=[agreement.pk])
    [notification] = note(reader, url=url)
    client.force_login(reader)

    response = client.post(open_url(notification))

    assert response.status_code == 302 and response["Location"] == url
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_link_elsewhere_is_not_followed(client, reader):
    [notification] = note(reader, url="https://elsewhere.example/")
    client.force_login(reader)

    response = client.post(open_url(notification))

    assert response["Location"] == LIST


def test_nobody_opens_anyone_elses_notification(client, reader, nav_leder):
    [notification] = note(nav_leder)
    client.force_login(reader)

    response = client.post(open_url(notification))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None
    assert client.post(reverse("oversight:notification_open", args=[999999])).status_code == 404


def test_opening_takes_a_post(client, reader):
    [notification] = note(reader)
    client.force_login(reader)

    assert client.get(open_url(notification)).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_marks_only_the_users_own(client, reader, nav_leder):
    note(reader, 3)
    note(nav_leder, 2)
    client.force_login(reader)

    assert client.get(MARK_ALL).status_code == 405
    response = client.post(MARK_ALL)

    assert response.status_code == 302 and response["Location"] == LIST
    assert not Notification.objects.filter(user=reader, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=nav_leder, read_at__isnull=True).count() == 2


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", LIST),
        ("post", MARK_ALL),
        ("get", PREFERENCES),
        ("post", PREFERENCES),
    ],
)
def test_anonymous_users_are_sent_to_log_in(client, method, url):
    response = getattr(client, method)(url)

    assert response.status_code == 302 and "/logg-inn/" in response["Location"]


def test_anonymous_users_cannot_open_a_notification(client, reader):
    [notification] = note(reader)

    response = client.post(open_url(notification))

    assert response.status_code == 302 and "/logg-inn/" in response["Location"]
    notification.refresh_from_db()
    assert notification.read_at is None


def ticked(page: str) -> int:
    """How many notification choices are ticked (not the language's radio button)."""
    return len(re.findall(r'name="(?:in_app|by_email)"[^>]* checked', page))


def test_preferences_start_all_on(client, reader):
    client.force_login(reader)

    response = client.get(PREFERENCES)

    assert response.status_code == 200
    assert ticked(response.text) == 2 * len(Kind)
    assert response.text.count("<legend") == 3  # reminders, events; and the language


def test_preferences_are_saved(client, reader):
    note(reader, 2, kind=Kind.FORUM_BEHIND)
    client.force_login(reader)
    wanted_in_app = [k for k in Kind.values if k != Kind.FORUM_BEHIND]
    wanted_by_email = [Kind.ACTION_DUE, Kind.ITEM_DECIDED]

    response = client.post(PREFERENCES, {"in_app": wanted_in_app, "by_email": wanted_by_email})

    assert response.status_code == 302 and response["Location"] == PREFERENCES
    preferences = Preferences.objects.get(user=reader)
    assert preferences.app_off == [Kind.FORUM_BEHIND]
    assert set(preferences.email_off) == set(Kind.values) - set(wanted_by_email)
    # What is no longer shown no longer counts as unread.
    page = client.get(PREFERENCES).text
    assert 'data-testid="unread-badge"' not in page
    assert ticked(page) == len(wanted_in_app) + len(wanted_by_email)


def test_everything_can_be_switched_off(client, reader):
    client.force_login(reader)

    response = client.post(PREFERENCES, {})

    assert response.status_code == 302
    preferences = Preferences.objects.get(user=reader)
    assert set(preferences.app_off) == set(preferences.email_off) == set(Kind.values)
    assert notify(users=[reader], kind=Kind.ACTION_DUE, message="m", url="/") == 0


def test_an_unknown_kind_is_refused_and_nothing_saved(client, reader):
    client.force_login(reader)

    response = client.post(PREFERENCES, {"in_app": ["made_up"], "by_email": []})

    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert not Preferences.objects.filter(user=reader).exists()


def test_preferences_update_refuses_unknown_kinds(reader):
    with pytest.raises(ValidationError):
        preferences_update(user=reader, in_app=["made_up"], by_email=[])
    assert not Preferences.objects.exists()


def test_an_inactive_user_is_not_told(db):
    gone = UserFactory(username="sluttet", is_active=False)
    kept = UserFactory(username="aktiv")

    assert notify(users=[gone, kept], kind=Kind.ACTION_DUE, message="m", url="/") == 1
    assert who(Kind.ACTION_DUE) == {"aktiv"}


def test_approving_many_sections_in_one_sitting_is_one_notification_and_one_email(
    agreement,
    nav_leder,
    municipal_signatory,
    state_editor,
    people,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    sections = list(agreement.sections.filter(number__in=["1.0", "2.0", "2.1"]))
    for section in sections:
        write(section, nav_leder)
    with django_capture_on_commit_callbacks(execute=True):
        for section in sections:
            section.refresh_from_db()
            agreement_section_approve(section=section, user=municipal_signatory, side=MUNICIPAL)

    mine = Notification.objects.filter(user=state_editor, kind=Kind.SECTION_APPROVED)
    assert mine.count() == 1
    assert "3 punkter" in mine.get().message
    assert mine.get().url == reverse("agreements:agreement_detail", args=[agreement.pk])
    assert sum(state_editor.email in m.to for m in mailoutbox) == 1


def test_approvals_in_another_sitting_are_told_at_once_not_saved_for_a_daily_digest(
    agreement, nav_leder, municipal_signatory, state_editor, people, time_machine
):
    first, second = list(agreement.sections.filter(number__in=["1.0", "2.0"]))
    time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 3, 2, 9, 0)), tick=False)
    for section in (first, second):
        write(section, nav_leder)
    agreement_section_approve(section=first, user=municipal_signatory, side=MUNICIPAL)
    time_machine.move_to(timezone.make_aware(timezone.datetime(2026, 3, 2, 13, 0)), tick=False)
    second.refresh_from_db()
    agreement_section_approve(section=second, user=municipal_signatory, side=MUNICIPAL)

    messages = [
        n.message
        for n in Notification.objects.filter(
            user=state_editor, kind=Kind.SECTION_APPROVED
        ).order_by("created_at")
    ]
    assert len(messages) == 2  # the afternoon's approval is news of its own, told at once
    assert "1.0" in messages[0] and "2.0" in messages[1]
    assert not any("i dag" in m for m in messages)
