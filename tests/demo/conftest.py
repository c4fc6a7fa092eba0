"""The demo world, seeded once for the tests that only read it.

``seeded_demo`` runs ``seed_demo`` once per module that asks for it, inside a transaction
of its own that is rolled back when the module is done, so the database is empty again for
every other test. Each test runs in a savepoint inside it (pytest-django's ``db``), so what a
test writes — running the command again, say — is undone before the next. The work queued
for after the commit (the archival copies) runs as it would after a real commit.

Time is frozen at Saturday 15 August 2026, noon in Oslo, for the seeding and the tests: the
driftsavtaler then have two quarters behind them."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings

NOW = dt.datetime(2026, 8, 15, 12, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        time_machine.travel(NOW, tick=False),
        override_settings(MEDIA_ROOT=str(media)),
        transaction.atomic(),
    ):
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded_demo, db):
    """The seeded demo, in a test of its own (in a savepoint that is rolled back)."""
