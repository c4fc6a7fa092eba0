"""The meetings selectors: the gate, the agenda and overview pages (constant queries), open
actions carried forward, the outcome of an escalation, and the frequency rule."""

from datetime import date, timedelta

import pytest
from django.http import Http404

from agreements.models import Agreement
from agreements.services import agreement_start_revision
from meetings.models import Action, AgendaItem, Forum, ForumMember, Meeting
from meetings.selectors import (
    action_get,
    agreement_sections,
    escalation_outcome,
    forum_frequency,
    forum_get_for_user,
    forum_overview,
    item_get,
    meeting_agenda,
    meeting_get,
    open_actions,
)
from meetings.services import (
    action_add,
    action_close,
    forum_for_partnership,
    forum_member_add,
    item_accept,
    item_decline,
    item_defer,
    item_escalate,
    item_record,
    meeting_publish,
)
from partnerships.models import Membership
from tests.factories import MembershipFactory, UserFactory

from . import accepted, at, make_forum, plan, submit

Kind, Status, Fixed = AgendaItem.Kind, AgendaItem.Status, AgendaItem.Fixed


def add_action(item, user, description, due):
    return action_add(
        item=item, user=user, description=description, owner="NAV-leder", due_date=due
    )


# --- the gate ------------------------------------------------------------------------------


def test_the_gate_hides_the_forum_from_outsiders(forum, outsider):
    with pytest.raises(Http404):
        forum_get_for_user(outsider, forum.pk)


def test_the_gate_hides_forums_that_do_not_exist(forum, nav_leder):
    with pytest.raises(Http404):
        forum_get_for_user(nav_leder, forum.pk + 100)


def test_the_nav_leder_is_the_secretary(forum, nav_leder):
    access = forum_get_for_user(nav_leder, forum.pk)

    assert access.forum == forum
    assert access.member.role == ForumMember.Role.SECRETARY
    assert (access.can_read, access.can_submit, access.is_secretary) == (True, True, True)


def test_a_permanent_member_submits_but_does_not_build_the_agenda(forum, municipal_signatory):
    access = forum_get_for_user(municipal_signatory, forum.pk)

    assert (access.can_read, access.can_submit, access.is_secretary) == (True, True, False)


def test_the_verneombud_submits_as_a_forum_member_though_the_partnership_is_read_only(
    forum, reader
):
    access = forum_get_for_user(reader, forum.pk)

    assert access.access.can_edit is False
    assert (access.can_submit, access.is_secretary) == (True, False)


def test_a_reader_outside_the_forum_only_reads(world, forum):
    user = UserFactory(username="tillitsvalgt")
    MembershipFactory(
        user=user,
        partnership=world.partnership,
        side=Membership.Side.OFFICE,
        role=Membership.Role.MEMBER,
    )

    access = forum_get_for_user(user, forum.pk)

    assert (access.member, access.can_read, access.can_submit, access.is_secretary) == (
        None,
        True,
        False,
        False,
    )


def test_an_invited_member_reads_only(world, forum, nav_leder):
    user = UserFactory(username="gjest")
    MembershipFactory(
        user=user,
        partnership=world.partnership,
        side=Membership.Side.OFFICE,
        role=Membership.Role.MEMBER,
    )
    forum_member_add(forum=forum, user=user, role=ForumMember.Role.INVITED, actor=nav_leder)

    access = forum_get_for_user(user, forum.pk)

    assert (access.can_read, access.can_submit) == (True, False)


def test_a_forum_secretary_builds_the_agenda_without_being_the_partnerships(
    forum, nav_leder, state_editor
):
    assert forum_get_for_user(state_editor, forum.pk).is_secretary is False
    ForumMember.objects.create(forum=forum, user=state_editor, role=ForumMember.Role.SECRETARY)

    assert forum_get_for_user(state_editor, forum.pk).is_secretary is True


def test_the_county_sees_the_forum(forum, state_signatory):
    access = forum_get_for_user(state_signatory, forum.pk)

    assert access.can_read and access.can_submit and not access.is_secretary


