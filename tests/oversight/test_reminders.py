"""The daily reminders: each rule tried with the clock frozen on either side of its
thresholds; told once per occasion however often the job runs (one notification, one
e-mail); each user's choices respected; nobody who may not see the partnership told; and
the Celery task and the cron command both doing it.

Grorud's people (tests/conftest.py): the bydelsdirektør (municipal signatory), a state
editor, the NAV-leder (secretary), a read-only verneombud, and an outsider from Frogner;
here also the county's director (state signatory for all of NAV Oslo) and an editor for the
whole of Oslo kommune (Grorud is one of its bydeler)."""

import datetime as dt
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext

from agreements.models import Agreement, AgreementSection, SectionApproval
from agreements.services import (
    agreement_section_approve,
    agreement_start_revision,
)
from meetings.models import Action, AgendaItem, Forum, ForumMember, Meeting
from meetings.services import forum_member_add
from oversight.models import Kind, Notification, Preferences
from oversight.selectors.reminders import due_reminders, threshold
from oversight.services.notifications import reminders_send
from oversight.tasks import send_reminders
from partnerships.models import Membership
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.meetings import at, plan
from tests.oversight import meeting_on, put_in_force, told, who, write

Side, Role = Membership.Side, Membership.Role
MUNICIPAL, STATE = Side.MUNICIPAL, Side.STATE
ENDS = dt.date(2027, 6, 30)
EVALUATION = dt.date(2026, 7, 1)  # six months after 1 January 2026


