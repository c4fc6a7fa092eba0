"""seed_scale: a county of N partnerships with realistic agreements, meetings and
driftsavtaler, made in bulk; it refuses to make the same county twice."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import structured
from agreements.models import Agreement, QuestionAnswer
from agreements.services import veileder_templates_load_all
from costsharing.models import OperatingAgreement
from demo.scale import seed_scale
from meetings.models import Action, Forum
from oversight.selectors.overview import partnership_overview
from partnerships.models import County, Partnership
from tests.meetings import at

N = 10  # one partnership of each of the ten agreement situations


@pytest.fixture
def seeded(db, time_machine):
    time_machine.move_to(at(2026, 6, 15, 12), tick=False)
    return seed_scale(N)


def test_a_county_of_n_partnerships(seeded):
    county = County.objects.get(number="99")
    assert county.name == "NAV Skalafylke"
    partnerships = Partnership.objects.filter(state_party=county)
    assert partnerships.count() == N
    assert len({p.office.name for p in partnerships}) == N
    assert Forum.objects.filter(partnership__state_party=county).count() == N
    for forum in Forum.objects.filter(partnership__state_party=county):
        assert forum.members.count() == 3 and forum.meetings.exists()


def test_the_agreements_are_a_realistic_mix(seeded):
    rows = partnership_overview(seeded.director)
    statuses = [r.status for r in rows]
    assert statuses.count("in_force") == 7
    assert statuses.count("negotiation") == 2 and statuses.count("draft") == 1
    assert sum(r.evaluation_overdue for r in rows) == 1
    assert sum(r.evaluation_soon for r in rows) == 1
    assert sum(r.ends_soon for r in rows) == 2  # an end date, and a notice given
    # A revision under negotiation of the agreement in force: the evaluation is done.
    revision = next(r for r in rows if r.agreement and r.agreement.based_on_id)
    assert revision.in_force and revision.evaluation_due is None
    # Signed agreements are complete; those being negotiated are half approved, with open
    # questions and (when delegated) the delegasjonsvedtak missing.
    for row in rows:
        if row.status == "in_force":
            assert row.completeness.is_complete
        elif row.status == "negotiation":
            c = row.completeness
            assert c.open_questions and c.missing_attachments
            assert 0 < c.awaiting["municipal"] < c.awaiting["state"] < 18


def test_every_structured_part_is_valid_as_if_saved_in_the_editor(seeded):
    for agreement in Agreement.objects.filter(partnership__state_party__number="99"):
        for section in agreement.sections.select_related("template_section"):
            kind = section.template_section.structured
            assert structured.validate(kind, section.structured, agreement.template) == (
                section.structured
            ), (agreement, section.number)


def test_meetings_actions_and_costs(seeded):
    rows = partnership_overview(seeded.director)
    assert 0 < sum(r.behind for r in rows) < N
    assert 0 < sum(r.overdue_actions > 0 for r in rows) < N
    assert all(r.open_actions >= 1 for r in rows)
    assert Action.objects.filter(status="done").exists()
    for row in rows:
        assert row.cost_computable, row.settlement
        assert row.state_share > 0 and row.municipal_share > 0
        assert row.state_share + row.municipal_share == row.budget_total
    for agreement in OperatingAgreement.objects.filter(year=2026):
        assert agreement.lines.count() == 12 and agreement.periods.count() == 6  # four changes
    settlements = {r.settlement.startswith("Avregnet") for r in rows}
    assert settlements == {True, False}
    assert OperatingAgreement.objects.filter(year=2026).count() == N


def test_the_director_can_log_in_and_sees_the_county(client, seeded):
    assert client.login(username="fylkesdirektor.skala", password="navpartner-demo")
    assert client.get("/oversikt/").text.count('data-testid="overview-row"') == N


def test_it_refuses_to_make_the_same_county_twice(db):
    call_command("seed_scale", "--partnerships", "2", stdout=open("/dev/null", "w"))  # noqa: SIM115

    with pytest.raises(CommandError, match="exists already"):
        call_command("seed_scale", "--partnerships", "2")

    assert Partnership.objects.filter(state_party__number="99").count() == 2


def test_it_refuses_without_demo_data_allowed(db, settings):
    settings.NAVPARTNER_ALLOW_DEMO = False

    with pytest.raises(CommandError, match="NAVPARTNER_ALLOW_DEMO"):
        call_command("seed_scale", "--partnerships", "2")

    assert not County.objects.filter(number="99").exists()


def test_it_is_made_in_bulk(db):
    """Rows are inserted in bulk, not through a service per row: the queries grow only by
    the database's batches of inserts (SQLite takes 999 parameters a statement)."""
    veileder_templates_load_all()  # loaded once, by whichever run comes first
    counts = []
    for n, number in ((3, "97"), (40, "98")):
        with CaptureQueriesContext(connection) as queries:
            seed_scale(n, county_number=number, county_name=f"NAV {number}", username=number)
        counts.append(len(queries))
    rows = QuestionAnswer.objects.filter(section__agreement__partnership__state_party__number="98")
    assert rows.count() > 1500
    # The overview's summaries, computed at the end, add the same 14 queries to each.
    assert counts[0] < 65 and counts[1] < 115