def test_objects_of_another_forum_are_not_found(world, forum, meeting, nav_leder):
    item = accepted(meeting, nav_leder, nav_leder, "Budsjett")
    action = add_action(item, nav_leder, "Plan", date(2026, 4, 1))
    other = forum_for_partnership(partnership=world.other_partnership)

    assert meeting_get(forum, meeting.pk) == meeting
    assert item_get(forum, item.pk) == item
    assert action_get(forum, action.pk) == action
    for get, pk in ((meeting_get, meeting.pk), (item_get, item.pk), (action_get, action.pk)):
        with pytest.raises(Http404):
            get(other, pk)


# --- agenda and open actions ---------------------------------------------------------------


def test_the_agenda_puts_fixed_and_accepted_items_in_order_and_the_rest_apart(
    forum, meeting, nav_leder, municipal_signatory
):
    first = accepted(meeting, nav_leder, nav_leder, "Budsjett")
    second = accepted(meeting, nav_leder, nav_leder, "Ungdom")
    pending = submit(meeting, municipal_signatory, "Forslag")
    declined = submit(meeting, municipal_signatory, "Avslått")
    item_decline(item=declined, user=nav_leder, reason="Driftsmøtet")
    waiting = submit(meeting, municipal_signatory, "Venter")
    item_defer(item=waiting, user=nav_leder, reason="Senere")
    action = add_action(first, nav_leder, "Plan", date(2026, 4, 1))

    agenda = meeting_agenda(meeting)

    assert [r.item.fixed or r.item.title for r in agenda.rows] == [
        Fixed.AGENDA,
        Fixed.PREVIOUS_MINUTES,
        Fixed.ACTIONS,
        "Budsjett",
        "Ungdom",
    ]
    assert agenda.rows[3].actions == [action]
    assert agenda.rows[2].carried_actions == []  # an action of this meeting is not carried
    assert (agenda.submitted, agenda.waiting, agenda.declined) == ([pending], [waiting], [declined])
    assert agenda.changes_after_publication == []
    assert second.number == 2


def test_open_actions_are_carried_to_the_next_meeting_until_closed(
    forum, meeting, nav_leder, municipal_signatory
):
    item = accepted(meeting, nav_leder, nav_leder, "Budsjett")
    late = add_action(item, nav_leder, "Tiltaksplan", date(2026, 5, 1))
    early = add_action(item, nav_leder, "Tallgrunnlag", date(2026, 4, 1))
    done = add_action(item, nav_leder, "Innkalle", date(2026, 3, 20))
    action_close(action=done, user=municipal_signatory)
    next_meeting = plan(forum, nav_leder, at(2026, 6, 2))

    assert open_actions(forum) == [early, late]
    follow_up = next(r for r in meeting_agenda(next_meeting).rows if r.item.fixed == Fixed.ACTIONS)
    assert follow_up.carried_actions == [early, late]

    action_close(action=early, user=municipal_signatory)

    assert open_actions(forum) == [late]
    assert meeting_agenda(next_meeting).carried_actions == [late]


def test_changes_after_publication_show_on_the_agenda(meeting, nav_leder, municipal_signatory):
    item = submit(meeting, municipal_signatory, "Sent innmeldt")
    meeting_publish(meeting=meeting, user=nav_leder)

    item_accept(item=item, user=nav_leder)

    (change,) = meeting_agenda(meeting).changes_after_publication
    assert change.actor == nav_leder
    assert "Sent innmeldt" in change.text


