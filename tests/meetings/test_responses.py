"""Replies to an invitation (issue 15): a member comes or sends an absence with a substitute,
who gets the papers; the secretary sees the replies, and they fill in the attendance."""

import pytest
from django.core import mail

from meetings.models import MeetingResponse
from meetings.services import meeting_publish, meeting_respond

from . import at, meeting_url

pytestmark = pytest.mark.django_db

ABSENCE = {
    "attending": "no",
    "substitute_name": "Per Vara",
    "substitute_email": "per.vara@example.org",
}


def test_a_member_sends_an_absence_and_the_substitute_gets_the_papers(
    client, meeting, nav_leder, reader, django_capture_on_commit_callbacks
):
    meeting_publish(meeting=meeting, user=nav_leder)
    mail.outbox.clear()
    client.force_login(reader)
    assert 'data-testid="reply-form"' in client.get(meeting_url(meeting)).text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(meeting_url(meeting, "meeting_respond"), ABSENCE)

    assert response.status_code == 302
    saved = MeetingResponse.objects.get(meeting=meeting, member__user=reader)
    assert (saved.attending, saved.substitute_name) == (False, "Per Vara")
    [papers] = mail.outbox
    assert papers.to == ["per.vara@example.org"]
    assert papers.reply_to == [nav_leder.email]
    assert any(name == "invitasjon.ics" for name, *_ in papers.attachments)
    client.force_login(nav_leder)
    replies = client.get(meeting_url(meeting)).text
    assert 'data-testid="replies"' in replies
    assert "Forfall" in replies and "Per Vara" in replies


def test_the_attendance_is_prefilled_from_the_replies(client, meeting, nav_leder, reader, clock):
    meeting_respond(meeting=meeting, user=reader, attending=False, substitute_name="Per Vara")
    clock.move_to(at(2026, 3, 10, 12), tick=False)
    client.force_login(nav_leder)

    formset = client.get(meeting_url(meeting)).context["attendance_formset"]

    rows = {row["name"]: row for row in formset.initial}
    assert rows[reader.get_full_name()]["present"] is False
    assert rows["Per Vara"]["present"] is True
    assert "vararepresentant for" in rows["Per Vara"]["title"]


def test_a_substitute_only_for_an_absence_and_nothing_is_lost(client, meeting, reader):
    meeting_respond(meeting=meeting, user=reader, attending=True)
    client.force_login(reader)

    response = client.post(meeting_url(meeting, "meeting_respond"), {**ABSENCE, "attending": "yes"})

    assert response.status_code == 400
    assert "Bare et medlem som ikke kan komme" in response.text
    assert MeetingResponse.objects.get(meeting=meeting, member__user=reader).attending is True


def test_replies_close_when_the_meeting_starts(client, meeting, reader, clock):
    clock.move_to(at(2026, 3, 10, 10, 30), tick=False)
    client.force_login(reader)

    response = client.post(meeting_url(meeting, "meeting_respond"), ABSENCE)

    assert response.status_code == 400
    assert "ikke lenger mulig å svare" in response.text
    assert not MeetingResponse.objects.exists()


def test_only_forum_members_reply_and_outsiders_learn_nothing(client, meeting, bystander, outsider):
    client.force_login(bystander)  # reads the partnership, is not in the forum
    assert client.post(meeting_url(meeting, "meeting_respond"), ABSENCE).status_code == 403
    client.force_login(outsider)
    assert client.post(meeting_url(meeting, "meeting_respond"), ABSENCE).status_code == 404
    assert not MeetingResponse.objects.exists()
