"""The meeting pages, per STYLE.md: every write succeeds for the right person, and gives an
outsider 404, a member without the role 403, the anonymous a login, the wrong method 405 and
bad input 400 with nothing changed. The forum and meeting pages pin their query counts."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from agreements.models import AgreementSection
from meetings import services
from meetings.minutes_review import minutes_content, minutes_hash
from meetings.models import Action, AgendaItem, Attendance, Meeting, MinutesCapacity
from meetings.selectors import meeting_agenda
from meetings.services import (
    action_add,
    forum_for_partnership,
    item_accept,
    item_attachment_add,
    item_decline,
    item_defer,
    item_escalate,
    meeting_mark_held,
    meeting_publish,
    meeting_respond,
)
from tests.factories import pdf_bytes

from . import OSLO, Role, accepted, at, item_url, make_forum, meeting_url, nb, plan, submit, view_in

Kind, Status = AgendaItem.Kind, AgendaItem.Status


# --- the forum page ------------------------------------------------------------------------


class TestForumPage:
    def test_members_see_frequency_members_meetings_and_overdue_actions(
        self, client, forum, meeting, nav_leder, reader, clock
    ):
        item = accepted(meeting, nav_leder, reader)
        clock.move_to(at(2026, 3, 10, 13), tick=False)
        action_add(
            item=item,
            user=nav_leder,
            description="Lag plan",
            owner="Kari",
            due_date=date(2026, 3, 1),
        )
        client.force_login(reader)

        response = client.get(reverse("meetings:forum_detail", args=[forum.pk]))

        assert response.status_code == 200
        text = response.text
        assert 'data-testid="frequency-behind"' in text  # none held, none planned ahead
        assert text.count('data-testid="forum-member"') == 3
        assert text.count('data-testid="meeting-row"') == 1
        assert 'data-testid="overdue"' in text and "Lag plan" in text
        assert 'data-testid="plan-form"' not in text  # only the secretary plans

    def test_the_secretary_gets_the_plan_form(self, client, forum, nav_leder):
        client.force_login(nav_leder)

        response = client.get(reverse("meetings:forum_detail", args=[forum.pk]))

        assert 'data-testid="plan-form"' in response.text
        assert 'type="date"' in response.text and 'type="time"' in response.text

    def test_outsider_gets_404_and_anonymous_a_login(self, client, forum, outsider):
        url = reverse("meetings:forum_detail", args=[forum.pk])

        assert client.get(url)["Location"].startswith("/konto/logg-inn/")
        client.force_login(outsider)
        assert client.get(url).status_code == 404

    def test_the_partnership_page_links_to_its_forum(self, client, world, forum, reader):
        client.force_login(reader)

        response = client.get(
            reverse("partnerships:partnership_detail", args=[world.partnership.pk])
        )

        assert reverse("meetings:forum_detail", args=[forum.pk]) in response.text

    @pytest.mark.parametrize("extra", [0, 15])
    def test_query_count_is_constant(
        self, client, forum, nav_leder, reader, django_assert_num_queries, extra, clock
    ):
        first = plan(forum, nav_leder, at(2026, 3, 10))
        for n in range(extra):
            plan(forum, nav_leder, at(2026, 4, 1) + timedelta(days=n))
            accepted(first, nav_leder, reader, f"Sak {n}")
        for item in first.items.filter(fixed=""):
            action_add(
                item=item, user=nav_leder, description="x", owner="y", due_date=date(2026, 5, 1)
            )
        client.force_login(nav_leder)

        # session, user, memberships; the gate: forum, its partnership and the central one
        # above it, covered municipalities, forum member; overview: members, meetings with
        # counts, waiting items, open actions; frequency: held meetings, next meeting; the
        # secretary's add-member form: candidates; the year plan's items; the unread
        # notifications
        with django_assert_num_queries(17):
            response = client.get(reverse("meetings:forum_detail", args=[forum.pk]))
        assert response.text.count('data-testid="open-action"') == extra


class TestPlanMeeting:
    def post(self, client, forum, **overrides):
        data = {
            "date": "2026-03-26",  # summer time starts 29 March: check the offset in winter
            "start": "09:00",
            "end": "11:30",
            "place": "Grorud, møterom 2",
            "video_link": "",
            **overrides,
        }
        return client.post(reverse("meetings:meeting_plan", args=[forum.pk]), data)

    def test_the_secretary_plans_a_meeting_in_oslo_time(self, client, forum, nav_leder):
        client.force_login(nav_leder)

        response = self.post(client, forum, date="2026-04-16")

        meeting = Meeting.objects.get()
        assert response["Location"] == meeting_url(meeting)
        assert meeting.starts_at == datetime(2026, 4, 16, 9, 0, tzinfo=OSLO)
        assert meeting.starts_at.astimezone(OSLO).utcoffset() == timedelta(hours=2)
        assert meeting.ends_at == datetime(2026, 4, 16, 11, 30, tzinfo=OSLO)
        assert meeting.submission_deadline == date(2026, 4, 2)
        assert meeting.items.count() == 3

    def test_bad_input_is_400_with_a_message_and_nothing_planned(self, client, forum, nav_leder):
        client.force_login(nav_leder)

        response = self.post(client, forum, end="08:00")
        assert response.status_code == 400
        assert nb("The meeting must end after it starts.") in response.text

        response = self.post(client, forum, place="")
        assert response.status_code == 400
        assert nb("Write where the meeting is held, or give a video link.") in response.text
        assert not Meeting.objects.exists()

    def test_member_403_outsider_404_anonymous_login_get_405(self, client, forum, reader, outsider):
        assert self.post(client, forum)["Location"].startswith("/konto/logg-inn/")
        client.force_login(reader)
        assert self.post(client, forum).status_code == 403
        client.force_login(outsider)
        assert self.post(client, forum).status_code == 404
        assert client.get(reverse("meetings:meeting_plan", args=[forum.pk])).status_code == 405
        assert not Meeting.objects.exists()


# --- the meeting page ----------------------------------------------------------------------


class TestMeetingPage:
    def test_the_agenda_in_order_with_fixed_items_first(
        self, client, meeting, nav_leder, reader, municipal_signatory
    ):
        accepted(meeting, nav_leder, reader, "Første", Kind.DECISION)
        accepted(meeting, nav_leder, reader, "Andre")
        submit(meeting, municipal_signatory, "Innmeldt")
        client.force_login(reader)

        response = client.get(meeting_url(meeting))

        assert response.status_code == 200
        text = response.text
        assert text.count('data-testid="agenda-row"') == 5
        assert text.count('data-testid="submitted-item"') == 1
        labels = [str(AgendaItem.Fixed(f).label) for f in ("agenda", "previous_minutes", "actions")]
        with translation.override("nb"):
            labels = [gettext(label) for label in labels]
        positions = [text.index(s) for s in [*labels, "Første", "Andre"]]
        assert positions == sorted(positions)
        assert "Sak 01/26" in text or "Item 01/26" in text
        assert 'data-testid="submit-form"' in text
        assert 'data-testid="record-form"' not in text  # not started, not the secretary

    def test_the_submitter_sees_why_an_item_was_declined_others_do_not(
        self, client, meeting, nav_leder, reader, bystander
    ):
        item = submit(meeting, reader)
        item_decline(item=item, user=nav_leder, reason="Hører hjemme i AMU")

        client.force_login(reader)
        assert "Hører hjemme i AMU" in client.get(meeting_url(meeting)).text
        client.force_login(bystander)
        response = client.get(meeting_url(meeting))
        assert 'data-testid="declined-item"' in response.text
        assert "Hører hjemme i AMU" not in response.text

    def test_after_the_deadline_a_member_is_told_instead_of_given_the_form(
        self, client, meeting, reader, clock
    ):
        clock.move_to(at(2026, 2, 25, 9), tick=False)
        client.force_login(reader)

        response = client.get(meeting_url(meeting))

        assert 'data-testid="submission-closed"' in response.text
        assert 'data-testid="submit-form"' not in response.text

    def test_changes_after_the_invitation_are_shown(self, client, meeting, nav_leder, reader):
        meeting_publish(meeting=meeting, user=nav_leder)
        accepted(meeting, nav_leder, reader, "Kom til etterpå")
        client.force_login(reader)

        response = client.get(meeting_url(meeting))

        assert 'data-testid="published"' in response.text
        assert 'data-testid="changes-after-publication"' in response.text
        assert "Kom til etterpå" in response.text

    def test_outsider_gets_404_also_for_a_missing_meeting(self, client, meeting, outsider):
        client.force_login(outsider)

        assert client.get(meeting_url(meeting)).status_code == 404
        assert client.get(reverse("meetings:meeting_detail", args=[999999])).status_code == 404

    @pytest.mark.parametrize("extra", [2, 12])
    def test_query_count_of_an_open_meeting_is_constant(
        self, client, meeting, nav_leder, reader, agreement, django_assert_num_queries, extra, clock
    ):
        busy_meeting(meeting, nav_leder, reader, agreement, extra, clock)
        client.force_login(nav_leder)

        # session, user; the meeting with its forum; the gate of the forum: memberships,
        # its partnership (and the central one above), forum member, covered municipalities;
        # the agenda: items (with submitter and agreement point), the item escalated from
        # another forum (with that forum's partnership), their actions, their attachments,
        # their escalations, carried actions, changes after publication; later meetings for
        # "defer"; the current agreement's points for the submit form; forum members for the
        # attendance form; the unread notifications
        with django_assert_num_queries(20):  # the replies (with their substitutes) too
            response = client.get(meeting_url(meeting))

        text = response.text
        assert text.count('data-testid="record-form"') == 3 + extra + 1
        assert text.count('data-testid="open-action"') == extra
        assert text.count("📎") == extra
        assert text.count('data-testid="submitted-item"') == extra
        assert text.count('data-testid="escalation-outcome"') == 1
        assert 'data-testid="changes-after-publication"' in text
        assert f'">X.{extra - 1} Ekstra punkt {extra - 1}</option>' in text
        assert f"X.{extra - 1} Ekstra punkt {extra - 1}</a>" in text

    @pytest.mark.parametrize("extra", [2, 12])
    def test_query_count_of_a_held_meeting_is_constant(
        self,
        client,
        meeting,
        nav_leder,
        reader,
        municipal_signatory,
        state_editor,
        agreement,
        django_assert_num_queries,
        extra,
        clock,
    ):
        busy_meeting(meeting, nav_leder, reader, agreement, extra, clock)
        meeting_mark_held(
            meeting=meeting,
            user=nav_leder,
            attendance=[(f"Person {n}", "Rådgiver", n % 2 == 0) for n in range(extra + 2)],
        )
        # The review: a chair (on the state side), `extra` comments on items and on the whole,
        # an approval withdrawn by a change and one standing.
        services.forum_member_add(
            forum=meeting.forum, user=state_editor, role=Role.CHAIR, actor=nav_leder
        )
        services.minutes_publish(
            meeting=meeting, user=nav_leder, comment_deadline=date(2026, 3, 10)
        )
        items = [r.item for r in meeting_agenda(meeting).rows if not r.item.fixed]
        for n in range(extra):
            services.minutes_comment_add(
                meeting=meeting, user=reader, item=items[n] if n % 2 else None, text=f"Merknad {n}"
            )
        clock.move_to(at(2026, 3, 11, 9), tick=False)
        approve = {"meeting": meeting, "capacity": MinutesCapacity.MUNICIPAL}
        current = minutes_hash(minutes_content(meeting))
        services.minutes_approve(user=municipal_signatory, expected_hash=current, **approve)
        services.item_record(item=items[0], user=nav_leder, minutes="Rettet etter merknad.")
        current = minutes_hash(minutes_content(meeting))
        services.minutes_approve(user=municipal_signatory, expected_hash=current, **approve)
        client.force_login(nav_leder)

        # session, user; the meeting with its forum; the gate of the forum: memberships,
        # its partnership (and the central one above), forum member, covered municipalities;
        # the agenda: items, the item escalated from another forum, their actions, their
        # attachments, their escalations, carried actions, changes after publication; who
        # attended (no planning forms once held); the review: the minutes' items, their
        # actions, attendance; the approvals; the chair, the chair's memberships and covered
        # municipalities; the comments with their authors and items; the unread notifications
        with django_assert_num_queries(25):
            response = client.get(meeting_url(meeting))

        text = response.text
        assert text.count('data-testid="record-form"') == 3 + extra + 1
        assert text.count("Person ") == extra + 2
        assert text.count("Merknad ") == extra
        assert text.count('data-testid="approval"') == 1
        assert 'data-testid="withdrawn-approvals"' in text

    def test_an_event_is_shown_in_the_readers_language(self, client, meeting, nav_leder, reader):
        meeting_publish(meeting=meeting, user=nav_leder)
        item = accepted(meeting, nav_leder, reader, "Kom til etterpå")
        client.force_login(reader)
        shown = {}
        for language in ("en", "nb"):
            view_in(client, language)
            shown[language] = client.get(meeting_url(meeting)).text

        assert f"Item put on the agenda: Item 01/26 {item.title}" in shown["en"]
        assert f"Sak satt på sakslisten: Sak 01/26 {item.title}" in shown["nb"]
        assert "Item put on the agenda" not in shown["nb"]

    def test_the_standing_items_are_named_in_the_readers_language(
        self, client, forum, nav_leder, reader
    ):
        # Planned by someone reading English: the standing items were stored in English.
        with translation.override("en"):
            meeting = plan(forum, nav_leder, at(2026, 3, 10))
        client.force_login(reader)
        shown = {}
        for language in ("en", "nb"):
            view_in(client, language)
            shown[language] = client.get(meeting_url(meeting)).text

        assert "Approval of the agenda" in shown["en"]
        assert "Godkjenning av innkalling og saksliste" in shown["nb"]
        assert "Approval of the agenda" not in shown["nb"]


def busy_meeting(meeting, secretary, member, agreement, extra, clock):
    """Every relation the meeting page shows, `extra` of each: the agreement grows `extra`
    points and items point at them; accepted items with an attachment and actions; submitted,
    declined and waiting items; an earlier meeting's open actions carried here; an item
    escalated to the central committee and one that came from elsewhere; a change after the
    invitation; an absence with a substitute. The meeting has started (11:00 on its day)."""
    forum = meeting.forum
    points = [
        AgreementSection.objects.create(
            agreement=agreement, number=f"X.{n}", title=f"Ekstra punkt {n}", position=100 + n
        )
        for n in range(extra)
    ]
    earlier = plan(forum, secretary, at(2026, 2, 10))
    old = accepted(earlier, secretary, secretary, "Gammel sak")
    meeting_publish(meeting=meeting, user=secretary)
    items = []
    for n, point in enumerate(points):
        item = submit(meeting, member, f"Sak {n}", Kind.DECISION, agreement_section=point)
        items.append(item_accept(item=item, user=secretary))
        item_attachment_add(
            item=item,
            user=secretary,
            title=f"Vedlegg {n}",
            upload=SimpleUploadedFile(f"v{n}.pdf", pdf_bytes()),
        )
        submit(meeting, member, f"Innmeldt {n}", agreement_section=point)
        item_decline(item=submit(meeting, member, f"Avvist {n}"), user=secretary, reason="Nei")
        waiting = submit(meeting, member, f"Venter {n}")
        item_defer(item=waiting, user=secretary, reason="Senere")
        plan(forum, secretary, at(2026, 4, 1) + timedelta(days=n))
    item_escalate(item=items[0], user=secretary)
    came = accepted(meeting, secretary, member, "Kom fra et annet møte")
    AgendaItem.objects.filter(pk=came.pk).update(escalated_from=old)
    meeting_respond(meeting=meeting, user=member, attending=False, substitute_name="Vara")
    clock.move_to(at(2026, 3, 10, 11), tick=False)
    for n in range(extra):
        action_add(
            item=old, user=secretary, description=f"T{n}", owner="K", due_date=date(2026, 4, 1)
        )
        action_add(
            item=items[n], user=secretary, description=f"U{n}", owner="K", due_date=date(2026, 4, 1)
        )


# --- writes: the common refusals -----------------------------------------------------------

SECRETARY_ONLY = [
    ("item_accept", True, "post"),
    ("item_defer", True, "post"),
    ("item_decline", True, "post"),
    ("item_move", True, "post"),
    ("item_record", True, "post"),
    ("action_add", True, "post"),
    ("item_escalate", True, "confirm"),
    ("meeting_publish", False, "confirm"),
    ("meeting_mark_held", False, "post"),
    ("minutes_publish", False, "post"),
]


@pytest.mark.parametrize(("name", "per_item", "kind"), SECRETARY_ONLY)
def test_secretary_only_writes_refuse_others(
    client, meeting, nav_leder, reader, outsider, name, per_item, kind
):
    item = submit(meeting, reader)
    url = item_url(meeting, item, name) if per_item else meeting_url(meeting, name)
    before = list(AgendaItem.objects.values_list("pk", "status", "position", "minutes"))
    data = {"reason": "x", "direction": "up", "minutes": "x", "description": "x", "owner": "x"}

    assert client.post(url, data)["Location"].startswith("/konto/logg-inn/")
    client.force_login(reader)  # a permanent member, not the secretary
    assert client.post(url, data).status_code == 403
    assert client.get(url).status_code == (403 if kind == "confirm" else 405)
    client.force_login(outsider)
    assert client.post(url, data).status_code == 404
    client.force_login(nav_leder)
    assert client.put(url).status_code == 405
    assert list(AgendaItem.objects.values_list("pk", "status", "position", "minutes")) == before
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert not Action.objects.exists()


def test_an_item_of_another_forum_is_404(client, world, meeting, nav_leder, outsider):
    other = make_forum(world.other_partnership, secretary=outsider)
    item = submit(plan(other, outsider, at(2026, 3, 12)), outsider)
    client.force_login(nav_leder)

    assert client.post(item_url(meeting, item, "item_accept")).status_code == 404
    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


# --- building the agenda -------------------------------------------------------------------


class TestSubmit:
    def test_a_member_submits_an_item_pointing_at_the_agreement(
        self, client, meeting, reader, agreement
    ):
        section = agreement.sections.get(number="2.0")
        client.force_login(reader)

        response = client.post(
            meeting_url(meeting, "item_submit"),
            {
                "kind": "decision",
                "title": "Felles mål",
                "description": "Se punkt 2",
                "owner": "Verneombudet",
                "minutes_planned": "20",
                "agreement_section": section.pk,
            },
        )

        item = AgendaItem.objects.get(title="Felles mål")
        assert response["Location"] == meeting_url(meeting) + f"#item-{item.pk}"
        assert (item.status, item.kind, item.submitted_by, item.minutes_planned) == (
            Status.SUBMITTED,
            Kind.DECISION,
            reader,
            20,
        )
        assert item.agreement_section == section

    def test_bad_input_is_400_and_nothing_is_submitted(self, client, meeting, reader):
        client.force_login(reader)

        response = client.post(
            meeting_url(meeting, "item_submit"), {"kind": "decision", "title": ""}
        )

        assert response.status_code == 400
        assert nb("Give the item a title.") in response.text
        assert not AgendaItem.objects.filter(fixed="").exists()

    def test_after_the_deadline_it_is_400_with_the_date(self, client, meeting, reader, clock):
        clock.move_to(at(2026, 2, 25, 9), tick=False)
        client.force_login(reader)

        response = client.post(
            meeting_url(meeting, "item_submit"), {"kind": "orientation", "title": "Sent"}
        )

        assert response.status_code == 400
        assert "24.02.2026" in response.text
        assert not AgendaItem.objects.filter(fixed="").exists()

    def test_a_reader_outside_the_forum_403_outsider_404_anonymous_get(
        self, client, meeting, bystander, outsider
    ):
        url, data = meeting_url(meeting, "item_submit"), {"kind": "orientation", "title": "X"}
        assert client.post(url, data)["Location"].startswith("/konto/logg-inn/")
        client.force_login(bystander)
        assert client.post(url, data).status_code == 403
        assert client.get(url).status_code == 405
        client.force_login(outsider)
        assert client.post(url, data).status_code == 404
        assert not AgendaItem.objects.filter(fixed="").exists()


class TestSecretaryDecides:
    def test_accept_gives_the_item_its_number(self, client, meeting, nav_leder, reader):
        item = submit(meeting, reader)
        client.force_login(nav_leder)

        response = client.post(item_url(meeting, item, "item_accept"))

        assert response.status_code == 302
        item.refresh_from_db()
        assert (item.status, item.number, item.year) == (Status.ACCEPTED, 1, 2026)

    def test_defer_to_a_later_meeting(self, client, meeting, nav_leder, reader):
        later = plan(meeting.forum, nav_leder, at(2026, 4, 14))
        item = submit(meeting, reader)
        client.force_login(nav_leder)

        response = client.post(
            item_url(meeting, item, "item_defer"),
            {"reason": "Trenger tall", "to_meeting": later.pk},
        )

        assert response.status_code == 302
        item.refresh_from_db()
        assert (item.meeting, item.status, item.status_reason) == (
            later,
            Status.SUBMITTED,
            "Trenger tall",
        )

    def test_a_deferred_item_waits_and_is_accepted_onto_another_meeting(
        self, client, meeting, nav_leder, reader
    ):
        later = plan(meeting.forum, nav_leder, at(2026, 4, 14))
        item = submit(meeting, reader)
        client.force_login(nav_leder)

        client.post(item_url(meeting, item, "item_defer"), {"reason": "Venter", "to_meeting": ""})
        item.refresh_from_db()
        assert (item.meeting, item.status) == (None, Status.DEFERRED)
        assert 'data-testid="waiting-item"' in client.get(meeting_url(later)).text

        client.post(item_url(later, item, "item_accept"))
        item.refresh_from_db()
        assert (item.meeting, item.status) == (later, Status.ACCEPTED)

    def test_defer_to_an_unknown_meeting_is_400(self, client, meeting, nav_leder, reader):
        item = submit(meeting, reader)
        client.force_login(nav_leder)

        response = client.post(
            item_url(meeting, item, "item_defer"), {"reason": "x", "to_meeting": meeting.pk}
        )

        assert response.status_code == 400
        item.refresh_from_db()
        assert (item.meeting, item.status) == (meeting, Status.SUBMITTED)

    def test_decline_needs_a_reason(self, client, meeting, nav_leder, reader):
        item = submit(meeting, reader)
        client.force_login(nav_leder)

        response = client.post(item_url(meeting, item, "item_decline"), {"reason": " "})
        assert response.status_code == 400
        assert nb("Write a reason; the one who submitted the item will see it.") in response.text
        item.refresh_from_db()
        assert item.status == Status.SUBMITTED

        client.post(item_url(meeting, item, "item_decline"), {"reason": "Feil forum"})
        item.refresh_from_db()
        assert (item.status, item.status_reason) == (Status.DECLINED, "Feil forum")

    def test_move_up_and_down(self, client, meeting, nav_leder, reader):
        first = accepted(meeting, nav_leder, reader, "Første")
        second = accepted(meeting, nav_leder, reader, "Andre")
        client.force_login(nav_leder)

        client.post(item_url(meeting, second, "item_move"), {"direction": "up"})

        order = list(
            meeting.items.filter(fixed="").order_by("position").values_list("pk", flat=True)
        )
        assert order == [second.pk, first.pk]
        response = client.post(item_url(meeting, second, "item_move"), {"direction": "sideways"})
        assert response.status_code == 400
        order = list(
            meeting.items.filter(fixed="").order_by("position").values_list("pk", flat=True)
        )
        assert order == [second.pk, first.pk]

    def test_send_the_invitation_after_confirming(
        self, client, meeting, nav_leder, django_capture_on_commit_callbacks
    ):
        client.force_login(nav_leder)

        confirm = client.get(meeting_url(meeting, "meeting_publish"))
        assert confirm.status_code == 200 and 'data-testid="confirm"' in confirm.text
        meeting.refresh_from_db()
        assert meeting.published_at is None  # GET only asks

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(meeting_url(meeting, "meeting_publish"))

        assert response.status_code == 302
        meeting.refresh_from_db()
        assert (meeting.status, meeting.agenda_version) == (Meeting.Status.INVITED, 1)
        assert len(mail.outbox) == 3
        assert f"http://testserver{meeting_url(meeting)}" in mail.outbox[0].body
        page = client.get(meeting_url(meeting)).text
        assert 'data-testid="published"' in page


# --- at and after the meeting --------------------------------------------------------------


@pytest.fixture
def started(meeting, clock):
    clock.move_to(at(2026, 3, 10, 10, 30), tick=False)
    return meeting


class TestMinutes:
    def test_record_minutes_and_decision(self, client, meeting, nav_leder, reader, clock):
        item = accepted(meeting, nav_leder, reader, "Vedtak", Kind.DECISION)
        clock.move_to(at(2026, 3, 10, 10, 30), tick=False)
        client.force_login(nav_leder)

        response = client.post(
            item_url(meeting, item, "item_record"), {"minutes": "Drøftet", "decision": "Vedtatt"}
        )

        assert response.status_code == 302
        item.refresh_from_db()
        assert (item.minutes, item.decision) == ("Drøftet", "Vedtatt")

    def test_add_an_action_and_bad_input_adds_none(self, client, started, nav_leder, reader):
        item = started.items.get(fixed="actions")
        client.force_login(nav_leder)

        response = client.post(
            item_url(started, item, "action_add"), {"description": "", "owner": "Kari"}
        )
        assert response.status_code == 400
        assert nb("Write what is to be done.") in response.text
        assert not Action.objects.exists()

        client.post(
            item_url(started, item, "action_add"),
            {"description": "Lag plan", "owner": "Kari", "due_date": "2026-04-01"},
        )
        action = Action.objects.get()
        assert (action.description, action.owner, action.due_date) == (
            "Lag plan",
            "Kari",
            date(2026, 4, 1),
        )

    def test_mark_held_with_attendance(self, client, started, nav_leder):
        client.force_login(nav_leder)
        url = meeting_url(started, "meeting_mark_held")
        form = {
            "attendance-TOTAL_FORMS": "2",
            "attendance-INITIAL_FORMS": "0",
            "attendance-0-name": "",
            "attendance-1-name": "",
        }

        response = client.post(url, form)
        assert response.status_code == 400
        assert nb("Write the name of at least one person at the meeting.") in response.text
        started.refresh_from_db()
        assert started.status == Meeting.Status.PLANNED

        form |= {
            "attendance-0-name": "Kari Nordmann",
            "attendance-0-title": "NAV-leder",
            "attendance-0-present": "on",
            "attendance-1-name": "Ola Nordmann",
        }
        assert client.post(url, form).status_code == 302
        started.refresh_from_db()
        assert started.status == Meeting.Status.HELD
        assert list(Attendance.objects.values_list("name", "present").order_by("name")) == [
            ("Kari Nordmann", True),
            ("Ola Nordmann", False),
        ]

    def test_a_meeting_not_started_cannot_be_marked_held(self, client, meeting, nav_leder):
        client.force_login(nav_leder)
        form = {
            "attendance-TOTAL_FORMS": "1",
            "attendance-INITIAL_FORMS": "0",
            "attendance-0-name": "Kari",
            "attendance-0-present": "on",
        }

        response = client.post(meeting_url(meeting, "meeting_mark_held"), form)

        assert response.status_code == 400
        assert (
            nb("The meeting has not started yet, so it cannot be marked as held.") in response.text
        )
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.PLANNED

    def test_approving_minutes_of_a_meeting_not_held_is_400(
        self, client, started, municipal_signatory
    ):
        client.force_login(municipal_signatory)

        response = client.post(
            meeting_url(started, "minutes_approve"),
            {"capacity": "municipal", "content_hash": "0" * 64},
        )

        assert response.status_code == 400
        assert nb("The minutes can be sent for comment once the meeting is marked as held.") in (
            response.text
        )
        started.refresh_from_db()
        assert started.status == Meeting.Status.PLANNED


class TestCloseAction:
    @pytest.fixture
    def action(self, started, nav_leder, reader):
        item = started.items.get(fixed="actions")
        return action_add(
            item=item,
            user=nav_leder,
            description="Lag plan",
            owner="Kari",
            due_date=date(2026, 4, 1),
        )

    def url(self, action):
        return reverse(
            "meetings:action_close", kwargs={"pk": action.item.forum_id, "action_pk": action.pk}
        )

    def test_a_member_closes_it_and_returns_to_the_page(self, client, action, started, reader):
        client.force_login(reader)

        response = client.post(self.url(action), {"next": meeting_url(started)})

        assert response["Location"] == meeting_url(started)
        action.refresh_from_db()
        assert (action.status, action.closed_by) == (Action.Status.DONE, reader)
        assert client.post(self.url(action)).status_code == 400  # already done

    def test_an_offsite_next_is_ignored(self, client, action, reader):
        client.force_login(reader)

        response = client.post(self.url(action), {"next": "https://evil.example/"})

        assert response["Location"] == reverse("meetings:forum_detail", args=[action.item.forum_id])

    def test_refusals(self, client, action, bystander, outsider):
        url = self.url(action)
        assert client.post(url)["Location"].startswith("/konto/logg-inn/")
        client.force_login(bystander)
        assert client.post(url).status_code == 403
        assert client.get(url).status_code == 405
        client.force_login(outsider)
        assert client.post(url).status_code == 404
        action.refresh_from_db()
        assert action.status == Action.Status.OPEN


class TestEscalate:
    def test_escalate_after_confirming_and_see_the_outcome(
        self, client, world, meeting, nav_leder, reader
    ):
        item = accepted(meeting, nav_leder, reader, "Uløst")
        client.force_login(nav_leder)

        assert "Uløst" in client.get(item_url(meeting, item, "item_escalate")).text
        response = client.post(item_url(meeting, item, "item_escalate"))

        assert response.status_code == 302
        central = forum_for_partnership(partnership=world.central)
        escalated = AgendaItem.objects.get(escalated_from=item)
        assert escalated.forum == central
        assert 'data-testid="escalation-outcome"' in client.get(meeting_url(meeting)).text
        response = client.post(item_url(meeting, item, "item_escalate"))
        assert response.status_code == 400  # only once
        assert AgendaItem.objects.filter(escalated_from=item).count() == 1


def test_the_secretary_page_has_unique_ids_and_a_label_for_every_control(
    client, meeting, nav_leder, reader, clock
):
    accepted(meeting, nav_leder, reader, "Første", Kind.DECISION)
    accepted(meeting, nav_leder, reader, "Andre")
    submit(meeting, reader, "Innmeldt")
    submit(meeting, reader, "Innmeldt igjen")
    clock.move_to(at(2026, 3, 10, 10, 30), tick=False)
    client.force_login(nav_leder)

    for url in (meeting_url(meeting), reverse("meetings:forum_detail", args=[meeting.forum_id])):
        assert_ids_and_labels(client.get(url).text)


def assert_ids_and_labels(text):
    ids = re.findall(r'\sid="([^"]+)"', text)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    controls = re.findall(r'<(?:input|textarea|select)\b[^>]*\sid="([^"]+)"', text)
    labelled = set(re.findall(r'<label[^>]*\sfor="([^"]+)"', text))
    hidden = set(re.findall(r'<input[^>]*type="hidden"[^>]*\sid="([^"]+)"', text))
    assert set(controls) - hidden - labelled == set()


@pytest.mark.django_db
class TestItemAttachments:
    def test_the_submitter_attaches_a_pdf_members_download_outsiders_cannot(
        self,
        client,
        meeting,
        nav_leder,
        municipal_signatory,
        reader,
        outsider,
        settings,
        tmp_path,
        django_capture_on_commit_callbacks,
    ):
        settings.MEDIA_ROOT = tmp_path
        item = services.item_submit(
            meeting=meeting, user=municipal_signatory, kind="discussion", title="Budsjett"
        )
        upload_url = reverse("meetings:item_attachment_upload", args=[meeting.pk, item.pk])
        client.force_login(reader)  # a member, but not the one who submitted the item
        refused = client.post(
            upload_url, {"title": "Notat", "file": SimpleUploadedFile("n.pdf", pdf_bytes())}
        )
        client.force_login(nav_leder)
        client.post(
            upload_url, {"title": "Notat", "file": SimpleUploadedFile("n.pdf", b"MZ not a pdf")}
        )
        assert not item.attachments.exists()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                upload_url, {"title": "Notat", "file": SimpleUploadedFile("n.pdf", pdf_bytes(2))}
            )

        attachment = item.attachments.get()
        download_url = reverse(
            "meetings:item_attachment_download", args=[meeting.pk, attachment.pk]
        )
        client.force_login(municipal_signatory)
        download = client.get(download_url)
        client.force_login(outsider)
        hidden = client.get(download_url)

        assert refused.status_code == 403
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment;")
        assert b"".join(download.streaming_content).startswith(b"%PDF-")
        assert hidden.status_code == 404
