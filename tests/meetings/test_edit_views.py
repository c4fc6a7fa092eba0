"""The pages that change what is planned: a meeting's time and place, an agenda item, and the
forum's members. Per STYLE.md each write succeeds for the right person, and gives an outsider
404, a member without the right 403, the anonymous a login, the wrong method 405 and bad input
400 with nothing changed."""

from datetime import date, datetime

from django.urls import reverse
from django.utils.html import escape

from meetings.models import ForumMember, Meeting, MeetingEvent
from meetings.services import forum_for_partnership, forum_member_add, meeting_publish

from . import OSLO, accepted, at, edit_meeting, item_url, meeting_url, nb, submit

LOGIN = "/konto/logg-inn/"


# --- time and place ------------------------------------------------------------------------


class TestMeetingEdit:
    def test_the_form_is_filled_in_with_the_meeting_as_planned(self, client, meeting, nav_leder):
        client.force_login(nav_leder)

        response = client.get(meeting_url(meeting, "meeting_edit"))

        assert response.status_code == 200
        text = response.text
        assert 'value="2026-03-10"' in text
        assert 'value="10:00"' in text and 'value="12:00"' in text
        assert 'value="Grorud, møterom 1"' in text

    def test_the_secretary_moves_the_meeting_and_the_deadline_follows(
        self, client, meeting, nav_leder
    ):
        client.force_login(nav_leder)

        response = edit_meeting(client, meeting)

        assert response["Location"] == meeting_url(meeting)
        meeting.refresh_from_db()
        assert meeting.starts_at == datetime(2026, 3, 12, 12, 0, tzinfo=OSLO)
        assert meeting.ends_at == datetime(2026, 3, 12, 14, 0, tzinfo=OSLO)
        assert meeting.place == "Grorud, møterom 3"
        assert meeting.submission_deadline == date(2026, 2, 26)

    def test_after_the_invitation_the_change_is_shown_on_the_meeting_page(
        self, client, meeting, nav_leder, reader
    ):
        meeting_publish(meeting=meeting, user=nav_leder)
        client.force_login(nav_leder)

        edit_meeting(client, meeting)

        event = MeetingEvent.objects.filter(meeting=meeting, after_publication=True).get()
        assert "12.03.2026 12:00" in event.text
        client.force_login(reader)
        text = client.get(meeting_url(meeting)).text
        assert 'data-testid="changes-after-publication"' in text
        assert event.text in text

    def test_bad_input_is_400_with_the_error_and_nothing_changed(self, client, meeting, nav_leder):
        client.force_login(nav_leder)

        response = edit_meeting(client, meeting, end="11:00")
        assert response.status_code == 400
        assert nb("The meeting must end after it starts.") in response.text

        response = edit_meeting(client, meeting, place="")
        assert response.status_code == 400
        assert nb("Write where the meeting is held, or give a video link.") in response.text

        meeting.refresh_from_db()
        assert meeting.starts_at == at(2026, 3, 10)
        assert meeting.place == "Grorud, møterom 1"
        assert not MeetingEvent.objects.filter(kind=MeetingEvent.Kind.MEETING_CHANGED).exists()

    def test_a_held_meeting_cannot_be_moved(self, client, meeting, nav_leder):
        Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
        client.force_login(nav_leder)

        response = edit_meeting(client, meeting)

        assert response.status_code == 400
        assert nb("The meeting has been held, so its agenda can no longer change.") in (
            response.text
        )
        meeting.refresh_from_db()
        assert meeting.starts_at == at(2026, 3, 10)

    def test_member_403_outsider_404_anonymous_login_wrong_method_405(
        self, client, meeting, reader, outsider, nav_leder
    ):
        url = meeting_url(meeting, "meeting_edit")
        assert edit_meeting(client, meeting)["Location"].startswith(LOGIN)
        client.force_login(reader)
        assert client.get(url).status_code == 403
        assert edit_meeting(client, meeting).status_code == 403
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert edit_meeting(client, meeting).status_code == 404
        client.force_login(nav_leder)
        assert client.put(url).status_code == 405
        meeting.refresh_from_db()
        assert meeting.starts_at == at(2026, 3, 10)

    def test_the_meeting_page_links_to_it_for_the_secretary_only(
        self, client, meeting, nav_leder, reader
    ):
        client.force_login(nav_leder)
        assert meeting_url(meeting, "meeting_edit") in client.get(meeting_url(meeting)).text
        client.force_login(reader)
        assert meeting_url(meeting, "meeting_edit") not in client.get(meeting_url(meeting)).text


