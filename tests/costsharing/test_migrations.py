"""Migrations 0003–0004 on a database from before them: each stored history sentence, written
in English or bokmål, becomes its kind and figures, so it is said in the reader's language;
one that cannot be read is kept word for word."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from costsharing.models import OperatingAgreementEvent

BEFORE = [("costsharing", "0002_partnership_from_partnerships_app")]

# (stored sentence, kind, params) of events written before 0003.
STORED = [
    ("Created the driftsavtale for 2026.", "created", {"year": 2026}),
    ("Endret nøkkel og vilkår.", "terms_changed", {}),
    (
        "Added the expense Office supplies.",
        "line_added",
        {"line": {"category": "supplies", "name": ""}},
    ),
    (
        "La til utgiften Husleie – Storgata 1.",
        "line_added",
        {"line": {"category": "rent", "name": "Storgata 1"}},
    ),
    (
        "Added the expense Bredbånd og felles skrivere.",
        "line_added",
        {"line": {"category": "other", "name": "Bredbånd og felles skrivere"}},
    ),
    (
        "Registered 12,50 årsverk for The state (NAV) from 01.07.2026 to 31.12.2026.",
        "period_added",
        {"fte": "12.50", "side": "state", "start": "2026-07-01", "end": "2026-12-31"},
    ),
    (
        "Avsluttet de 14,50 årsverkene til Staten (NAV) 30.06.2026.",
        "period_ended",
        {"fte": "14.50", "side": "state", "end": "2026-06-30"},
    ),
    (
        "Fjernet årsverkene til Kommunen fra 01.01.2026 til 31.03.2026.",
        "period_removed",
        {"side": "municipal", "start": "2026-01-01", "end": "2026-03-31"},
    ),
    ("Noe helt annet.", "legacy", {"text": "Noe helt annet."}),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_stored_sentences_become_kinds_said_in_the_readers_language():
    old = _migrate(BEFORE)
    county = old.get_model("partnerships", "County").objects.create(number="03", name="NAV Oslo")
    oslo = old.get_model("partnerships", "Municipality").objects.create(
        number="0301", name="Oslo kommune", county=county
    )
    partnership = old.get_model("partnerships", "Partnership").objects.create(
        kind="local",
        office=old.get_model("partnerships", "Office").objects.create(name="NAV Grorud"),
        municipal_party=oslo,
        state_party=county,
    )
    agreement = old.get_model("costsharing", "OperatingAgreement").objects.create(
        partnership=partnership, year=2026
    )
    for text, _kind, _params in STORED:
        old.get_model("costsharing", "OperatingAgreementEvent").objects.create(
            agreement=agreement, description=text
        )

    _migrate(_leaves())

    events = list(OperatingAgreementEvent.objects.order_by("pk"))
    assert [(e.kind, e.params) for e in events] == [(k, p) for _t, k, p in STORED]
    with translation.override("nb"):
        said = [e.description for e in events]
    assert said[0] == "Opprettet driftsavtalen for 2026."
    assert said[2] == "La til utgiften Rekvisita."  # written in English
    assert said[5] == "Registrerte 12,50 årsverk for Staten (NAV) fra 01.07.2026 til 31.12.2026."
    assert said[-1] == "Noe helt annet."
    with translation.override("en"):
        assert events[6].description == "Ended The state (NAV)'s 14.50 årsverk on 30/06/2026."

    old = _migrate(BEFORE)  # back: the sentences are written again, in bokmål
    written = list(
        old.get_model("costsharing", "OperatingAgreementEvent")
        .objects.order_by("pk")
        .values_list("description", flat=True)
    )
    assert written == said
    _migrate(_leaves())  # and forward again: the same kinds and figures
    assert [(e.kind, e.params) for e in OperatingAgreementEvent.objects.order_by("pk")] == [
        (k, p) for _t, k, p in STORED
    ]
