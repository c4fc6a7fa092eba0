"""Personas (healthchecks-style): one partnership — NAV Grorud, a bydel of Oslo — seen by the
municipal signatory (the bydelsdirektør), a state editor, the NAV-leder, a read-only member;
and an outsider who belongs to another partnership (NAV Frogner) of the same central
partnership. Also the clock, Grorud's forum, bokmål and a private media folder, which the
apps' tests share."""

import gc
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import polib
import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.test import signals as test_signals
from django.utils import translation

from agreements.models import Agreement
from agreements.services import (
    agreement_create,
    agreement_section_approve,
    agreement_section_update,
    veileder_template_load,
)
from partnerships.models import Membership, Partnership
from tests.factories import (
    BydelFactory,
    CentralPartnershipFactory,
    CountyFactory,
    ExpenseLineFactory,
    MembershipFactory,
    MunicipalityFactory,
    OfficeFactory,
    OperatingAgreementFactory,
    PartnershipFactory,
    StaffingPeriodFactory,
    UserFactory,
)
from tests.meetings import at, make_forum

Side, Role = Membership.Side, Membership.Role

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def pytest_configure(config):
    """Compile the translations the tests read, so `pytest` works on a fresh clone without
    `manage.py compilemessages` (and without gettext's msgfmt): a stale or missing .mo is
    written from its .po. Django is already set up by now, so its translation caches are
    then reset the way Django's own test signals reset them."""
    compiled = False
    for po in LOCALE.glob("*/LC_MESSAGES/*.po"):  # django.po and djangojs.po
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            polib.pofile(str(po)).save_as_mofile(str(mo))
            compiled = True
    if compiled:
        test_signals.language_changed(setting="LOCALE_PATHS")


@dataclass
class World:
    oslo_county: object
    oslo: object
    central: Partnership
    partnership: Partnership
    other_partnership: Partnership


@pytest.fixture
def world(db) -> World:
    county = CountyFactory(number="03", name="NAV Oslo")
    oslo = MunicipalityFactory(number="0301", name="Oslo kommune", county=county)
    central = CentralPartnershipFactory(municipal_party=oslo, state_party=county)
    grorud = PartnershipFactory(
        office=OfficeFactory(name="NAV Grorud"),
        municipal_party=BydelFactory(number="030110", name="Bydel Grorud", parent=oslo),
        parent=central,
    )
    frogner = PartnershipFactory(
        office=OfficeFactory(name="NAV Frogner"),
        municipal_party=BydelFactory(number="030105", name="Bydel Frogner", parent=oslo),
        parent=central,
    )
    return World(county, oslo, central, grorud, frogner)


def _persona(username, partnership, side, role, title=""):
    user = UserFactory(username=username)
    MembershipFactory(user=user, partnership=partnership, side=side, role=role, title=title)
    return user


@pytest.fixture
def municipal_signatory(world):
    return _persona(
        "bydelsdirektor", world.partnership, Side.MUNICIPAL, Role.SIGNATORY, "Bydelsdirektør"
    )


@pytest.fixture
def state_editor(world):
    return _persona("radgiver.nav", world.partnership, Side.STATE, Role.EDITOR, "Rådgiver")


@pytest.fixture
def nav_leder(world):
    return _persona("navleder", world.partnership, Side.OFFICE, Role.SECRETARY, "NAV-leder")


@pytest.fixture
def reader(world):
    return _persona("verneombud", world.partnership, Side.OFFICE, Role.MEMBER, "Verneombud")


@pytest.fixture
def outsider(world):
    return _persona(
        "bydelsdirektor.frogner",
        world.other_partnership,
        Side.MUNICIPAL,
        Role.SIGNATORY,
        "Bydelsdirektør",
    )


@pytest.fixture
def veileder(db):
    template, _created = veileder_template_load(path=Path("agreements/data/veileder-2019.json"))
    return template


@pytest.fixture
def agreement(world, veileder, municipal_signatory):
    return agreement_create(partnership=world.partnership, user=municipal_signatory)


@pytest.fixture
def state_signatory(world):
    user = UserFactory(username="fylkesdirektor", first_name="Hilde", last_name="Bakken")
    MembershipFactory(
        user=user,
        county=world.oslo_county,
        side=Side.STATE,
        role=Role.SIGNATORY,
        title="Direktør NAV Oslo",
    )
    return user


