"""The overview's rows come from the cache when nothing they show has changed: after each
change, in the data or in the day, the page shows exactly what it shows rendered from scratch,
and the change is seen.

Time starts on Monday 15 June 2026, noon in Oslo; the world is the one of test_overview.py
(NAV Oslo's central partnership, NAV Grorud, NAV Frogner)."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.services import agreement_start_revision
from meetings.models import Action, AgendaItem, Meeting
from meetings.services import forum_for_partnership
from navpartner import cached_rows as rows_module
from partnerships.models import Office
from tests.meetings import at
from tests.oversight import meeting_on, put_in_force

URL = "/oversikt/"
ROW = re.compile(r'<tr data-testid="overview-row".*?</tr>', re.S)


@pytest.fixture(autouse=True)
def midsummer(clock):
    clock.move_to(at(2026, 6, 15, 12), tick=False)
    return clock


def rows(client) -> list[str]:
    page = client.get(URL)
    assert page.status_code == 200
    return ROW.findall(page.content.decode())


def grorud(found: list[str], world) -> str:
    (row,) = [r for r in found if f'data-partnership="{world.partnership.pk}"' in r]
    return row


def test_each_change_is_shown_as_a_fresh_render_shows_it(
    client, world, approved, state_signatory, nav_leder, clock
):
    client.force_login(state_signatory)
    forum = forum_for_partnership(partnership=world.partnership)

    def overdue_action():
        held = meeting_on(forum, dt.date(2026, 3, 2))
        item = AgendaItem.objects.create(
            forum=forum, meeting=held, title="Husleie", status=AgendaItem.Status.ACCEPTED
        )
        Action.objects.create(
            item=item, description="Arealoversikt", owner="NAV-leder", due_date=dt.date(2026, 5, 1)
        )

    changes = {
        "agreement in force, evaluation due": lambda: put_in_force(
            approved, since=dt.date(2025, 6, 20), interval=12
        ),
        "a meeting held": lambda: meeting_on(forum, dt.date(2026, 6, 1)),
        "a meeting planned": lambda: meeting_on(forum, dt.date(2026, 9, 1), Meeting.Status.PLANNED),
        "the meeting planned moved": lambda: Meeting.objects.filter(
            forum=forum, status=Meeting.Status.PLANNED
        ).update(starts_at=at(2026, 9, 8), ends_at=at(2026, 9, 8, 12)),
        "an action overdue": overdue_action,
        # Nothing stored changes, and the quarter is the same: the evaluation (20 June) is now
        # overdue, not coming up.
        "a new day": lambda: (
            clock.move_to(at(2026, 6, 21, 12), tick=False),
            client.force_login(state_signatory),  # the session has timed out meanwhile
        ),
        "a revision started": lambda: agreement_start_revision(agreement=approved, user=nav_leder),
        "the office renamed": lambda: Office.objects.filter(pk=world.partnership.office_id).update(
            name="NAV Groruddalen"
        ),
    }
    before = rows(client)
    for change, make in changes.items():
        make()
        cached = rows(client)
        cache.clear()
        fresh = rows(client)
        assert cached == fresh, change
        assert grorud(fresh, world) != grorud(before, world), f"{change}: not seen"
        before = fresh


def test_a_row_is_rendered_once_and_then_read_from_the_cache(
    client, world, state_signatory, monkeypatch
):
    client.force_login(state_signatory)
    cache.clear()
    rendered = []
    render = rows_module.render_to_string
    monkeypatch.setattr(
        rows_module,
        "render_to_string",
        lambda name, context: rendered.append(name) or render(name, context),
    )
    first = rows(client)
    assert len(first) == len(rendered) == 3
    assert rows(client) == first
    assert len(rendered) == 3, "the second view rendered rows again"


def test_each_language_has_its_own_rows(client, world, state_signatory):
    client.force_login(state_signatory)
    nb = "".join(rows(client))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    en = "".join(rows(client))
    assert "Ingen avtale ennå" in nb
    assert "No agreement yet" in en
    assert "Ingen avtale ennå" not in en


def test_the_cache_adds_no_query(client, world, state_signatory):
    client.force_login(state_signatory)
    rows(client)
    with CaptureQueriesContext(connection) as warm:
        rows(client)
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        rows(client)
    assert len(warm) == len(cold)
