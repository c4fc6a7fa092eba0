"""The meetings services: forums, agenda, publication, minutes, actions, escalation.

Roles (decided here): the NAV-leder (the partnership's secretary) builds the agenda; every
permanent forum member submits items and closes actions — including the verneombud, who is
only a reader of the partnership but a permanent member of its forum; a read-only partnership
member who is not in the forum only reads; an outsider can do nothing."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from icalendar import Calendar

from agreements.services import agreement_create
from meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    Forum,
    ForumMember,
    Meeting,
    MeetingEvent,
    MinutesCapacity,
)
from meetings.services import (
    action_add,
    action_close,
    agenda_reorder,
    forum_member_add,
    item_accept,
    item_decline,
    item_defer,
    item_escalate,
    item_record,
    item_update,
    meeting_mark_held,
    meeting_plan,
    meeting_publish,
    meeting_update,
    minutes_approve,
)
from partnerships.models import Membership
from tests.factories import (
    MembershipFactory,
    OfficeFactory,
    PartnershipFactory,
    UserFactory,
)

from . import OSLO, accepted, approve_minutes, at, codes, make_forum, plan, submit

Kind, Status, Fixed = AgendaItem.Kind, AgendaItem.Status, AgendaItem.Fixed


def events(meeting):
    return list(MeetingEvent.objects.filter(meeting=meeting).order_by("pk"))


# --- forums --------------------------------------------------------------------------------


def test_members_are_added_with_their_role(forum, nav_leder, reader):
    member = ForumMember.objects.get(forum=forum, user=reader)

    assert member.role == ForumMember.Role.MEMBER
    assert forum.members.count() == 3
    assert MeetingEvent.objects.filter(forum=forum, actor=nav_leder).count() == 3


def test_only_the_secretary_or_an_editor_adds_members(forum, reader, bystander):
    with pytest.raises(PermissionDenied):
        forum_member_add(forum=forum, user=bystander, role="member", actor=reader)

    assert not forum.members.filter(user=bystander).exists()


def test_someone_outside_the_partnership_cannot_join_its_forum(forum, nav_leder, outsider):
    with pytest.raises(ValidationError) as error:
        forum_member_add(forum=forum, user=outsider, role="member", actor=nav_leder)

    assert codes(error.value) == {"not_in_partnership"}
    assert not forum.members.filter(user=outsider).exists()


def test_a_member_is_added_once(forum, nav_leder, reader):
    with pytest.raises(ValidationError) as error:
        forum_member_add(forum=forum, user=reader, role="chair", actor=nav_leder)

    assert codes(error.value) == {"already_member"}
    assert forum.members.get(user=reader).role == ForumMember.Role.MEMBER


# --- meetings ------------------------------------------------------------------------------


def test_a_planned_meeting_has_its_deadline_and_the_three_fixed_items(meeting, nav_leder):
    meeting.refresh_from_db()

    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.submission_deadline == date(2026, 2, 24)
    items = list(meeting.items.order_by("position"))
    assert [(i.fixed, i.position, i.status, i.number) for i in items] == [
        (Fixed.AGENDA, 1, Status.ACCEPTED, None),
        (Fixed.PREVIOUS_MINUTES, 2, Status.ACCEPTED, None),
        (Fixed.ACTIONS, 3, Status.ACCEPTED, None),
    ]
    assert [(e.actor, e.after_publication) for e in events(meeting)] == [(nav_leder, False)]


def test_a_member_cannot_plan_a_meeting(forum, municipal_signatory):
    with pytest.raises(PermissionDenied):
        plan(forum, municipal_signatory, at(2026, 3, 10))

    assert not Meeting.objects.exists()


def test_an_outsider_cannot_plan_a_meeting(forum, outsider):
    with pytest.raises(PermissionDenied):
        plan(forum, outsider, at(2026, 3, 10))


def test_a_meeting_must_end_after_it_starts(forum, nav_leder):
    with pytest.raises(ValidationError):
        meeting_plan(
            forum=forum,
            user=nav_leder,
            starts_at=at(2026, 3, 10, 12),
            ends_at=at(2026, 3, 10, 10),
            place="Grorud",
        )

    assert not Meeting.objects.exists()
    assert not AgendaItem.objects.exists()


def test_moving_a_meeting_moves_its_deadline(meeting, nav_leder):
    meeting_update(
        meeting=meeting,
        user=nav_leder,
        starts_at=at(2026, 3, 17, 9),
        ends_at=at(2026, 3, 17, 11),
        place="Rådhuset",
    )

    meeting.refresh_from_db()
    assert meeting.starts_at == at(2026, 3, 17, 9)
    assert meeting.place == "Rådhuset"
    assert meeting.submission_deadline == date(2026, 3, 3)
    assert events(meeting)[-1].after_publication is False


def test_a_member_cannot_move_a_meeting(meeting, municipal_signatory):
    with pytest.raises(PermissionDenied):
        meeting_update(
            meeting=meeting,
            user=municipal_signatory,
            starts_at=at(2026, 3, 17, 9),
            ends_at=at(2026, 3, 17, 11),
            place="Rådhuset",
        )

    meeting.refresh_from_db()
    assert meeting.starts_at == at(2026, 3, 10)


# --- submitting items ----------------------------------------------------------------------


def test_a_permanent_member_submits_an_item(meeting, municipal_signatory):
    item = submit(meeting, municipal_signatory, description="Status og tiltak", minutes_planned=20)

    item.refresh_from_db()
    assert item.status == Status.SUBMITTED
    assert item.meeting == meeting
    assert item.submitted_by == municipal_signatory
    assert item.number is None
    assert events(meeting)[-1].actor == municipal_signatory


def test_the_verneombud_reads_the_partnership_but_submits_as_a_forum_member(meeting, reader):
    item = submit(meeting, reader, "Arbeidsmiljø")

    assert item.submitted_by == reader


def test_a_reader_outside_the_forum_cannot_submit(meeting, bystander):
    with pytest.raises(PermissionDenied):
        submit(meeting, bystander)

    assert not meeting.items.filter(fixed="").exists()


def test_an_outsider_cannot_submit(meeting, outsider):
    with pytest.raises(PermissionDenied):
        submit(meeting, outsider)


def test_an_item_needs_a_title_and_a_known_kind(meeting, municipal_signatory):
    with pytest.raises(ValidationError) as error:
        submit(meeting, municipal_signatory, title="  ")
    assert "title" in error.value.message_dict

    with pytest.raises(ValidationError) as error:
        submit(meeting, municipal_signatory, kind="gossip")
    assert "kind" in error.value.message_dict

    assert not meeting.items.filter(fixed="").exists()


def test_items_may_be_submitted_on_the_deadline_day(meeting, municipal_signatory, clock):
    clock.move_to(at(2026, 2, 24, 23, 59))

    assert submit(meeting, municipal_signatory).status == Status.SUBMITTED


def test_after_the_deadline_only_the_secretary_adds_items(
    meeting, municipal_signatory, nav_leder, clock
):
    clock.move_to(at(2026, 2, 25, 0, 1))

    with pytest.raises(ValidationError) as error:
        submit(meeting, municipal_signatory)
    assert codes(error.value) == {"deadline"}
    assert "24.02.2026" in error.value.messages[0]
    assert not meeting.items.filter(fixed="").exists()

    assert submit(meeting, nav_leder).status == Status.SUBMITTED


def test_an_item_may_point_to_its_own_agreement_only(
    world, meeting, municipal_signatory, agreement, outsider
):
    section = agreement.sections.get(number="3.8")
    item = submit(meeting, municipal_signatory, "Revidere 3.8", agreement_section=section)
    assert item.agreement_section == section

    other = agreement_create(partnership=world.other_partnership, user=outsider)
    with pytest.raises(ValidationError) as error:
        submit(meeting, municipal_signatory, agreement_section=other.sections.get(number="3.8"))
    assert codes(error.value) == {"foreign_section"}


def test_the_submitter_edits_a_submitted_item_and_no_one_else_but_the_secretary(
    meeting, municipal_signatory, state_editor, nav_leder
):
    item = submit(meeting, municipal_signatory)

    item_update(item=item, user=municipal_signatory, kind=Kind.DECISION, title="Ny tittel")
    item.refresh_from_db()
    assert (item.kind, item.title) == (Kind.DECISION, "Ny tittel")

    with pytest.raises(PermissionDenied):
        item_update(item=item, user=state_editor, kind=Kind.DECISION, title="Kapret")
    item_update(item=item, user=nav_leder, kind=Kind.DECISION, title="Presisert")
    item.refresh_from_db()
    assert item.title == "Presisert"


# --- accepting and numbering ---------------------------------------------------------------


def test_accepting_gives_the_next_number_and_places_the_item_last(
    meeting, nav_leder, municipal_signatory
):
    first = accepted(meeting, nav_leder, municipal_signatory, "Budsjett")
    second = accepted(meeting, nav_leder, municipal_signatory, "Ungdom")

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.year, first.number, first.position) == (
        Status.ACCEPTED,
        2026,
        1,
        4,
    )
    assert (second.number, second.position) == (2, 5)
    assert "01/26" in first.label
    assert "02/26" in second.label


def test_numbers_run_per_forum_and_year(
    world, forum, meeting, nav_leder, municipal_signatory, outsider, clock
):
    later = plan(forum, nav_leder, at(2026, 9, 15))
    next_year = plan(forum, nav_leder, at(2027, 2, 9))
    a = accepted(meeting, nav_leder, municipal_signatory, "A")
    b = accepted(meeting, nav_leder, municipal_signatory, "B")
    c = accepted(later, nav_leder, municipal_signatory, "C")
    d = accepted(next_year, nav_leder, municipal_signatory, "D")
    e = accepted(next_year, nav_leder, municipal_signatory, "E")
    # Another forum counts for itself.
    frogner_leder = UserFactory(username="navleder.frogner")
    MembershipFactory(
        user=frogner_leder,
        partnership=world.other_partnership,
        side=Membership.Side.OFFICE,
        role=Membership.Role.SECRETARY,
    )
    frogner = make_forum(world.other_partnership, secretary=frogner_leder)
    f = accepted(plan(frogner, frogner_leder, at(2026, 3, 11)), frogner_leder, frogner_leder, "F")

    labels = [x.label[-5:] for x in (a, b, c, d, e, f)]
    assert labels == ["01/26", "02/26", "03/26", "01/27", "02/27", "01/26"]


def test_a_member_cannot_accept(meeting, municipal_signatory, reader):
    item = submit(meeting, reader)

    with pytest.raises(PermissionDenied):
        item_accept(item=item, user=municipal_signatory)
    with pytest.raises(PermissionDenied):
        item_accept(item=item, user=reader)

    item.refresh_from_db()
    assert (item.status, item.number) == (Status.SUBMITTED, None)


def test_a_fixed_item_is_not_accepted_again(meeting, nav_leder):
    fixed = meeting.items.get(fixed=Fixed.ACTIONS)

    with pytest.raises(ValidationError) as error:
        item_accept(item=fixed, user=nav_leder)
    assert codes(error.value) == {"fixed_item"}


def test_an_item_keeps_its_number_when_deferred_and_accepted_again(
    forum, meeting, nav_leder, municipal_signatory
):
    later = plan(forum, nav_leder, at(2026, 6, 2))
    item = accepted(meeting, nav_leder, municipal_signatory, "Budsjett")
    item_defer(item=item, user=nav_leder, reason="Tallene kommer i mai", to_meeting=later)
    other = accepted(meeting, nav_leder, municipal_signatory, "Annet")

    item = item_accept(item=item, user=nav_leder)

    assert (item.meeting, item.number, other.number) == (later, 1, 2)


# --- deferring and declining ---------------------------------------------------------------


def test_deferring_to_a_later_meeting_submits_it_there(
    forum, meeting, nav_leder, municipal_signatory
):
    later = plan(forum, nav_leder, at(2026, 6, 2))
    item = submit(meeting, municipal_signatory)

    item_defer(item=item, user=nav_leder, reason="Mer tid trengs", to_meeting=later)

    item.refresh_from_db()
    assert (item.meeting, item.status, item.status_reason) == (
        later,
        Status.SUBMITTED,
        "Mer tid trengs",
    )
    assert events(meeting)[-1].actor == nav_leder
    assert events(later)[-1].actor == nav_leder


def test_deferring_without_a_meeting_sets_the_item_aside(meeting, nav_leder, municipal_signatory):
    item = submit(meeting, municipal_signatory)

    item_defer(item=item, user=nav_leder, reason="Venter på kommunestyret")

    item.refresh_from_db()
    assert (item.meeting, item.status) == (None, Status.DEFERRED)


def test_deferring_needs_a_reason_and_a_later_meeting(
    forum, meeting, nav_leder, municipal_signatory
):
    earlier = plan(forum, nav_leder, at(2026, 3, 3))
    item = submit(meeting, municipal_signatory)

    with pytest.raises(ValidationError) as error:
        item_defer(item=item, user=nav_leder, reason=" ")
    assert codes(error.value) == {"reason_required"}
    with pytest.raises(ValidationError) as error:
        item_defer(item=item, user=nav_leder, reason="Før", to_meeting=earlier)
    assert "to_meeting" in error.value.message_dict

    item.refresh_from_db()
    assert (item.meeting, item.status, item.status_reason) == (meeting, Status.SUBMITTED, "")


def test_a_declined_item_keeps_the_reason_for_its_submitter(
    meeting, nav_leder, municipal_signatory
):
    item = submit(meeting, municipal_signatory)

    item_decline(item=item, user=nav_leder, reason="Hører hjemme i driftsmøtet")

    item.refresh_from_db()
    assert (item.status, item.status_reason) == (Status.DECLINED, "Hører hjemme i driftsmøtet")


def test_declining_needs_a_reason_and_the_secretary(meeting, nav_leder, municipal_signatory):
    item = submit(meeting, municipal_signatory)

    with pytest.raises(ValidationError) as error:
        item_decline(item=item, user=nav_leder, reason="")
    assert "reason" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        item_decline(item=item, user=municipal_signatory, reason="Nei")

    item.refresh_from_db()
    assert item.status == Status.SUBMITTED


# --- ordering ------------------------------------------------------------------------------


def test_the_agenda_follows_the_new_order_with_the_fixed_items_first(
    meeting, nav_leder, municipal_signatory
):
    a = accepted(meeting, nav_leder, municipal_signatory, "A")
    b = accepted(meeting, nav_leder, municipal_signatory, "B")
    c = accepted(meeting, nav_leder, municipal_signatory, "C")
    actions = meeting.items.get(fixed=Fixed.ACTIONS)

    agenda_reorder(meeting=meeting, user=nav_leder, item_ids=[c.pk, actions.pk, a.pk, b.pk])

    order = list(meeting.items.filter(status=Status.ACCEPTED).order_by("position"))
    assert [i.fixed or i.title for i in order] == [
        Fixed.AGENDA,
        Fixed.PREVIOUS_MINUTES,
        Fixed.ACTIONS,
        "C",
        "A",
        "B",
    ]


def test_a_list_that_does_not_match_the_agenda_is_refused(meeting, nav_leder, municipal_signatory):
    a = accepted(meeting, nav_leder, municipal_signatory, "A")
    b = accepted(meeting, nav_leder, municipal_signatory, "B")
    stray = submit(meeting, municipal_signatory, "Ikke på listen")

    for ids in ([b.pk], [b.pk, a.pk, stray.pk], [b.pk, b.pk], ["x", a.pk]):
        with pytest.raises(ValidationError):
            agenda_reorder(meeting=meeting, user=nav_leder, item_ids=ids)
    with pytest.raises(PermissionDenied):
        agenda_reorder(meeting=meeting, user=municipal_signatory, item_ids=[b.pk, a.pk])

    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.position, b.position) == (4, 5)


# --- publishing ----------------------------------------------------------------------------


@pytest.fixture
def invited_guest(world, forum, nav_leder):
    user = UserFactory(username="brukerrepresentant", first_name="Per", last_name="Hansen")
    MembershipFactory(
        user=user,
        partnership=world.partnership,
        side=Membership.Side.OFFICE,
        role=Membership.Role.MEMBER,
    )
    forum_member_add(forum=forum, user=user, role=ForumMember.Role.INVITED, actor=nav_leder)
    return user


def _calendar(message) -> Calendar:
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert filename == "invitasjon.ics"
    assert mimetype == "text/calendar; method=REQUEST"
    return Calendar.from_ical(content)


def test_publishing_invites_every_member_with_the_agenda_and_a_calendar_file(
    meeting, nav_leder, municipal_signatory, invited_guest, settings
):
    settings.NAVPARTNER_BASE_URL = "https://partner.nav.test"
    item = accepted(meeting, nav_leder, municipal_signatory, "Ungdomsgarantien")
    submit(meeting, municipal_signatory, "Ikke behandlet ennå")

    sent = meeting_publish(meeting=meeting, user=nav_leder)

    meeting.refresh_from_db()
    assert (meeting.status, meeting.agenda_version) == (Meeting.Status.INVITED, 1)
    assert meeting.published_at is not None
    assert sent == len(mail.outbox) == 4
    assert {m.to[0] for m in mail.outbox} == {
        "navleder@example.org",
        "bydelsdirektor@example.org",
        "verneombud@example.org",
        "brukerrepresentant@example.org",
    }
    message = mail.outbox[0]
    assert "10." in message.subject and "2026" in message.subject
    assert "Ungdomsgarantien" in message.body
    assert item.label in message.body
    assert "Ikke behandlet ennå" not in message.body
    assert "text/calendar" in message.message().as_string()

    (event,) = _calendar(message).walk("VEVENT")
    assert str(event["URL"]) in message.body
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert event.decoded("DTSTART") == at(2026, 3, 10)
    assert event.decoded("DTSTART").utcoffset() == timedelta(hours=1)
    assert event.decoded("DTEND") == at(2026, 3, 10, 12)
    assert str(event["SUMMARY"]) == meeting.forum.name
    assert event["SEQUENCE"] == 1
    assert str(event["LOCATION"]) == "Grorud, møterom 1"
    assert str(event["URL"]).startswith("https://partner.nav.test/")
    assert len(event["ATTENDEE"]) == 4


def test_publishing_again_updates_the_same_calendar_event(meeting, nav_leder):
    meeting_publish(meeting=meeting, user=nav_leder)
    first = _calendar(mail.outbox[0]).walk("VEVENT")[0]
    mail.outbox.clear()

    meeting_publish(meeting=meeting, user=nav_leder)

    second = _calendar(mail.outbox[0]).walk("VEVENT")[0]
    assert str(second["UID"]) == str(first["UID"])
    assert (first["SEQUENCE"], second["SEQUENCE"]) == (1, 2)
    assert str(second["URL"]) == str(first["URL"])


def test_a_summer_meeting_is_in_summer_time(forum, nav_leder):
    summer = plan(forum, nav_leder, at(2026, 6, 16, 13))

    meeting_publish(meeting=summer, user=nav_leder)

    (event,) = _calendar(mail.outbox[0]).walk("VEVENT")
    assert event.decoded("DTSTART").utcoffset() == timedelta(hours=2)
    assert event.decoded("DTSTART") == at(2026, 6, 16, 13)


def test_a_member_cannot_publish(meeting, municipal_signatory, reader):
    for user in (municipal_signatory, reader):
        with pytest.raises(PermissionDenied):
            meeting_publish(meeting=meeting, user=user)

    meeting.refresh_from_db()
    assert (meeting.status, meeting.agenda_version) == (Meeting.Status.PLANNED, 0)
    assert mail.outbox == []


def test_the_invitation_carries_the_open_actions(forum, meeting, nav_leder, municipal_signatory):
    item = accepted(meeting, nav_leder, municipal_signatory, "Budsjett")
    action_add(
        item=item,
        user=nav_leder,
        description="Lage tiltaksplan",
        owner="NAV-leder",
        due_date=date(2026, 4, 1),
    )
    later = plan(forum, nav_leder, at(2026, 6, 2))

    meeting_publish(meeting=later, user=nav_leder)

    assert "Lage tiltaksplan" in mail.outbox[0].body


def test_changes_after_publication_are_recorded_as_such(
    forum, meeting, nav_leder, municipal_signatory
):
    a = accepted(meeting, nav_leder, municipal_signatory, "A")
    b = submit(meeting, municipal_signatory, "B")
    c = submit(meeting, municipal_signatory, "C")
    d = submit(meeting, municipal_signatory, "D")
    later = plan(forum, nav_leder, at(2026, 6, 2))
    assert not MeetingEvent.objects.filter(after_publication=True).exists()
    meeting_publish(meeting=meeting, user=nav_leder)
    published = len(events(meeting))

    item_accept(item=b, user=nav_leder)
    item_decline(item=c, user=nav_leder, reason="Nei")
    item_defer(item=d, user=nav_leder, reason="Senere", to_meeting=later)
    agenda_reorder(meeting=meeting, user=nav_leder, item_ids=[b.pk, a.pk])
    item_update(item=a, user=nav_leder, kind=Kind.DECISION, title="A, nå til vedtak")
    meeting_update(
        meeting=meeting,
        user=nav_leder,
        starts_at=at(2026, 3, 10, 12),
        ends_at=at(2026, 3, 10, 14),
        place="Grorud",
    )

    late = events(meeting)[published:]
    assert len(late) == 6
    assert all(e.after_publication and e.actor == nav_leder for e in late)
    # The later meeting is not published: what arrives there is an ordinary change.
    assert not events(later)[-1].after_publication


# --- minutes, actions ----------------------------------------------------------------------


def held(meeting, nav_leder, clock, attendance=()):
    clock.move_to(meeting.ends_at)
    return meeting_mark_held(meeting=meeting, user=nav_leder, attendance=list(attendance))


def test_a_meeting_is_marked_held_with_its_attendance(meeting, nav_leder, clock):
    held(meeting, nav_leder, clock, [("Kari Nordmann", "NAV-leder", True), ("Ola", "", False)])

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert list(Attendance.objects.values_list("name", "present")) == [
        ("Kari Nordmann", True),
        ("Ola", False),
    ]


def test_a_meeting_is_not_held_before_it_starts(meeting, nav_leder):
    with pytest.raises(ValidationError) as error:
        meeting_mark_held(meeting=meeting, user=nav_leder, attendance=[])

    assert codes(error.value) == {"not_started"}
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_a_member_cannot_mark_a_meeting_held(meeting, municipal_signatory, clock):
    clock.move_to(meeting.ends_at)

    with pytest.raises(PermissionDenied):
        meeting_mark_held(meeting=meeting, user=municipal_signatory, attendance=[])


def test_minutes_and_decision_are_recorded(meeting, nav_leder, municipal_signatory):
    item = accepted(meeting, nav_leder, municipal_signatory, "Budsjett", Kind.DECISION)

    item_record(item=item, user=nav_leder, minutes="Drøftet.", decision="Vedtatt.")

    item.refresh_from_db()
    assert (item.minutes, item.decision) == ("Drøftet.", "Vedtatt.")


def test_only_a_decision_item_has_a_decision(meeting, nav_leder, municipal_signatory):
    item = accepted(meeting, nav_leder, municipal_signatory, "Orientering", Kind.ORIENTATION)

    with pytest.raises(ValidationError) as error:
        item_record(item=item, user=nav_leder, minutes="Tatt til orientering.", decision="Ja")

    assert "decision" in error.value.message_dict
    item.refresh_from_db()
    assert (item.minutes, item.decision) == ("", "")


def test_a_member_cannot_write_the_minutes(meeting, nav_leder, municipal_signatory):
    item = accepted(meeting, nav_leder, municipal_signatory, "Budsjett", Kind.DECISION)

    with pytest.raises(PermissionDenied):
        item_record(item=item, user=municipal_signatory, minutes="Mitt referat", decision="")


def test_decisions_are_frozen_once_the_minutes_are_approved(
    meeting, nav_leder, municipal_signatory, state_member, approvers, clock
):
    item = accepted(meeting, nav_leder, municipal_signatory, "Budsjett", Kind.DECISION)
    item_record(item=item, user=nav_leder, minutes="Drøftet.", decision="Vedtatt.")
    held(meeting, nav_leder, clock)

    approve_minutes(meeting, nav_leder, clock, approvers)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    assert meeting.minutes_approved_by == state_member
    with pytest.raises(ValidationError) as error:
        item_record(item=item, user=nav_leder, minutes="Endret", decision="Annet vedtak")
    assert codes(error.value) == {"frozen"}
    with pytest.raises(ValidationError) as error:
        action_add(
            item=item, user=nav_leder, description="Sent", owner="X", due_date=date(2026, 5, 1)
        )
    assert codes(error.value) == {"frozen"}
    item.refresh_from_db()
    assert item.decision == "Vedtatt."
    assert not Action.objects.exists()


def test_only_held_minutes_are_approved(meeting, nav_leder, municipal_signatory, clock):
    approve = {"capacity": MinutesCapacity.MUNICIPAL, "expected_hash": "0" * 64}
    with pytest.raises(ValidationError) as error:
        minutes_approve(meeting=meeting, user=municipal_signatory, **approve)
    assert codes(error.value) == {"not_held"}

    held(meeting, nav_leder, clock)
    with pytest.raises(PermissionDenied):  # the secretary is no owner's representative
        minutes_approve(meeting=meeting, user=nav_leder, **approve)
    with pytest.raises(ValidationError) as error:
        minutes_approve(meeting=meeting, user=municipal_signatory, **approve)
    assert codes(error.value) == {"not_published"}
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD


def test_an_action_is_added_and_closed_by_a_member(
    meeting, nav_leder, municipal_signatory, reader, clock
):
    item = accepted(meeting, nav_leder, municipal_signatory, "Budsjett")
    action = action_add(
        item=item,
        user=nav_leder,
        description="Lage tiltaksplan",
        owner="Rådgiver",
        due_date=date(2026, 4, 1),
    )
    assert action.status == Action.Status.OPEN

    action_close(action=action, user=reader)

    action.refresh_from_db()
    assert (action.status, action.closed_by, action.closed_at) == (
        Action.Status.DONE,
        reader,
        at(2026, 2, 2, 9),
    )
    with pytest.raises(ValidationError) as error:
        action_close(action=action, user=nav_leder)
    assert codes(error.value) == {"done"}


def test_an_action_needs_what_and_who(meeting, nav_leder, municipal_signatory):
    item = accepted(meeting, nav_leder, municipal_signatory, "Budsjett")

    with pytest.raises(ValidationError) as error:
        action_add(item=item, user=nav_leder, description="", owner="", due_date=None)

    assert {"description", "owner", "due_date"} <= set(error.value.message_dict)
    assert not Action.objects.exists()


def test_outsiders_and_readers_outside_the_forum_cannot_close_actions(
    meeting, nav_leder, municipal_signatory, bystander, outsider
):
    item = accepted(meeting, nav_leder, municipal_signatory, "Budsjett")
    action = action_add(
        item=item, user=nav_leder, description="Gjøre", owner="X", due_date=date(2026, 4, 1)
    )

    for user in (bystander, outsider):
        with pytest.raises(PermissionDenied):
            action_close(action=action, user=user)
    with pytest.raises(PermissionDenied):
        action_add(
            item=item,
            user=municipal_signatory,
            description="Gjøre",
            owner="X",
            due_date=date(2026, 4, 1),
        )

    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


def test_an_action_stays_closable_after_the_minutes_are_approved(
    meeting, nav_leder, municipal_signatory, approvers, clock
):
    item = accepted(meeting, nav_leder, municipal_signatory, "Budsjett")
    action = action_add(
        item=item, user=nav_leder, description="Gjøre", owner="X", due_date=date(2026, 4, 1)
    )
    held(meeting, nav_leder, clock)
    approve_minutes(meeting, nav_leder, clock, approvers)

    action_close(action=action, user=municipal_signatory)

    action.refresh_from_db()
    assert action.status == Action.Status.DONE


# --- escalation ----------------------------------------------------------------------------


@pytest.fixture
def central_secretary(world):
    user = UserFactory(username="sekretariat.oslo", first_name="Siri", last_name="Sekretær")
    MembershipFactory(
        user=user,
        partnership=world.central,
        side=Membership.Side.STATE,
        role=Membership.Role.SECRETARY,
    )
    return user


@pytest.fixture
def unresolved(meeting, nav_leder, municipal_signatory, clock):
    item = accepted(meeting, nav_leder, municipal_signatory, "Husleie for lokalene", Kind.DECISION)
    item_record(item=item, user=nav_leder, minutes="Partene er uenige.", decision="")
    return item


def test_an_unresolved_item_goes_to_the_next_central_meeting_with_its_history(
    world, unresolved, nav_leder, central_secretary
):
    central = make_forum(world.central, secretary=central_secretary)
    past = plan(central, central_secretary, at(2026, 1, 20))
    next_one = plan(central, central_secretary, at(2026, 4, 14))
    plan(central, central_secretary, at(2026, 9, 14))
    assert past.starts_at < next_one.starts_at

    with translation.override("en"):
        escalated = item_escalate(item=unresolved, user=nav_leder)

    escalated.refresh_from_db()
    assert escalated.forum == central
    assert escalated.meeting == next_one
    assert escalated.status == Status.SUBMITTED
    assert escalated.escalated_from == unresolved
    assert escalated.title == "Escalated from NAV Grorud: Husleie for lokalene"
    assert "Partene er uenige." in escalated.description
    assert "Husleie for lokalene" in escalated.description
    assert "02/02/2026" in escalated.description  # English, as the text around it
    assert MeetingEvent.objects.filter(meeting=next_one, actor=nav_leder).exists()
    assert MeetingEvent.objects.filter(meeting=unresolved.meeting, actor=nav_leder).count() >= 1


def test_without_a_planned_central_meeting_the_item_waits(world, unresolved, nav_leder):
    escalated = item_escalate(item=unresolved, user=nav_leder)

    assert escalated.forum == Forum.objects.get(partnership=world.central)
    assert (escalated.meeting, escalated.status) == (None, Status.SUBMITTED)


def test_an_item_is_escalated_once_and_only_by_the_secretary(
    unresolved, nav_leder, municipal_signatory
):
    with pytest.raises(PermissionDenied):
        item_escalate(item=unresolved, user=municipal_signatory)
    item_escalate(item=unresolved, user=nav_leder)

    with pytest.raises(ValidationError) as error:
        item_escalate(item=unresolved, user=nav_leder)

    assert codes(error.value) == {"escalated"}
    assert AgendaItem.objects.filter(escalated_from=unresolved).count() == 1


def test_a_partnership_without_a_central_one_cannot_escalate(world, clock):
    lone = PartnershipFactory(office=OfficeFactory(name="NAV Lone"))
    leder = UserFactory(username="navleder.lone")
    MembershipFactory(
        user=leder, partnership=lone, side=Membership.Side.OFFICE, role=Membership.Role.SECRETARY
    )
    forum = make_forum(lone, secretary=leder)
    item = accepted(plan(forum, leder, at(2026, 3, 10)), leder, leder, "Sak")

    with pytest.raises(ValidationError) as error:
        item_escalate(item=item, user=leder)

    assert codes(error.value) == {"no_central"}
    assert AgendaItem.objects.filter(escalated_from=item).count() == 0


def test_the_central_committee_accepts_a_waiting_escalated_item_onto_a_meeting(
    world, unresolved, nav_leder, central_secretary
):
    escalated = item_escalate(item=unresolved, user=nav_leder)
    central = make_forum(world.central, secretary=central_secretary)
    meeting = plan(central, central_secretary, at(2026, 5, 5))

    with pytest.raises(ValidationError) as error:
        item_accept(item=escalated, user=central_secretary)
    assert codes(error.value) == {"meeting_required"}
    item_accept(item=escalated, user=central_secretary, meeting=meeting)

    escalated.refresh_from_db()
    assert (escalated.meeting, escalated.status, escalated.number) == (
        meeting,
        Status.ACCEPTED,
        1,
    )
    assert escalated.meeting.starts_at.astimezone(OSLO).year == 2026
