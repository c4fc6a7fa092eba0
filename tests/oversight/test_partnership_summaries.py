"""The overview's summaries (PartnershipSummary): kept by the services, after each transaction,
for the partnerships it changed. After any sequence of changes made through the services,
and of days passing, every partnership's row read from its summary shows what the same row
computed from scratch shows; summaries_rebuild stores exactly what a refresh stores.

The world is test_overview's: NAV Oslo's central partnership, NAV Grorud (the agreement in
force from 1 January 2026, evaluated every 12 months; its forum) and NAV Frogner."""

import datetime as dt
import logging
import random

import pytest
from django.core.management import call_command
from django.utils import timezone

from agreements.models import Agreement
from agreements.services import agreement_section_approve, agreement_start_revision
from meetings.models import Action, Meeting
from meetings.services import action_add, action_close, meeting_cancel, meeting_mark_held
from oversight.models import PartnershipSummary
from oversight.selectors.overview import (
    SUMMARY_VERSION,
    Listed,
    OverviewRow,
    overview_inputs,
    partnership_overview,
)
from oversight.services.summaries import (
    partnership_summaries_rebuild,
    partnership_summaries_refresh,
)
from oversight.tasks import summaries_rebuild
from oversight.views.overview import row_fingerprint
from partnerships.models import Partnership, Side
from partnerships.services import partnership_changed_register
from tests.meetings import accepted, at, plan
from tests.oversight import meeting_on, put_in_force, write


def partnerships():
    return list(
        Partnership.objects.select_related("office", "municipal_party", "state_party").order_by(
            "pk"
        )
    )


def assert_rows_as_computed_now():
    """Each partnership's row from its summary shows what it shows computed now; a summary
    computed today holds the very inputs computed now."""
    today = timezone.localdate()
    every = partnerships()
    stored = {s.partnership_id: s for s in PartnershipSummary.objects.all()}
    live = overview_inputs(every, today)
    assert set(stored) == {p.pk for p in every}
    for p in every:
        listed = Listed(
            p.pk, p.kind, p.parent_id, str(p), p.state_party.name, p.municipal_party.name
        )
        assert row_fingerprint(OverviewRow(listed, stored[p.pk].inputs, today)) == row_fingerprint(
            OverviewRow(listed, live[p.pk], today)
        ), str(p)
        if stored[p.pk].computed_on == today:
            assert stored[p.pk].inputs == live[p.pk], str(p)


@pytest.fixture
def in_force(approved):
    return put_in_force(approved, since=dt.date(2026, 1, 1), interval=12)


class Steps:
    """What the people of NAV Grorud do, one service call a step, on a clock that moves."""

    def __init__(self, forum, agreement, clock, nav_leder, municipal_signatory, state_editor):
        self.forum, self.agreement, self.clock = forum, agreement, clock
        self.nav_leder = nav_leder
        self.approvers = {Side.MUNICIPAL: municipal_signatory, Side.STATE: state_editor}
        self.draft = None

    def now(self):
        return timezone.localtime()

    def open_meetings(self):
        return Meeting.objects.filter(
            forum=self.forum, status__in=[Meeting.Status.PLANNED, Meeting.Status.INVITED]
        ).order_by("starts_at")

    def plan(self, rng):
        day = self.now() + dt.timedelta(days=rng.randint(1, 60))
        plan(self.forum, self.nav_leder, day.replace(hour=10, minute=0, second=0, microsecond=0))

    def days_pass(self, rng):
        self.clock.move_to(self.now() + dt.timedelta(days=rng.randint(3, 40)), tick=False)

    def hold(self, rng):
        past = self.open_meetings().filter(starts_at__lt=self.now()).first()
        if past:
            meeting_mark_held(meeting=past, user=self.nav_leder, attendance=[])

    def act(self, rng):
        coming = self.open_meetings().filter(starts_at__gt=self.now()).first()
        if coming:
            item = accepted(coming, self.nav_leder, self.nav_leder, title=f"Sak {rng.random()}")
            due = timezone.localdate() + dt.timedelta(days=rng.randint(-5, 30))
            action_add(item=item, user=self.nav_leder, description="Følge opp", owner="NAV-leder",
                       due_date=due)  # fmt: skip

    def close(self, rng):
        action = Action.objects.filter(status=Action.Status.OPEN).order_by("?").first()
        if action:
            action_close(action=action, user=self.nav_leder)

    def cancel(self, rng):
        coming = self.open_meetings().filter(starts_at__gt=self.now()).last()
        if coming:
            meeting_cancel(meeting=coming, user=self.nav_leder, reason="Flyttes")

    def revise(self, rng):
        if self.draft is None:
            self.draft = agreement_start_revision(agreement=self.agreement, user=self.nav_leder)

    def write(self, rng):
        if self.draft is not None:
            section = rng.choice(list(self.draft.sections.order_by("pk")))
            write(section, self.nav_leder, f"<p>Ny tekst {rng.random()}</p>")

    def approve(self, rng):
        if self.draft is not None:
            section = rng.choice(list(self.draft.sections.order_by("pk")))
            side = rng.choice(list(self.approvers))
            if not section.approvals.filter(side=side).exists():
                agreement_section_approve(section=section, user=self.approvers[side], side=side)