@pytest.fixture
def run(clock, django_capture_on_commit_callbacks):
    """Run the job on a day (at 06:00 in Oslo, as beat does), e-mail included."""

    def run(day: dt.date) -> int:
        clock.move_to(at(day.year, day.month, day.day, 6), tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_send()

    return run


@pytest.fixture
def oslo_editor(world):
    user = UserFactory(username="kommuneradgiver")
    MembershipFactory(user=user, municipality=world.oslo, side=Side.MUNICIPAL, role=Role.EDITOR)
    return user


@pytest.fixture
def people(
    municipal_signatory, state_editor, nav_leder, reader, outsider, state_signatory, oslo_editor
):
    """Everyone, so that a reminder that reaches the wrong person shows."""


@pytest.fixture
def in_force(clock, agreement, people):
    """Grorud's agreement in force from 1 January 2026 to 30 June 2027, to be evaluated
    after six months."""
    return put_in_force(agreement, since=dt.date(2026, 1, 1), valid_to=ENDS, interval=6)


def mails_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


def test_thresholds():
    assert [threshold(d) for d in (91, 90, 31, 30, 1, 0, -1)] == [None, 90, 90, 30, 30, 30, None]


# --- the agreement's last day and its evaluation -------------------------------------------


@pytest.mark.parametrize(
    "kind, day, what",
    [(Kind.AGREEMENT_EXPIRING, ENDS, "ends"), (Kind.EVALUATION_DUE, EVALUATION, "evaluation")],
)
@pytest.mark.parametrize(
    "days_before, expected", [(91, None), (90, 90), (31, 90), (30, 30), (0, 30), (-1, None)]
)
def test_agreement_reminders_at_90_and_30_days(
    run, in_force, nav_leder, kind, day, what, days_before, expected
):
    run(day - timedelta(days=days_before))

    occasions = {occasion for _user, occasion in told(kind)}
    if expected is None:
        assert occasions == set()
    else:
        assert occasions == {f"agreement:{in_force.pk}:{what}:{day.isoformat()}:{expected}"}
        message = Notification.objects.filter(kind=kind, user=nav_leder).get().message
        assert "NAV Grorud" in message and day.strftime("%d.%m.%Y") in message


def test_each_threshold_is_told_once_and_a_missed_day_90_is_caught_up(run, in_force, nav_leder):
    for days_before in (75, 60, 31, 29, 10, 0):  # the job never ran on day 90 or day 30
        run(ENDS - timedelta(days=days_before))

    assert {o for u, o in told(Kind.AGREEMENT_EXPIRING) if u == nav_leder.username} == {
        f"agreement:{in_force.pk}:ends:{ENDS.isoformat()}:90",
        f"agreement:{in_force.pk}:ends:{ENDS.isoformat()}:30",
    }


def test_within_30_days_only_the_30_day_reminder_is_sent(run, in_force):
    run(ENDS - timedelta(days=20))

    assert {o for _u, o in told(Kind.AGREEMENT_EXPIRING)} == {
        f"agreement:{in_force.pk}:ends:{ENDS.isoformat()}:30"
    }


def test_agreement_reminders_go_to_editors_signatories_and_the_nav_leder(run, in_force):
    inactive = UserFactory(username="sluttet", is_active=False)
    MembershipFactory(
        user=inactive, partnership=in_force.partnership, side=Side.STATE, role=Role.EDITOR
    )

    run(ENDS - timedelta(days=30))

    assert who(Kind.AGREEMENT_EXPIRING) == {
        "bydelsdirektor",  # municipal signatory of Grorud
        "radgiver.nav",  # state editor of Grorud
        "navleder",  # the NAV-leder, Grorud's secretary
        "fylkesdirektor",  # state signatory for the whole county
        "kommuneradgiver",  # editor for Oslo kommune, which Grorud is part of
    }  # not the read-only verneombud, not Frogner's director, not an inactive user


def test_a_revision_under_way_is_the_evaluation_so_none_is_due(run, in_force, nav_leder):
    agreement_start_revision(agreement=in_force, user=nav_leder)

    run(EVALUATION - timedelta(days=30))

    assert told(Kind.EVALUATION_DUE) == set()


def test_an_agreement_being_negotiated_has_no_deadline_reminders(run, agreement, people):
    Agreement.objects.filter(pk=agreement.pk).update(valid_to=ENDS)

    run(ENDS - timedelta(days=30))

    assert told(Kind.AGREEMENT_EXPIRING) == set()


def test_notice_that_moves_the_last_day_earns_reminders_for_the_new_day(run, in_force):
    run(ENDS - timedelta(days=30))
    notice_ends = ENDS - timedelta(days=20)
    Agreement.objects.filter(pk=in_force.pk).update(terminates_on=notice_ends)

    run(ENDS - timedelta(days=29))

    assert {o for _u, o in told(Kind.AGREEMENT_EXPIRING)} == {
        f"agreement:{in_force.pk}:ends:{ENDS.isoformat()}:30",
        f"agreement:{in_force.pk}:ends:{notice_ends.isoformat()}:30",
    }


# --- told once, by e-mail as each prefers --------------------------------------------------


def test_running_twice_tells_once_in_navpartner_and_by_e_mail(run, in_force, nav_leder, settings):
    settings.NAVPARTNER_BASE_URL = "https://navpartner.example.no"
    day = ENDS - timedelta(days=30)

    first = run(day)
    second = run(day)

    assert first == 5 and second == 0
    assert Notification.objects.filter(user=nav_leder, kind=Kind.AGREEMENT_EXPIRING).count() == 1
    [message] = mails_to(nav_leder)
    assert f"https://navpartner.example.no/avtaler/{in_force.pk}/" in message.body
    assert "https://navpartner.example.no/varsler/innstillinger/" in message.body
    assert "NAV Grorud" in message.body and "\n" not in message.subject
    assert Notification.objects.get(user=nav_leder).emailed_at is not None
    assert len(mail.outbox) == 5


def test_each_users_choices_are_respected(
    run, in_force, nav_leder, state_editor, municipal_signatory, state_signatory
):
    kind = Kind.AGREEMENT_EXPIRING
    Preferences.objects.create(user=nav_leder, email_off=[kind])
    Preferences.objects.create(user=state_editor, app_off=[kind])
    Preferences.objects.create(user=municipal_signatory, app_off=[kind], email_off=[kind])
    Preferences.objects.create(user=state_signatory, email_off=[Kind.EVALUATION_DUE])
    type(state_signatory).objects.filter(pk=state_signatory.pk).update(email="")

    run(ENDS - timedelta(days=30))

    # In navpartner only.
    assert Notification.objects.get(user=nav_leder, kind=kind).read_at is None
    assert mails_to(nav_leder) == []
    # By e-mail only: made read, so it is neither listed nor counted, and e-mailed once.
    assert Notification.objects.get(user=state_editor, kind=kind).read_at is not None
    assert len(mails_to(state_editor)) == 1
    # Neither.
    assert not Notification.objects.filter(user=municipal_signatory).exists()
    assert mails_to(municipal_signatory) == []
    # No address: told in navpartner only.
    assert Notification.objects.filter(user=state_signatory, kind=kind).exists()
    assert all(m.to != [""] for m in mail.outbox)


def test_the_message_is_in_bokmal_whatever_language_is_active(run, in_force, nav_leder):
    with translation.override("en"):
        run(ENDS - timedelta(days=30))
    with translation.override(settings.LANGUAGE_CODE):
        expected = gettext("The partnership agreement for %(partnership)s ends on %(date)s.") % {
            "partnership": "NAV Grorud",
            "date": ENDS.strftime("%d.%m.%Y"),
        }
    assert Notification.objects.get(user=nav_leder).message == expected


# --- forums behind their agreed frequency --------------------------------------------------


@pytest.fixture
def chaired_forum(forum, municipal_signatory, state_editor, nav_leder, people):
    """Grorud's forum (two meetings a year): the NAV-leder its secretary, the bydelsdirektør
    its chair, the state editor and the verneombud members."""
    forum_member_add(forum=forum, user=state_editor, role=ForumMember.Role.MEMBER, actor=nav_leder)
    ForumMember.objects.filter(forum=forum, user=municipal_signatory).update(
        role=ForumMember.Role.CHAIR
    )
    return forum


def test_a_forum_that_falls_behind_is_told_to_its_secretary_and_chair_once_a_month(
    run, chaired_forum, nav_leder
):
    meeting_on(chaired_forum, dt.date(2025, 6, 1))
    meeting_on(chaired_forum, dt.date(2025, 12, 1))
    plan(chaired_forum, nav_leder, at(2026, 6, 1))

    run(dt.date(2026, 5, 31))  # both held meetings within the last 365 days, one planned
    assert told(Kind.FORUM_BEHIND) == set()

    run(dt.date(2026, 6, 1))  # the first has left the window: one held, two agreed
    assert told(Kind.FORUM_BEHIND) == {
        ("navleder", f"forum:{chaired_forum.pk}:behind:2026-06"),
        ("bydelsdirektor", f"forum:{chaired_forum.pk}:behind:2026-06"),
    }  # the secretary and the chair, not the members
    message = Notification.objects.filter(kind=Kind.FORUM_BEHIND).first().message
    assert chaired_forum.name in message

    run(dt.date(2026, 6, 20))
    assert len(told(Kind.FORUM_BEHIND)) == 2
    run(dt.date(2026, 7, 1))
    assert len(told(Kind.FORUM_BEHIND)) == 4


def test_a_forum_without_a_next_meeting_is_behind(run, chaired_forum):
    meeting_on(chaired_forum, dt.date(2025, 9, 1))
    meeting_on(chaired_forum, dt.date(2026, 1, 15))

    run(dt.date(2026, 2, 2))

    assert who(Kind.FORUM_BEHIND) == {"navleder", "bydelsdirektor"}


# --- the submission deadline ---------------------------------------------------------------


@pytest.mark.parametrize("days_before, expected", [(4, False), (3, True), (0, True), (-1, False)])
def test_members_are_reminded_from_3_days_before_items_are_due(
    run, chaired_forum, nav_leder, days_before, expected
):
    meeting = plan(chaired_forum, nav_leder, at(2026, 3, 10))  # items due 24 February
    assert meeting.submission_deadline == dt.date(2026, 2, 24)

    run(meeting.submission_deadline - timedelta(days=days_before))

    if expected:
        assert told(Kind.SUBMISSION_DEADLINE) == {
            (name, f"meeting:{meeting.pk}:submission:2026-02-24")
            for name in ("navleder", "bydelsdirektor", "radgiver.nav", "verneombud")
        }
    else:
        assert told(Kind.SUBMISSION_DEADLINE) == set()


def test_the_deadline_reminder_skips_invited_guests_and_those_no_longer_in_the_partnership(
    run, world, chaired_forum, nav_leder
):
    guest, former = UserFactory(username="gjest"), UserFactory(username="tidligere")
    for user in (guest, former):
        MembershipFactory(
            user=user, partnership=world.partnership, side=Side.OFFICE, role=Role.MEMBER
        )
    ForumMember.objects.create(forum=chaired_forum, user=guest, role=ForumMember.Role.INVITED)
    ForumMember.objects.create(forum=chaired_forum, user=former, role=ForumMember.Role.MEMBER)
    Membership.objects.filter(user=former).delete()
    meeting = plan(chaired_forum, nav_leder, at(2026, 3, 10))

    run(dt.date(2026, 2, 22))
    run(dt.date(2026, 2, 24))

    assert who(Kind.SUBMISSION_DEADLINE) == {
        "navleder",
        "bydelsdirektor",
        "radgiver.nav",
        "verneombud",
    }
    assert len(told(Kind.SUBMISSION_DEADLINE)) == 4  # once each, though it ran twice
    assert meeting.pk


def test_a_held_meeting_needs_no_items(run, chaired_forum, nav_leder):
    meeting = plan(chaired_forum, nav_leder, at(2026, 3, 10))
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)

    run(dt.date(2026, 2, 23))

    assert told(Kind.SUBMISSION_DEADLINE) == set()