@pytest.fixture
def approved(agreement, nav_leder, municipal_signatory, state_editor):
    """The agreement with every section written (9.0 from 1 January 2026) and approved by
    both sides."""
    for section in agreement.sections.all():
        data = section.structured
        if section.number == "9.0":
            data = {**data, "valid_from": "2026-01-01"}
        agreement_section_update(
            section=section,
            user=nav_leder,
            title=section.title,
            body=f"<p>Avtalt tekst for {section.number}.</p>",
            structured_data=data,
            expected_revision=section.revision,
        )
    for section in agreement.sections.all():
        agreement_section_approve(section=section, user=municipal_signatory, side=Side.MUNICIPAL)
        agreement_section_approve(section=section, user=state_editor, side=Side.STATE)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.APPROVED
    return agreement


@pytest.fixture
def driftsavtale(world):
    """Grorud's driftsavtale for 2026, the kommune the tenant: husleie 1 200 000 and renhold
    240 000 by årsverk; the state 12 årsverk to 30 June and 10 from 1 July, the bydel 8 all
    year; each quarter's actuals a quarter of the budget."""
    agreement = OperatingAgreementFactory(partnership=world.partnership, year=2026)
    for category, budget in (("rent", "1200000.00"), ("cleaning", "240000.00")):
        quarter = Decimal(budget) / 4
        ExpenseLineFactory(
            agreement=agreement,
            category=category,
            budget=Decimal(budget),
            actual_q1=quarter,
            actual_q2=quarter,
            actual_q3=quarter,
            actual_q4=quarter,
        )
    StaffingPeriodFactory(
        agreement=agreement, side="state", ends_on=date(2026, 6, 30), fte=Decimal("12.00")
    )
    StaffingPeriodFactory(
        agreement=agreement, side="state", starts_on=date(2026, 7, 1), fte=Decimal("10.00")
    )
    StaffingPeriodFactory(agreement=agreement, side="municipal", fte=Decimal("8.00"))
    return agreement


# --- shared by the apps' tests ----------------------------------------------------------------


@pytest.fixture
def clock(time_machine):
    """Monday 2 February 2026, 09:00 in Oslo, standing still; move it with clock.move_to."""
    time_machine.move_to(at(2026, 2, 2, 9), tick=False)
    return time_machine


@pytest.fixture
def forum(world, clock, nav_leder, municipal_signatory, reader):
    """Grorud's forum: the NAV-leder its secretary, the bydelsdirektør and the reader members."""
    return make_forum(world.partnership, secretary=nav_leder, members=[municipal_signatory, reader])


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language and leaves it so: a page viewed in English
    leaves English active in the thread after the response."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: the database is rolled back after each test and
    may give the next one's rows the same ids, so an entry kept under ids would be another
    test's."""
    cache.clear()


@pytest.fixture
def bokmal():
    """Bokmål active in the test itself (the pages get it from the middleware)."""
    with translation.override("nb"):
        yield


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded and generated files in the test's own directory."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# --- the demo world, seeded once per module for the tests that only read it ------------------
#
# ``seeded_demo`` runs ``seed_demo`` once per module that asks for it, inside a transaction
# of its own that is rolled back when the module is done, so the database is empty again for
# every other test. Each test runs in a savepoint inside it (pytest-django's ``db``), so what a
# test writes — running the command again, say — is undone before the next. The work queued
# for after the commit (the archival copies) runs as it would after a real commit.
#
# Time is frozen at Saturday 15 August 2026, noon in Oslo, for the seeding and the tests: the
# driftsavtaler then have two quarters behind them. A module that asks for it should contain
# only tests of the demo: the others in it would run inside the same transaction and time.

DEMO_NOW = datetime(2026, 8, 15, 12, tzinfo=ZoneInfo("Europe/Oslo"))


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        time_machine.travel(DEMO_NOW, tick=False),
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


@pytest.fixture
def collections():
    """The generations the cyclic collector collects while the test runs, in order."""
    seen: list[int] = []

    def count(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    gc.collect()
    gc.callbacks.append(count)
    yield seen
    gc.callbacks.remove(count)