STEPS = ["plan", "plan", "days_pass", "hold", "act", "act", "close", "cancel", "revise",
         "write", "approve"]  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_any_changes_the_summaries_show_what_a_computation_shows(
    seed,
    world,
    forum,
    in_force,
    clock,
    nav_leder,
    municipal_signatory,
    state_editor,
    django_capture_on_commit_callbacks,
):
    partnership_summaries_rebuild()  # the fixtures were made partly without the services
    steps = Steps(forum, in_force, clock, nav_leder, municipal_signatory, state_editor)
    rng = random.Random(seed)
    done = []
    for _ in range(25):
        name = rng.choice(STEPS)
        with django_capture_on_commit_callbacks(execute=True):
            getattr(steps, name)(rng)
        done.append(name)
        assert_rows_as_computed_now()

    # The services changed what the overview shows (not a sequence that changed nothing).
    grorud = PartnershipSummary.objects.get(partnership=world.partnership).inputs
    assert grorud["held"] or grorud["upcoming"] or grorud["actions"], done
    kept = dict(PartnershipSummary.objects.values_list("partnership_id", "inputs"))
    same_day = {s.computed_on for s in PartnershipSummary.objects.all()} == {timezone.localdate()}
    assert partnership_summaries_rebuild() == 3
    if same_day:  # all computed today: a rebuild stores the very same inputs
        assert dict(PartnershipSummary.objects.values_list("partnership_id", "inputs")) == kept
    assert_rows_as_computed_now()


def test_the_services_refresh_only_after_their_transaction_and_once(
    world, forum, clock, nav_leder, django_capture_on_commit_callbacks
):
    partnership_summaries_rebuild()
    meeting = plan(forum, nav_leder, at(2026, 3, 2))
    PartnershipSummary.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        item = accepted(meeting, nav_leder, nav_leder)
        action_add(item=item, user=nav_leder, description="Følge opp", owner="NAV-leder",
                   due_date=dt.date(2026, 2, 20))  # fmt: skip
    assert not PartnershipSummary.objects.exists()  # not before the commit

    for callback in callbacks:
        callback()
    (summary,) = PartnershipSummary.objects.all()  # one partnership, the forum's
    assert summary.partnership_id == world.partnership.pk
    assert summary.inputs["actions"] == ["2026-02-20"]
    ((pk, starts),) = summary.inputs["upcoming"]
    assert (pk, dt.datetime.fromisoformat(starts)) == (meeting.pk, meeting.starts_at)


def test_a_failing_summary_leaves_the_change_made_and_is_logged(
    world, forum, clock, nav_leder, django_capture_on_commit_callbacks, caplog
):
    def broken(*, partnership_ids):
        raise RuntimeError("summary store down")

    partnership_changed_register(key="oversight.summaries", hook=broken)
    try:
        with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
            meeting = plan(forum, nav_leder, at(2026, 3, 2))
    finally:
        partnership_changed_register(key="oversight.summaries", hook=partnership_summaries_refresh)
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert "summary store down" in caplog.text


def test_the_overview_reads_the_summary_from_an_earlier_day_for_today(
    world, forum, in_force, clock, nav_leder, state_signatory
):
    # Kept on 2 February: a meeting on 2 March, an action due 20 February.
    meeting = plan(forum, nav_leder, at(2026, 3, 2))
    item = accepted(meeting, nav_leder, nav_leder)
    action_add(item=item, user=nav_leder, description="Følge opp", owner="NAV-leder",
               due_date=dt.date(2026, 2, 20))  # fmt: skip
    partnership_summaries_rebuild()
    before = {r.listed.name: r for r in partnership_overview(state_signatory)}
    assert before["NAV Grorud"].overdue_actions == 0
    assert before["NAV Grorud"].next_meeting.pk == meeting.pk

    # 5 March: nothing stored has changed; the action is overdue and no meeting is coming.
    clock.move_to(at(2026, 3, 5, 12), tick=False)
    after = {r.listed.name: r for r in partnership_overview(state_signatory)}
    assert after["NAV Grorud"].overdue_actions == 1
    assert after["NAV Grorud"].next_meeting is None
    assert after["NAV Grorud"].behind
    assert PartnershipSummary.objects.get(partnership=world.partnership).computed_on == (
        dt.date(2026, 2, 2)
    )
    assert_rows_as_computed_now()