# --- actions -------------------------------------------------------------------------------


DUE = dt.date(2026, 3, 20)


@pytest.fixture
def action(chaired_forum, nav_leder):
    meeting = plan(chaired_forum, nav_leder, at(2026, 2, 20))
    item = AgendaItem.objects.create(
        forum=chaired_forum,
        meeting=meeting,
        title="Ungdomsgarantien",
        status=AgendaItem.Status.ACCEPTED,
    )
    return Action.objects.create(
        item=item, description="Lage tiltaksplan", owner="Kari Nordmann", due_date=DUE
    )


@pytest.mark.parametrize(
    "days_before, expected",
    [(8, None), (7, Kind.ACTION_DUE), (0, Kind.ACTION_DUE), (-1, Kind.ACTION_OVERDUE)],
)
def test_the_secretary_is_reminded_of_actions_due_in_7_days_and_overdue(
    run, action, days_before, expected
):
    run(DUE - timedelta(days=days_before))

    for kind, what in ((Kind.ACTION_DUE, "due"), (Kind.ACTION_OVERDUE, "overdue")):
        if kind == expected:
            assert told(kind) == {("navleder", f"action:{action.pk}:{what}:2026-03-20")}
        else:
            assert told(kind) == set()


def test_an_action_is_reminded_of_once_when_due_and_once_when_overdue(run, action):
    for days_before in (7, 3, 0, -1, -30):
        run(DUE - timedelta(days=days_before))

    assert len(told(Kind.ACTION_DUE)) == len(told(Kind.ACTION_OVERDUE)) == 1
    message = Notification.objects.get(kind=Kind.ACTION_OVERDUE).message
    assert "Lage tiltaksplan" in message and "Kari Nordmann" in message
    # The subject (the message's start) says where and what, not only "an action".
    assert message.startswith(f"{action.item.forum.name}: oppfølgingspunktet «Lage tiltaksplan»")


