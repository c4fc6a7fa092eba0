"""The overview's summaries on PostgreSQL, with real transactions: a service's commit stores
the partnership's summary (the hook after commit, an upsert), a rolled-back one does not, and
a second change replaces the stored row."""

import datetime as dt

import pytest
from django.db import transaction

from meetings.services import meeting_cancel
from oversight.models import PartnershipSummary
from tests.meetings import at, plan

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_commit_stores_the_summary_and_a_rollback_does_not(world, forum, clock, nav_leder):
    PartnershipSummary.objects.all().delete()  # what the fixtures' services stored

    with pytest.raises(RuntimeError), transaction.atomic():
        plan(forum, nav_leder, at(2026, 3, 2))
        raise RuntimeError("the user's request failed after the write")
    assert not PartnershipSummary.objects.exists()

    meeting = plan(forum, nav_leder, at(2026, 3, 9))
    (summary,) = PartnershipSummary.objects.all()
    assert summary.partnership_id == world.partnership.pk
    ((pk, starts),) = summary.inputs["upcoming"]
    assert (pk, dt.datetime.fromisoformat(starts)) == (meeting.pk, meeting.starts_at)

    meeting_cancel(meeting=meeting, user=nav_leder, reason="Flyttes")
    (summary,) = PartnershipSummary.objects.all()  # the same row, replaced
    assert summary.inputs["upcoming"] == []