# --- an agenda item ------------------------------------------------------------------------


def item_data(**overrides):
    return {
        "kind": "decision",
        "title": "Ungdomsgarantien – oppfølging",
        "description": "Status og neste steg",
        "owner": "Kari",
        "minutes_planned": "20",
        **overrides,
    }


class TestItemEdit:
    def test_the_submitter_edits_their_submitted_item(self, client, meeting, reader):
        item = submit(meeting, reader)
        client.force_login(reader)

        form = client.get(item_url(meeting, item, "item_edit"))
        assert form.status_code == 200 and 'value="Ungdomsgarantien"' in form.text
        response = client.post(item_url(meeting, item, "item_edit"), item_data())

        assert response["Location"] == meeting_url(meeting) + f"#item-{item.pk}"
        item.refresh_from_db()
        assert item.title == "Ungdomsgarantien – oppfølging"
        assert (item.kind, item.owner, item.minutes_planned) == ("decision", "Kari", 20)

    def test_after_the_invitation_a_change_to_the_agenda_is_shown(
        self, client, meeting, nav_leder, reader
    ):
        item = accepted(meeting, nav_leder, reader)
        meeting_publish(meeting=meeting, user=nav_leder)
        client.force_login(nav_leder)

        client.post(item_url(meeting, item, "item_edit"), item_data())

        item.refresh_from_db()
        assert item.title == "Ungdomsgarantien – oppfølging"
        assert MeetingEvent.objects.filter(meeting=meeting, after_publication=True).exists()
        client.force_login(reader)
        text = client.get(meeting_url(meeting)).text
        assert 'data-testid="changes-after-publication"' in text
        assert "Ungdomsgarantien – oppfølging" in text

    def test_bad_input_is_400_with_the_error_and_nothing_changed(self, client, meeting, reader):
        item = submit(meeting, reader)
        client.force_login(reader)

        response = client.post(item_url(meeting, item, "item_edit"), item_data(title=""))

        assert response.status_code == 400
        assert nb("Give the item a title.") in response.text
        item.refresh_from_db()
        assert item.title == "Ungdomsgarantien"

    def test_only_the_secretary_edits_once_the_item_is_accepted(
        self, client, meeting, nav_leder, reader, municipal_signatory
    ):
        item = accepted(meeting, nav_leder, reader)
        client.force_login(reader)
        assert client.post(item_url(meeting, item, "item_edit"), item_data()).status_code == 403

        other = submit(meeting, reader, "Annen sak")
        client.force_login(municipal_signatory)  # may submit, but not edit someone else's
        assert client.get(item_url(meeting, other, "item_edit")).status_code == 403
        assert client.post(item_url(meeting, other, "item_edit"), item_data()).status_code == 403

        item.refresh_from_db()
        other.refresh_from_db()
        assert (item.title, other.title) == ("Ungdomsgarantien", "Annen sak")

    def test_outsider_404_anonymous_login_wrong_method_405(self, client, meeting, reader, outsider):
        item = submit(meeting, reader)
        url = item_url(meeting, item, "item_edit")
        assert client.post(url, item_data())["Location"].startswith(LOGIN)
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url, item_data()).status_code == 404
        client.force_login(reader)
        assert client.delete(url).status_code == 405
        item.refresh_from_db()
        assert item.title == "Ungdomsgarantien"

    def test_the_edit_link_is_shown_to_those_who_may(
        self, client, meeting, nav_leder, reader, municipal_signatory
    ):
        mine = submit(meeting, reader, "Min sak")
        on_agenda = accepted(meeting, nav_leder, reader, "Vedtatt sak")
        mine_url, agenda_url = (item_url(meeting, i, "item_edit") for i in (mine, on_agenda))

        client.force_login(reader)
        text = client.get(meeting_url(meeting)).text
        assert mine_url in text and agenda_url not in text
        client.force_login(municipal_signatory)
        text = client.get(meeting_url(meeting)).text
        assert mine_url not in text and agenda_url not in text
        client.force_login(nav_leder)
        text = client.get(meeting_url(meeting)).text
        assert mine_url in text and agenda_url in text


# --- the forum's members -------------------------------------------------------------------


def add_url(forum):
    return reverse("meetings:member_add", args=[forum.pk])


def remove_url(forum, member):
    return reverse("meetings:member_remove", args=[forum.pk, member.pk])