def test_a_done_action_is_not_reminded_of(run, action):
    Action.objects.filter(pk=action.pk).update(status=Action.Status.DONE)

    run(DUE)

    assert told(Kind.ACTION_DUE) == set()


# --- approvals waiting for the other side --------------------------------------------------


@pytest.fixture
def waiting(clock, agreement, people, nav_leder, municipal_signatory):
    """Three sections the municipal side approved on 2 February 2026."""
    sections = [write(agreement.sections.get(number=n), nav_leder) for n in ("2.0", "3.0", "4.0")]
    for section in sections:
        agreement_section_approve(section=section, user=municipal_signatory, side=MUNICIPAL)
    return sections


def test_a_side_is_reminded_once_sections_wait_more_than_14_days(run, agreement, waiting):
    run(dt.date(2026, 2, 16))  # 14 days
    assert told(Kind.APPROVAL_WAITING) == set()

    run(dt.date(2026, 2, 17))  # 15 days
    occasion = f"agreement:{agreement.pk}:waiting:state:2026-02-02"
    assert told(Kind.APPROVAL_WAITING) == {
        ("radgiver.nav", occasion),
        ("fylkesdirektor", occasion),
    }  # those who may approve for the state; not the municipal side, nor the NAV-leder
    assert "3" in Notification.objects.filter(kind=Kind.APPROVAL_WAITING).first().message

    run(dt.date(2026, 2, 24))
    assert len(told(Kind.APPROVAL_WAITING)) == 2  # one reminder for the batch, once


def test_sections_the_other_side_approved_are_not_waiting(run, waiting, state_editor):
    for section in waiting:
        agreement_section_approve(section=section, user=state_editor, side=STATE)

    run(dt.date(2026, 3, 1))

    assert told(Kind.APPROVAL_WAITING) == set()


def test_a_later_batch_of_approvals_is_a_new_reminder(
    run, clock, agreement, waiting, nav_leder, municipal_signatory
):
    run(dt.date(2026, 2, 17))
    clock.move_to(at(2026, 2, 20, 12), tick=False)
    later = write(agreement.sections.get(number="5.0"), nav_leder)
    agreement_section_approve(section=later, user=municipal_signatory, side=MUNICIPAL)

    run(dt.date(2026, 3, 6))  # the later approval has waited 14 days
    assert len(told(Kind.APPROVAL_WAITING)) == 2
    run(dt.date(2026, 3, 7))
    assert {o for _u, o in told(Kind.APPROVAL_WAITING)} == {
        f"agreement:{agreement.pk}:waiting:state:2026-02-02",
        f"agreement:{agreement.pk}:waiting:state:2026-02-20",
    }


