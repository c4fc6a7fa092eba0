"""Migrations 0004–0006 on a database from before them: every partnership gets its forum, and
each stored event text (written in Norwegian or English) becomes a kind with its facts, so it
is said in the reader's language; going back writes the texts again."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from meetings.models import event_text

BEFORE = [("meetings", "0003_forum_partnership_from_partnerships_app")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


# (stored text, kind, params) of events written before 0005.
STORED = [
    ("Møteforum opprettet", "forum_created", {}),
    (
        "Medlem lagt til: Kari Nordmann (Fast medlem)",
        "member_added",
        {"name": "Kari Nordmann", "role": "member"},
    ),
    (
        "Member removed: Ola Nordmann (Secretary)",
        "member_removed",
        {"name": "Ola Nordmann", "role": "secretary"},
    ),
    (
        "Møte planlagt 10.03.2026 10:00",
        "meeting_planned",
        {"when": "2026-03-10T10:00:00+01:00"},
    ),
    (
        "Sak satt på sakslisten: Sak 04/26 Ungdomsgarantien",
        "item_accepted",
        {"item": {"number": 4, "year": 2026, "title": "Ungdomsgarantien"}},
    ),
    (
        "Item deferred to a later meeting not yet chosen: Husleie (Venter på tall)",
        "item_deferred",
        {
            "where": None,
            "item": {"number": None, "year": None, "title": "Husleie"},
            "reason": "Venter på tall",
        },
    ),
    (
        "Oppfølgingspunkt lagt til: Lag plan (Kari, frist 01.04.2026)",
        "action_added",
        {"action": "Lag plan", "owner": "Kari", "date": "2026-04-01"},
    ),
    (
        "Sak eskalert til Sentralt samarbeidsutvalg – Oslo kommune og NAV Oslo: Husleie",
        "item_escalated",
        {
            "central": {"municipality": "Oslo kommune", "county": "NAV Oslo"},
            "item": {"title": "Husleie"},
        },
    ),
    ("Noe helt annet", "legacy", {"text": "Noe helt annet"}),
]


def check_forums_and_events():
    old = _migrate(BEFORE)
    county = old.get_model("partnerships", "County").objects.create(number="03", name="NAV Oslo")
    municipality = old.get_model("partnerships", "Municipality")
    oslo = municipality.objects.create(number="0301", name="Oslo kommune", county=county)
    office = old.get_model("partnerships", "Office")
    partnership = old.get_model("partnerships", "Partnership")
    with_forum = partnership.objects.create(
        kind="local",
        office=office.objects.create(name="NAV Grorud"),
        municipal_party=oslo,
        state_party=county,
    )
    without = partnership.objects.create(kind="central", municipal_party=oslo, state_party=county)
    forum = old.get_model("meetings", "Forum").objects.create(
        partnership=with_forum, name="Partnership meeting – NAV Grorud", meetings_per_year=3
    )
    event = old.get_model("meetings", "MeetingEvent")
    for text, _kind, _params in STORED:
        event.objects.create(forum=forum, description=text)

    new = _migrate(_leaves())

    forums = new.get_model("meetings", "Forum").objects
    assert forums.get(partnership_id=with_forum.pk).meetings_per_year == 3  # kept
    assert forums.get(partnership_id=without.pk).meetings_per_year == 6  # made
    converted = list(new.get_model("meetings", "MeetingEvent").objects.order_by("pk"))
    assert [(e.kind, e.params) for e in converted] == [(k, p) for _t, k, p in STORED]
    with translation.override("nb"):
        said = [event_text(e.kind, e.params) for e in converted]
    assert said[0] == "Møteforum opprettet"
    assert said[2] == "Medlem fjernet: Ola Nordmann (Sekretær)"  # written in English
    assert said[3:5] == [STORED[3][0], STORED[4][0]]
    with translation.override("en"):
        assert event_text(converted[4].kind, converted[4].params) == (
            "Item put on the agenda: Item 04/26 Ungdomsgarantien"
        )

    old = _migrate(BEFORE)  # back: the texts are written again, in Norwegian
    descriptions = list(
        old.get_model("meetings", "MeetingEvent")
        .objects.order_by("pk")
        .values_list("description", flat=True)
    )
    assert descriptions[0] == "Møteforum opprettet"
    assert descriptions[2] == "Medlem fjernet: Ola Nordmann (Sekretær)"
    assert descriptions[4] == STORED[4][0]
    assert descriptions[-1] == "Noe helt annet"
    _migrate(_leaves())


@pytest.mark.django_db(transaction=True)
def test_forums_are_made_and_events_get_their_kinds():
    check_forums_and_events()
