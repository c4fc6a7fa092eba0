"""What the pages across partnerships read instead of every row's details: each section's
stored emptiness and each driftsavtale's CostSummary, kept by the services and rebuilt from
scratch by `manage.py summaries_rebuild`."""

import random
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.template.defaultfilters import floatformat
from django.urls import reverse

from agreements.models import AgreementSection
from agreements.services import agreement_section_update
from costsharing import services as costs
from costsharing.models import CostSummary, ExpenseLine, OperatingAgreement
from costsharing.selectors import cost_overview
from oversight.selectors.overview import partnership_overview

pytestmark = pytest.mark.django_db

TEXTS = ["", "<p>Avtalt tekst.</p>", "<p>Kontoret har åpent hver dag.</p>", "  "]


def _state():
    """Every stored summary: each section's emptiness, each driftsavtale's figures."""
    sections = dict(AgreementSection.objects.values_list("pk", "is_empty"))
    summaries = {
        s.agreement_id: (s.computable, s.budget_total, s.state_share, s.municipal_share, s.balance)
        for s in CostSummary.objects.all()
    }
    return sections, summaries


def _edit_section(rng, agreement, user):
    section = rng.choice(list(agreement.sections.all()))
    data = section.structured
    if rng.random() < 0.3 and isinstance(data, dict) and data:
        data = {key: "" for key in data} if rng.random() < 0.5 else data
    agreement_section_update(
        section=section,
        user=user,
        title=section.title,
        body=rng.choice(TEXTS),
        structured_data=data,
        expected_revision=section.revision,
    )


def _edit_costs(rng, driftsavtale, user):
    lines = list(driftsavtale.lines.all())
    choice = rng.randrange(6)
    money = Decimal(rng.randrange(0, 2_000_000_00)) / 100
    quarter = (money / 4).quantize(Decimal("0.01"))
    if choice == 0 or not lines:
        costs.expense_line_add(
            agreement=driftsavtale,
            user=user,
            category=rng.choice(ExpenseLine.Category.values[:-1]),
            budget=money,
            actuals=tuple(quarter if rng.random() < 0.5 else Decimal(0) for _ in range(4)),
        )
    elif choice == 1:
        line = rng.choice(lines)
        costs.expense_line_update(
            line=line,
            user=user,
            category=line.category,
            name=line.name,
            key=line.key,
            budget=money,
            actuals=(quarter, quarter, Decimal(0), quarter),
        )
    elif choice == 2 and len(lines) > 1:
        costs.expense_line_remove(line=rng.choice(lines), user=user)
    elif choice == 3:
        costs.staffing_period_change(
            agreement=driftsavtale,
            user=user,
            side=rng.choice(["state", "municipal"]),
            changes_on=date(2026, rng.randrange(1, 13), rng.randrange(1, 29)),
            fte=Decimal(rng.randrange(0, 2000)) / 100,
        )
    elif choice == 4:
        costs.payments_on_account_set(
            agreement=driftsavtale,
            user=user,
            paid=tuple(Decimal(rng.randrange(0, 500_000_00)) / 100 for _ in range(4)),
        )
    else:
        periods = list(driftsavtale.periods.all())
        if len(periods) > 1:
            costs.staffing_period_remove(period=rng.choice(periods), user=user)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_rebuild_from_scratch_equals_what_the_services_kept(
    seed, agreement, driftsavtale, nav_leder, municipal_signatory
):
    rng = random.Random(seed)
    costs.cost_summaries_refresh(agreements=[driftsavtale])  # made by a factory, not a service
    for _ in range(40):
        try:
            if rng.random() < 0.5:
                _edit_section(rng, agreement, nav_leder)
            else:
                _edit_costs(rng, OperatingAgreement.objects.get(pk=driftsavtale.pk), nav_leder)
        except ValidationError:
            pass  # a refused edit changes nothing; the sequence goes on
    kept = _state()

    call_command("summaries_rebuild", stdout=StringIO())

    assert _state() == kept
    sections, summaries = kept
    assert set(sections.values()) == {True, False}  # the edits left both kinds
    assert list(summaries) == [driftsavtale.pk]


def test_the_rebuild_corrects_what_changed_behind_the_services_back(agreement, driftsavtale):
    costs.cost_summaries_refresh(agreements=[driftsavtale])
    kept = _state()
    AgreementSection.objects.filter(agreement=agreement).update(is_empty=False)
    CostSummary.objects.update(budget_total=Decimal("1.00"), state_share=None)
    assert _state() != kept

    out = StringIO()
    call_command("summaries_rebuild", stdout=out)

    assert _state() == kept
    empty = sum(kept[0].values())
    assert 0 < empty < agreement.sections.count()
    assert f"{empty} section(s) corrected" in out.getvalue()


def test_the_overview_shows_the_driftsavtale_as_its_own_page_computes_it(
    client, world, driftsavtale, nav_leder, clock
):
    clock.move_to("2026-09-01 12:00")
    costs.expense_line_add(
        agreement=driftsavtale, user=nav_leder, category="energy", budget=Decimal("99999.99")
    )
    own = cost_overview(OperatingAgreement.objects.get(pk=driftsavtale.pk)).result
    summary = CostSummary.objects.get(agreement=driftsavtale)

    (row,) = [r for r in partnership_overview(nav_leder) if r.listed.pk == world.partnership.pk]

    assert summary.budget_total == own.budget_total == Decimal("1539999.99")
    assert (row.state_share, row.municipal_share) == (
        own.budget_totals["state"],
        own.budget_totals["municipal"],
    )
    client.force_login(nav_leder)
    page = client.get(reverse("oversight:overview")).text
    for side in ("state", "municipal"):
        assert floatformat(own.budget_totals[side], "2g") in page


def test_a_driftsavtale_without_a_summary_is_computed_where_it_is_shown(
    world, driftsavtale, nav_leder, clock
):
    clock.move_to("2026-09-01 12:00")
    assert not CostSummary.objects.exists()  # made by a factory, as before summaries existed

    (row,) = [r for r in partnership_overview(nav_leder) if r.listed.pk == world.partnership.pk]

    own = cost_overview(OperatingAgreement.objects.get(pk=driftsavtale.pk)).result
    assert row.cost_computable and row.budget_total == own.budget_total
    assert row.settlement
    assert not CostSummary.objects.exists()  # a read writes nothing
