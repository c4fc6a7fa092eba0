"""The partnerships app took its models over from agreements without moving a row: a database
made before the move keeps every partnership, membership and reference to them. Runs on
SQLite here and on PostgreSQL in tests/integration/test_migrations_postgres.py."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The last migration of each app before partnerships existed.
BEFORE = [
    ("agreements", "0005_agreement_last_evaluated"),
    ("meetings", "0002_item_attachments"),
    ("costsharing", "0001_driftsavtale"),
    ("partnerships", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def check_partnerships_keep_their_rows():
    old = _migrate(BEFORE)
    user = old.get_model("auth", "User").objects.create(username="radmann.grong")
    county = old.get_model("agreements", "County").objects.create(number="50", name="NAV Trøndelag")
    municipality = old.get_model("agreements", "Municipality")
    grong = municipality.objects.create(number="5045", name="Grong", county=county)
    covered = [
        municipality.objects.create(number=number, name=name, county=county)
        for number, name in (("5046", "Høylandet"), ("5044", "Namsskogan"))
    ]
    office = old.get_model("agreements", "Office").objects.create(name="NAV Indre Namdal")
    partnership = old.get_model("agreements", "Partnership").objects.create(
        kind="local", office=office, municipal_party=grong, state_party=county
    )
    partnership.covered_municipalities.set(covered)
    old.get_model("agreements", "Membership").objects.create(
        user=user,
        side="municipal",
        role="signatory",
        title="Kommunedirektør",
        partnership=partnership,
    )
    old.get_model("meetings", "Forum").objects.create(
        partnership=partnership, name="Partnerskapsmøte – NAV Indre Namdal", meetings_per_year=2
    )

    new = _migrate(_leaves())

    moved = new.get_model("partnerships", "Partnership").objects.get(pk=partnership.pk)
    assert moved.office.name == "NAV Indre Namdal"
    assert moved.municipal_party.name == "Grong"
    assert moved.state_party.name == "NAV Trøndelag"
    assert sorted(moved.covered_municipalities.values_list("name", flat=True)) == [
        "Høylandet",
        "Namsskogan",
    ]
    membership = new.get_model("partnerships", "Membership").objects.get(user_id=user.pk)
    assert (membership.partnership_id, membership.role, membership.title) == (
        partnership.pk,
        "signatory",
        "Kommunedirektør",
    )
    assert new.get_model("meetings", "Forum").objects.get().partnership_id == partnership.pk
    # The forum's partnership is the partnerships app's model now, in Django's state too.
    forum_partnership = new.get_model("meetings", "Forum")._meta.get_field("partnership")
    assert forum_partnership.related_model._meta.label == "partnerships.Partnership"


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_keeps_its_partnerships():
    check_partnerships_keep_their_rows()