# --- the task, the command, the schedule ---------------------------------------------------


def test_the_celery_task_sends_what_is_due_today(
    clock, in_force, django_capture_on_commit_callbacks
):
    clock.move_to(at(2027, 5, 31, 6), tick=False)

    with django_capture_on_commit_callbacks(execute=True):
        told_now = send_reminders.delay().get()
    with django_capture_on_commit_callbacks(execute=True):
        told_again = send_reminders.delay().get()

    assert (told_now, told_again) == (5, 0)
    assert len(mail.outbox) == 5
    schedule = settings.CELERY_BEAT_SCHEDULE["send-reminders"]
    assert schedule["task"] == send_reminders.name


def test_the_command_sends_what_was_due_on_a_given_day(
    in_force, django_capture_on_commit_callbacks
):
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2027-05-31", stdout=out)
        call_command("send_reminders", "--date", "2027-05-31", stdout=out)

    assert out.getvalue().splitlines() == ["5 reminder(s) sent.", "0 reminder(s) sent."]
    assert len(mail.outbox) == 5
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "31.05.2027")


# --- cost ----------------------------------------------------------------------------------


def _everything_due(veileder, today: dt.date) -> None:
    """A partnership with one of everything due on `today`: an agreement ending in 30 days,
    a revision with a section waiting 15 days for the state, a forum behind with a meeting
    whose items are due and an action due, and people to tell."""
    partnership = PartnershipFactory()
    users = [UserFactory() for _ in range(3)]
    for user, side, role in zip(
        users,
        (Side.MUNICIPAL, Side.STATE, Side.OFFICE),
        (Role.SIGNATORY, Role.EDITOR, Role.SECRETARY),
        strict=True,
    ):
        MembershipFactory(user=user, partnership=partnership, side=side, role=role)
    Agreement.objects.create(
        partnership=partnership,
        template=veileder,
        version=1,
        status=Agreement.Status.IN_FORCE,
        in_force_from=today - timedelta(days=300),
        valid_to=today + timedelta(days=30),
    )
    revision = Agreement.objects.create(
        partnership=partnership, template=veileder, version=2, status=Agreement.Status.NEGOTIATION
    )
    section = AgreementSection.objects.create(
        agreement=revision, number="2.0", title="Mål", position=1, body="<p>Mål.</p>"
    )
    SectionApproval.objects.create(
        section=section,
        side=MUNICIPAL,
        approved_by=users[0],
        section_revision=1,
        approved_at=at(today.year, today.month, today.day) - timedelta(days=15),
    )
    forum = Forum.objects.create(partnership=partnership, meetings_per_year=2)
    for user, role in zip(
        users,
        (ForumMember.Role.CHAIR, ForumMember.Role.MEMBER, ForumMember.Role.SECRETARY),
        strict=True,
    ):
        ForumMember.objects.create(forum=forum, user=user, role=role)
    starts = at(today.year, today.month, today.day) + timedelta(days=16)
    meeting = Meeting.objects.create(
        forum=forum,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        submission_deadline=today + timedelta(days=2),
    )
    item = AgendaItem.objects.create(
        forum=forum, meeting=meeting, title="Sak", status=AgendaItem.Status.ACCEPTED
    )
    Action.objects.create(item=item, description="Gjøre", owner="Kari", due_date=today)


@pytest.mark.parametrize("partnerships", [1, 4])
def test_finding_the_reminders_costs_eleven_queries_however_much_is_due(
    clock, veileder, partnerships, django_assert_num_queries
):
    today = dt.date(2026, 2, 2)
    for _n in range(partnerships):
        _everything_due(veileder, today)

    # agreements in force or signed, their 9.0 sections, waiting approvals, forums, point 3.1
    # of the agreements in force, their meetings of the year, meetings near their deadline,
    # actions due, forum members, covered municipalities, memberships
    with django_assert_num_queries(11):
        reminders = due_reminders(today)

    kinds = {r.kind for r in reminders}
    assert kinds == {
        Kind.AGREEMENT_EXPIRING,
        Kind.APPROVAL_WAITING,
        Kind.FORUM_BEHIND,
        Kind.SUBMISSION_DEADLINE,
        Kind.ACTION_DUE,
    }
    # 3 editors + 1 state approver + secretary and chair + 3 members + the secretary
    assert len(reminders) == partnerships * (3 + 1 + 2 + 3 + 1)