class TestMemberAdd:
    def test_the_secretary_chooses_among_the_partnerships_people(
        self, client, forum, nav_leder, bystander, outsider
    ):
        client.force_login(nav_leder)

        text = client.get(reverse("meetings:forum_detail", args=[forum.pk])).text

        assert 'data-testid="member-add-form"' in text
        assert f'<option value="{bystander.pk}"' in text
        assert f'<option value="{outsider.pk}"' not in text
        assert f'<option value="{nav_leder.pk}"' not in text  # already a member

    def test_the_secretary_adds_a_member(self, client, forum, nav_leder, bystander):
        client.force_login(nav_leder)

        response = client.post(
            add_url(forum), {"user": bystander.pk, "role": "invited", "title": "Tillitsvalgt"}
        )

        assert response["Location"].startswith(reverse("meetings:forum_detail", args=[forum.pk]))
        member = forum.members.get(user=bystander)
        assert (member.role, member.title) == ("invited", "Tillitsvalgt")

    def test_someone_outside_the_partnership_cannot_be_added(
        self, client, forum, nav_leder, outsider
    ):
        client.force_login(nav_leder)

        response = client.post(add_url(forum), {"user": outsider.pk, "role": "member"})

        assert response.status_code == 400
        assert escape(nb("Choose one of the partnership's members.")) in response.text
        assert not forum.members.filter(user=outsider).exists()

    def test_member_403_outsider_404_anonymous_login_get_405(
        self, client, forum, reader, outsider, nav_leder, bystander
    ):
        data = {"user": bystander.pk, "role": "member"}
        assert client.post(add_url(forum), data)["Location"].startswith(LOGIN)
        client.force_login(reader)
        assert client.post(add_url(forum), data).status_code == 403
        client.force_login(outsider)
        assert client.post(add_url(forum), data).status_code == 404
        client.force_login(nav_leder)
        assert client.get(add_url(forum)).status_code == 405
        assert not forum.members.filter(user=bystander).exists()


class TestMemberRemove:
    def test_the_secretary_confirms_and_removes_a_member(self, client, forum, nav_leder, reader):
        member = forum.members.get(user=reader)
        client.force_login(nav_leder)

        confirm = client.get(remove_url(forum, member))
        assert confirm.status_code == 200 and 'data-testid="confirm"' in confirm.text
        assert reader.get_full_name() in confirm.text
        response = client.post(remove_url(forum, member))

        assert response["Location"].startswith(reverse("meetings:forum_detail", args=[forum.pk]))
        assert not forum.members.filter(user=reader).exists()
        assert MeetingEvent.objects.filter(
            forum=forum,
            actor=nav_leder,
            kind=MeetingEvent.Kind.MEMBER_REMOVED,
            params__name=reader.get_full_name(),
        ).exists()

    def test_the_last_secretary_cannot_be_removed(self, client, forum, nav_leder, state_editor):
        secretary = forum.members.get(user=nav_leder)
        client.force_login(nav_leder)

        response = client.post(remove_url(forum, secretary))

        assert response.status_code == 400
        assert (
            nb("The forum must have a secretary. Add another secretary before removing this one.")
            in response.text
        )
        assert forum.members.filter(pk=secretary.pk).exists()

        forum_member_add(
            forum=forum, user=state_editor, role=ForumMember.Role.SECRETARY, actor=nav_leder
        )
        client.post(remove_url(forum, secretary))
        assert not forum.members.filter(pk=secretary.pk).exists()

    def test_member_403_outsider_404_anonymous_login_wrong_method_405(
        self, client, forum, reader, municipal_signatory, outsider, nav_leder
    ):
        member = forum.members.get(user=municipal_signatory)
        url = remove_url(forum, member)
        assert client.post(url)["Location"].startswith(LOGIN)
        client.force_login(reader)
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        client.force_login(nav_leder)
        assert client.put(url).status_code == 405
        assert forum.members.filter(pk=member.pk).exists()

    def test_a_member_of_another_forum_is_404(self, client, world, forum, nav_leder, outsider):
        other = forum_member_add(
            forum=forum_for_partnership(partnership=world.other_partnership),
            user=outsider,
            role=ForumMember.Role.SECRETARY,
            actor=outsider,
        )
        client.force_login(nav_leder)

        assert client.post(remove_url(forum, other)).status_code == 404
        assert ForumMember.objects.filter(pk=other.pk).exists()
