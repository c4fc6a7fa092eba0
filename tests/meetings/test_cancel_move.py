"""Cancelling a meeting and moving it: the services (status, items back to wait for a
meeting, the e-mails with their calendar files) and the pages (a confirmation before
cancelling; after a move, a question whether to tell the members now). Per STYLE.md each
page succeeds for the secretary and gives an outsider 404, a member 403, the anonymous a
login, the wrong method 405 and bad input 400 with nothing changed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from icalendar import Calendar

from meetings.models import AgendaItem, Meeting, MeetingEvent
from meetings.services import (
    item_accept,
    item_decline,
    meeting_cancel,
    meeting_publish,
    meeting_send_update,
    meeting_update,
)

from . import accepted, at, codes, edit_meeting, meeting_url, nb, plan, submit

LOGIN = "/konto/logg-inn/"
REASON = "NAV-lederen er syk; vi finner en ny dato."
MEMBERS = {"navleder@example.org", "bydelsdirektor@example.org", "verneombud@example.org"}


def attachment(message) -> tuple[str, str, Calendar]:
    (filename, content, mimetype) = message.attachments[0]
    return filename, mimetype, Calendar.from_ical(content)


def html(message) -> str:
    return message.alternatives[0][0]


def vevent(message):
    (event,) = attachment(message)[2].walk("VEVENT")
    return event


def move(meeting, user, starts, *, place=None):
    return meeting_update(
        meeting=meeting,
        user=user,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place=meeting.place if place is None else place,
        video_link=meeting.video_link,
    )


@pytest.fixture
def published(meeting, nav_leder, municipal_signatory):
    """The meeting with one item on its agenda and one submitted, invitation sent."""
    accepted(meeting, nav_leder, municipal_signatory, "Ungdomsgarantien")
    submit(meeting, municipal_signatory, "Husleie")
    meeting_publish(meeting=meeting, user=nav_leder)
    mail.outbox.clear()
    meeting.refresh_from_db()
    return meeting


# --- cancelling: the service ---------------------------------------------------------------


def test_cancelling_tells_every_member_and_the_calendars(published, nav_leder):
    invited_sequence = published.ics_sequence

    sent = meeting_cancel(meeting=published, user=nav_leder, reason=REASON)

    published.refresh_from_db()
    assert published.status == Meeting.Status.CANCELLED
    assert published.cancelled_reason == REASON
    assert published.cancelled_at is not None
    assert published.ics_sequence > invited_sequence
    assert sent == len(mail.outbox) == 3
    assert {m.to[0] for m in mail.outbox} == MEMBERS
    message = mail.outbox[0]
    assert message.subject.startswith("Avlyst: ")
    assert published.forum.name in message.subject
    assert REASON in message.body
    assert "er avlyst" in message.body
    assert "Husleie" in message.body and "Ungdomsgarantien" in message.body  # back to wait
    assert message.reply_to == ["navleder@example.org"]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    filename, mimetype, calendar = attachment(message)
    assert (filename, mimetype) == ("avlysning.ics", "text/calendar; method=CANCEL")
    assert str(calendar["METHOD"]) == "CANCEL"
    event = vevent(message)
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == published.ics_sequence
    assert str(event["UID"]) == f"meeting-{published.pk}@{str(event['UID']).split('@')[1]}"
    event_kinds = set(published.events.values_list("kind", flat=True))
    assert MeetingEvent.Kind.MEETING_CANCELLED in event_kinds


def test_the_items_of_a_cancelled_meeting_wait_for_the_next(
    published, forum, nav_leder, municipal_signatory
):
    declined = submit(published, municipal_signatory, "Avvist sak")
    item_decline(item=declined, user=nav_leder, reason="Hører ikke hit")
    on_agenda = published.items.get(title="Ungdomsgarantien")
    number = on_agenda.number

    meeting_cancel(meeting=published, user=nav_leder, reason=REASON)

    waiting = AgendaItem.objects.filter(forum=forum, meeting=None).order_by("title")
    assert [(i.title, i.status, i.status_reason) for i in waiting] == [
        ("Husleie", AgendaItem.Status.DEFERRED, REASON),
        ("Ungdomsgarantien", AgendaItem.Status.DEFERRED, REASON),
    ]
    declined.refresh_from_db()
    assert (declined.meeting_id, declined.status) == (published.pk, AgendaItem.Status.DECLINED)
    assert published.items.filter(fixed="").count() == 1  # only the declined one stays
    assert published.items.exclude(fixed="").count() == 3  # the standing items stay with it
    # The next meeting takes an item from the backlog, which keeps its number.
    later = plan(forum, nav_leder, at(2026, 4, 14))
    moved = item_accept(item=waiting.get(title="Ungdomsgarantien"), user=nav_leder, meeting=later)
    assert (moved.meeting_id, moved.status, moved.number) == (
        later.pk,
        AgendaItem.Status.ACCEPTED,
        number,
    )


def test_a_held_meeting_cannot_be_cancelled(published, nav_leder):
    Meeting.objects.filter(pk=published.pk).update(status=Meeting.Status.HELD)
    published.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        meeting_cancel(meeting=published, user=nav_leder, reason=REASON)

    assert codes(refused.value) == {"meeting_held"}
    published.refresh_from_db()
    assert (published.status, published.cancelled_reason) == (Meeting.Status.HELD, "")
    assert published.items.filter(meeting=published, fixed="").count() == 2
    assert mail.outbox == []


def test_a_cancelled_meeting_cannot_be_cancelled_again_or_changed(published, nav_leder):
    meeting_cancel(meeting=published, user=nav_leder, reason=REASON)
    mail.outbox.clear()

    with pytest.raises(ValidationError) as again:
        meeting_cancel(meeting=published, user=nav_leder, reason=REASON)
    with pytest.raises(ValidationError) as changed:
        move(published, nav_leder, at(2026, 3, 12))

    assert codes(again.value) == {"cancelled"}
    assert codes(changed.value) == {"meeting_cancelled"}
    assert mail.outbox == []


def test_cancelling_needs_a_reason_and_the_secretary(published, nav_leder, reader):
    with pytest.raises(ValidationError) as no_reason:
        meeting_cancel(meeting=published, user=nav_leder, reason="  ")
    with pytest.raises(PermissionDenied):
        meeting_cancel(meeting=published, user=reader, reason=REASON)

    assert codes(no_reason.value) == {"reason_required"}
    published.refresh_from_db()
    assert published.status == Meeting.Status.INVITED
    assert mail.outbox == []


# --- moving: the service -------------------------------------------------------------------


def test_moving_raises_the_sequence_and_the_update_says_what_changed(published, nav_leder):
    invited_sequence = published.ics_sequence

    move(published, nav_leder, at(2026, 3, 12, 12), place="Grorud, møterom 3")

    published.refresh_from_db()
    assert published.ics_sequence > invited_sequence
    assert published.calendar_changed
    assert mail.outbox == []  # nothing goes out before the secretary says so

    sent = meeting_send_update(meeting=published, user=nav_leder)

    assert sent == len(mail.outbox) == 3
    message = mail.outbox[0]
    assert message.subject.startswith("Endret møte: ")
    assert (
        "Tidspunktet er endret fra tirsdag 10. mars 2026 kl. 10:00–12:00 "
        "til torsdag 12. mars 2026 kl. 12:00–14:00." in message.body
    )
    assert "Stedet er endret fra Grorud, møterom 1 til Grorud, møterom 3." in message.body
    assert "Stedet er endret fra Grorud, møterom 1 til Grorud, møterom 3." in html(message)
    assert "Sakslisten er endret" not in message.body and "Sakslisten er endret" not in html(
        message
    )
    assert message.reply_to == ["navleder@example.org"]
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    filename, mimetype, calendar = attachment(message)
    assert (filename, mimetype) == ("endring.ics", "text/calendar; method=REQUEST")
    assert str(calendar["METHOD"]) == "REQUEST"
    event = vevent(message)
    assert event["SEQUENCE"] == published.ics_sequence
    assert event.decoded("DTSTART") == at(2026, 3, 12, 12)
    assert str(event["LOCATION"]) == "Grorud, møterom 3"
    published.refresh_from_db()
    assert not published.calendar_changed


def test_only_a_change_of_place_says_only_the_place(published, nav_leder):
    move(published, nav_leder, published.starts_at, place="Rådhuset")

    meeting_send_update(meeting=published, user=nav_leder)

    body = mail.outbox[0].body
    assert "Stedet er endret fra Grorud, møterom 1 til Rådhuset." in body
    assert "Tidspunktet er endret" not in body


def test_nothing_to_send_when_nothing_changed_or_nothing_was_sent(
    published, meeting, forum, nav_leder
):
    with pytest.raises(ValidationError) as unchanged:
        meeting_send_update(meeting=published, user=nav_leder)
    draft = plan(forum, nav_leder, at(2026, 5, 5))
    move(draft, nav_leder, at(2026, 5, 6))
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as unpublished:
        meeting_send_update(meeting=draft, user=nav_leder)

    assert codes(unchanged.value) == {"unchanged"}
    assert codes(unpublished.value) == {"not_published"}
    assert not draft.calendar_changed
    assert mail.outbox == []


def test_the_sequence_rises_with_every_change_a_calendar_shows(published, nav_leder):
    sequences = [published.ics_sequence]
    move(published, nav_leder, at(2026, 3, 11))
    published.refresh_from_db()
    sequences.append(published.ics_sequence)
    meeting_publish(meeting=published, user=nav_leder)  # the agenda sent again
    published.refresh_from_db()
    sequences.append(published.ics_sequence)
    meeting_cancel(meeting=published, user=nav_leder, reason=REASON)
    published.refresh_from_db()
    sequences.append(published.ics_sequence)

    assert sequences == sorted(set(sequences))  # strictly rising


# --- the cancel page -----------------------------------------------------------------------


class TestCancelPage:
    def post(self, client, meeting, reason=REASON):
        return client.post(meeting_url(meeting, "meeting_cancel"), {"reason": reason})

    def test_the_page_asks_for_a_reason_and_lists_the_items_going_back(
        self, client, published, nav_leder
    ):
        client.force_login(nav_leder)

        response = client.get(meeting_url(published, "meeting_cancel"))

        assert response.status_code == 200
        assert 'name="reason"' in response.text
        assert "Ungdomsgarantien" in response.text and "Husleie" in response.text
        assert nb("Cancel the meeting") in response.text
        published.refresh_from_db()
        assert published.status == Meeting.Status.INVITED  # GET never writes

    def test_the_secretary_cancels_and_the_page_says_avlyst(
        self, client, published, nav_leder, reader
    ):
        client.force_login(nav_leder)

        response = self.post(client, published)

        assert response["Location"] == meeting_url(published)
        published.refresh_from_db()
        assert published.status == Meeting.Status.CANCELLED
        assert len(mail.outbox) == 3
        client.force_login(reader)
        text = client.get(meeting_url(published)).text
        assert "Avlyst" in text
        assert REASON in text
        assert 'data-testid="meeting-cancel"' not in text

    def test_blank_reason_is_400_with_the_message_and_nothing_changed(
        self, client, published, nav_leder
    ):
        client.force_login(nav_leder)

        response = self.post(client, published, reason="")

        assert response.status_code == 400
        assert nb("Write a reason; every member gets it with the cancellation.") in response.text
        published.refresh_from_db()
        assert published.status == Meeting.Status.INVITED
        assert mail.outbox == []

    def test_a_held_meeting_is_refused_with_a_clear_message(self, client, published, nav_leder):
        Meeting.objects.filter(pk=published.pk).update(status=Meeting.Status.HELD)
        client.force_login(nav_leder)

        response = self.post(client, published)

        assert response.status_code == 400
        assert "Møtet er holdt og kan ikke lenger avlyses." in response.text
        published.refresh_from_db()
        assert published.status == Meeting.Status.HELD
        assert published.items.filter(meeting=published, fixed="").count() == 2
        assert mail.outbox == []

    def test_an_outsider_gets_404(self, client, published, outsider):
        client.force_login(outsider)

        assert client.get(meeting_url(published, "meeting_cancel")).status_code == 404
        assert self.post(client, published).status_code == 404
        published.refresh_from_db()
        assert published.status == Meeting.Status.INVITED

    def test_a_member_who_is_not_the_secretary_gets_403(self, client, published, reader):
        client.force_login(reader)

        assert client.get(meeting_url(published, "meeting_cancel")).status_code == 403
        assert self.post(client, published).status_code == 403
        published.refresh_from_db()
        assert published.status == Meeting.Status.INVITED
        assert mail.outbox == []

    def test_the_anonymous_are_sent_to_log_in(self, client, published):
        response = self.post(client, published)

        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)

    def test_the_wrong_method_is_405(self, client, published, nav_leder):
        client.force_login(nav_leder)

        assert client.put(meeting_url(published, "meeting_cancel")).status_code == 405


# --- moving: the pages ---------------------------------------------------------------------


class TestMoveAndSendPage:
    def test_after_moving_a_published_meeting_the_secretary_is_asked_to_send(
        self, client, published, nav_leder
    ):
        client.force_login(nav_leder)

        response = edit_meeting(client, published)

        assert response["Location"] == meeting_url(published, "meeting_send_update")
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert "Tidspunktet er endret fra tirsdag 10. mars 2026 kl. 10:00–12:00" in page.text
        assert "Stedet er endret fra Grorud, møterom 1 til Grorud, møterom 3." in page.text
        assert mail.outbox == []  # GET never writes
        # "Not now": the meeting page keeps reminding the secretary.
        assert 'data-testid="unsent-change"' in client.get(meeting_url(published)).text

        sent = client.post(meeting_url(published, "meeting_send_update"))

        assert sent["Location"] == meeting_url(published)
        assert len(mail.outbox) == 3
        assert mail.outbox[0].subject.startswith("Endret møte")
        assert 'data-testid="unsent-change"' not in client.get(meeting_url(published)).text

    def test_moving_a_meeting_not_yet_called_asks_nothing(self, client, meeting, nav_leder):
        client.force_login(nav_leder)

        response = edit_meeting(client, meeting)

        assert response["Location"] == meeting_url(meeting)
        meeting.refresh_from_db()
        assert meeting.ics_sequence == 1  # the feed shows the move
        assert mail.outbox == []

    def test_sending_with_nothing_changed_is_400_with_the_message(
        self, client, published, nav_leder
    ):
        client.force_login(nav_leder)

        response = client.post(meeting_url(published, "meeting_send_update"))

        assert response.status_code == 400
        assert (
            nb("Time and place are as the members were last told; there is nothing to send.")
            in response.text
        )
        assert mail.outbox == []

    def test_an_outsider_gets_404_and_a_member_403(
        self, client, published, nav_leder, outsider, reader
    ):
        move(published, nav_leder, at(2026, 3, 12))
        url = meeting_url(published, "meeting_send_update")

        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        client.force_login(reader)
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
        assert mail.outbox == []
        published.refresh_from_db()
        assert published.calendar_changed

    def test_the_wrong_method_is_405(self, client, published, nav_leder):
        client.force_login(nav_leder)

        assert client.put(meeting_url(published, "meeting_send_update")).status_code == 405