def test_the_escalation_outcome_is_visible_locally(world, meeting, nav_leder, clock):
    item = accepted(meeting, nav_leder, nav_leder, "Husleie", Kind.DECISION)
    central_secretary = UserFactory(username="sekretariat.oslo")
    MembershipFactory(
        user=central_secretary,
        partnership=world.central,
        side=Membership.Side.STATE,
        role=Membership.Role.SECRETARY,
    )
    central = make_forum(world.central, secretary=central_secretary)
    central_meeting = plan(central, central_secretary, at(2026, 4, 14))
    assert escalation_outcome(item) == []

    escalated = item_escalate(item=item, user=nav_leder)
    (outcome,) = escalation_outcome(item)
    assert (outcome, outcome.status, outcome.meeting) == (
        escalated,
        Status.SUBMITTED,
        central_meeting,
    )

    item_accept(item=escalated, user=central_secretary)
    item_record(
        item=escalated,
        user=central_secretary,
        minutes="Drøftet.",
        decision="Kommunen dekker husleien.",
    )
    (outcome,) = escalation_outcome(item)
    assert (outcome.status, outcome.decision) == (Status.ACCEPTED, "Kommunen dekker husleien.")
    local_row = next(r for r in meeting_agenda(meeting).rows if r.item == item)
    assert local_row.escalations == [escalated]


# --- query counts --------------------------------------------------------------------------


def _fill(forum, nav_leder, count):
    """`count` meetings, and on the first `count` accepted items, each with an action."""
    meetings = [
        plan(forum, nav_leder, at(2026, 3, 10) + timedelta(days=7 * n)) for n in range(count)
    ]
    first = meetings[0]
    for n in range(count):
        item = accepted(first, nav_leder, nav_leder, f"Sak {n}")
        add_action(item, nav_leder, f"Oppfølging {n}", date(2026, 4, 1) + timedelta(days=n))
        submit(first, nav_leder, f"Forslag {n}")
    return meetings


@pytest.mark.parametrize("count", [2, 20])
def test_the_forum_overview_costs_four_queries(forum, nav_leder, count, django_assert_num_queries):
    _fill(forum, nav_leder, count)
    forum = Forum.objects.get(pk=forum.pk)

    # Members with users, meetings with item counts, items waiting, open actions.
    with django_assert_num_queries(4):
        overview = forum_overview(forum)

    assert len(overview.meetings) == count
    assert len(overview.open_actions) == count
    assert len(overview.members) == 3
    first = overview.meetings[-1]
    assert (first.item_count, first.submitted_count) == (count, count)


@pytest.mark.parametrize("count", [2, 20])
def test_the_agenda_costs_six_queries(forum, nav_leder, count, django_assert_num_queries):
    meetings = _fill(forum, nav_leder, count)
    later = Meeting.objects.get(pk=meetings[-1].pk)
    first = Meeting.objects.get(pk=meetings[0].pk)

    # Items, their actions, their attachments, their escalations, the forum's open actions,
    # late changes.
    with django_assert_num_queries(6):
        agenda = meeting_agenda(first)
    with django_assert_num_queries(6):
        carried = meeting_agenda(later)

    assert len(agenda.rows) == 3 + count
    assert sum(len(r.actions) for r in agenda.rows) == count
    assert len(agenda.submitted) == count
    assert len(carried.carried_actions) == count
    assert Action.objects.count() == count


# --- frequency -----------------------------------------------------------------------------


def _held(forum, day: date):
    starts = at(day.year, day.month, day.day)
    return Meeting.objects.create(
        forum=forum,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        submission_deadline=day,
        status=Meeting.Status.HELD,
    )


def _planned(forum, day: date):
    meeting = _held(forum, day)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.PLANNED)
    return meeting


def test_a_local_forum_with_two_meetings_in_365_days_and_the_next_planned_is_on_track(world):
    forum = forum_for_partnership(partnership=world.partnership)
    _held(forum, date(2026, 3, 2))
    _held(forum, date(2026, 10, 1))
    upcoming = _planned(forum, date(2027, 4, 6))

    status = forum_frequency(forum, date(2027, 3, 1))

    assert (status.required_per_year, status.held_last_12_months) == (2, 2)
    assert status.next_meeting == (upcoming.pk, upcoming.starts_at)
    assert status.behind is False


def test_a_local_forum_falls_behind_when_a_meeting_is_366_days_old(world):
    forum = forum_for_partnership(partnership=world.partnership)
    _held(forum, date(2026, 3, 2))
    _held(forum, date(2026, 10, 1))
    _planned(forum, date(2027, 4, 6))

    status = forum_frequency(forum, date(2027, 3, 2))

    assert (status.held_last_12_months, status.behind) == (1, True)