def test_a_summary_of_another_shape_or_from_a_later_day_is_not_read(
    world, forum, in_force, clock, nav_leder, state_signatory
):
    partnership_summaries_rebuild()
    summary = PartnershipSummary.objects.get(partnership=world.partnership)
    wrong = {**summary.inputs, "agreement": [in_force.pk, 99, "draft", None]}
    PartnershipSummary.objects.filter(pk=summary.pk).update(
        inputs=wrong, version=SUMMARY_VERSION + 1
    )
    row = {r.listed.name: r for r in partnership_overview(state_signatory)}["NAV Grorud"]
    assert row.agreement.version == 1

    PartnershipSummary.objects.filter(pk=summary.pk).update(
        version=SUMMARY_VERSION, computed_on=dt.date(2026, 2, 3)
    )
    row = {r.listed.name: r for r in partnership_overview(state_signatory)}["NAV Grorud"]
    assert row.agreement.version == 1

    PartnershipSummary.objects.filter(pk=summary.pk).update(computed_on=dt.date(2026, 2, 2))
    row = {r.listed.name: r for r in partnership_overview(state_signatory)}["NAV Grorud"]
    assert row.agreement.version == 99  # (how a stale one would show)


def test_the_stored_frequency_is_read_on_its_day_and_worked_out_on_another(
    world, forum, in_force, clock, state_signatory
):
    """A summary keeps how the forum keeps the agreed frequency for the day it was computed
    on; on that day a row reads it, on a later day (or from a summary stored before it was
    kept) the row works it out from the stored meetings, as a computation now does."""
    meeting_on(forum, dt.date(2026, 1, 20))
    partnership_summaries_rebuild()
    summary = PartnershipSummary.objects.get(partnership=world.partnership)
    assert summary.inputs["frequency_on"] == "2026-02-02"
    required, held, following, behind, *_half = summary.inputs["frequency"]
    assert (held, following, behind) == (1, None, True)

    # What is read on its day is what is stored (a planted value shows).
    planted = {**summary.inputs, "frequency": [required, 7, None, False, None, None]}
    PartnershipSummary.objects.filter(pk=summary.pk).update(inputs=planted)
    row = {r.listed.name: r for r in partnership_overview(state_signatory)}["NAV Grorud"]
    assert (row.frequency.held_last_12_months, row.behind) == (7, False)

    # Without it, or on a later day, worked out from the meetings.
    older = {k: v for k, v in summary.inputs.items() if not k.startswith("frequency")}
    PartnershipSummary.objects.filter(pk=summary.pk).update(inputs=older)
    row = {r.listed.name: r for r in partnership_overview(state_signatory)}["NAV Grorud"]
    assert (row.frequency.held_last_12_months, row.behind) == (1, True)
    PartnershipSummary.objects.filter(pk=summary.pk).update(inputs=planted)
    clock.move_to(at(2026, 2, 3, 12), tick=False)
    row = {r.listed.name: r for r in partnership_overview(state_signatory)}["NAV Grorud"]
    assert (row.frequency.held_last_12_months, row.behind) == (1, True)
    assert_rows_as_computed_now()


def test_a_central_partnerships_change_refreshes_its_local_ones(world, forum):
    # A bydel without its own point 3.1 follows the central agreement's.
    assert set(Partnership.objects.filter(parent=world.central)) == {
        world.partnership,
        world.other_partnership,
    }
    partnership_summaries_refresh(partnership_ids=[world.central.pk])

    assert set(PartnershipSummary.objects.values_list("partnership_id", flat=True)) == {
        world.central.pk,
        world.partnership.pk,
        world.other_partnership.pk,
    }


def test_summaries_rebuild_computes_every_partnership(world, forum, in_force, capsys):
    call_command("summaries_rebuild")

    assert "3 partnership summaries computed" in capsys.readouterr().out
    assert PartnershipSummary.objects.count() == 3
    assert_rows_as_computed_now()
    assert Agreement.objects.get(pk=in_force.pk).status == Agreement.Status.IN_FORCE


def test_the_nightly_task_mends_a_summary_whose_refresh_failed(
    settings, world, forum, in_force, nav_leder, state_signatory
):
    partnership_summaries_rebuild()
    # A change whose refresh did not happen (the hook failed, or a bulk change): the meeting
    # is not in the stored summary.
    meeting = plan(forum, nav_leder, at(2026, 3, 2))
    grorud = {r.listed.name: r for r in partnership_overview(state_signatory)}["NAV Grorud"]
    assert grorud.next_meeting is None

    assert summaries_rebuild.delay().get() == 3

    grorud = {r.listed.name: r for r in partnership_overview(state_signatory)}["NAV Grorud"]
    assert grorud.next_meeting.pk == meeting.pk
    assert settings.CELERY_BEAT_SCHEDULE["overview-summaries"]["task"] == summaries_rebuild.name