def test_a_local_forum_with_no_next_meeting_is_behind(world, time_machine):
    time_machine.move_to(at(2026, 11, 2, 12), tick=False)
    forum = forum_for_partnership(partnership=world.partnership)
    _held(forum, date(2026, 3, 2))
    _held(forum, date(2026, 10, 1))
    _held(forum, date(2026, 11, 2))  # held today: counts, but is not a next meeting

    status = forum_frequency(forum)

    assert (status.held_last_12_months, status.next_meeting, status.behind) == (3, None, True)


def test_a_meeting_only_planned_or_invited_does_not_count_as_held(world):
    forum = forum_for_partnership(partnership=world.partnership)
    _planned(forum, date(2026, 3, 2))
    invited = _planned(forum, date(2026, 10, 1))
    Meeting.objects.filter(pk=invited.pk).update(status=Meeting.Status.INVITED)
    _planned(forum, date(2027, 4, 6))

    status = forum_frequency(forum, date(2027, 3, 1))

    assert (status.held_last_12_months, status.behind) == (0, True)


def test_a_forum_with_a_higher_agreed_frequency_needs_more(world):
    forum = forum_for_partnership(partnership=world.partnership)
    Forum.objects.filter(pk=forum.pk).update(meetings_per_year=4)
    forum.refresh_from_db()
    for day in (date(2026, 3, 2), date(2026, 6, 1), date(2026, 10, 1)):
        _held(forum, day)
    _planned(forum, date(2027, 4, 6))

    assert forum_frequency(forum, date(2027, 3, 1)).behind is True
    _held(forum, date(2027, 1, 15))
    assert forum_frequency(forum, date(2027, 3, 1)).behind is False


def test_the_central_committee_needs_three_in_the_last_182_days(world):
    forum = forum_for_partnership(partnership=world.central)
    today = date(2026, 12, 31)
    _held(forum, today - timedelta(days=181))  # the first day of the window
    _held(forum, date(2026, 9, 1))
    _held(forum, date(2026, 11, 1))
    _planned(forum, date(2027, 1, 20))

    on_track = forum_frequency(forum, today)
    a_day_later = forum_frequency(forum, today + timedelta(days=1))

    assert (on_track.required_per_half_year, on_track.held_last_half_year) == (3, 3)
    assert on_track.behind is False
    assert (a_day_later.held_last_half_year, a_day_later.behind) == (2, True)
    assert a_day_later.held_last_12_months == 3


def test_frequency_costs_two_queries(world, django_assert_num_queries):
    forum = forum_for_partnership(partnership=world.partnership)
    forum = Forum.objects.select_related("partnership").get(pk=forum.pk)
    for n in range(5):
        _held(forum, date(2026, 1, 5) + timedelta(days=30 * n))

    # Meetings held in the year, the next meeting.
    with django_assert_num_queries(2):
        forum_frequency(forum, date(2026, 8, 1))


def test_an_item_refers_to_the_points_of_the_agreement_in_force_not_its_revision(
    agreement, municipal_signatory, django_assert_num_queries
):
    # Before one is in force, the newest version's points.
    assert [s.agreement_id for s in agreement_sections(agreement.partnership)] == [
        agreement.pk
    ] * agreement.sections.count()
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.IN_FORCE)
    agreement.refresh_from_db()
    revision = agreement_start_revision(agreement=agreement, user=municipal_signatory)
    assert revision.version == 2

    with django_assert_num_queries(1):
        points = agreement_sections(agreement.partnership)
        # What the services check of a point is there without another query.
        partnerships = {p.agreement.partnership_id for p in points}

    assert {p.agreement_id for p in points} == {agreement.pk}
    assert partnerships == {agreement.partnership_id}
    assert [p.number for p in points] == list(
        agreement.sections.order_by("position").values_list("number", flat=True)
    )
