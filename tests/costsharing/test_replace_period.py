"""A change of årsverk dated the day an existing figure starts asks before it replaces that
figure (issue 20, point 6).

The ``driftsavtale`` fixture: the state (NAV Oslo) 12 årsverk to 30 June and 10 from 1 July,
the bydel 8 all year. A change to 10,50 from 1 July would replace the 10 registered from that
very day.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from costsharing import services

pytestmark = pytest.mark.usefixtures("bokmal")

CHANGE = {"side": "state", "starts_on": "2026-07-01", "fte": "10,5"}


def state_periods(agreement):
    return list(
        agreement.periods.filter(side="state")
        .order_by("starts_on")
        .values_list("starts_on", "ends_on", "fte")
    )


BEFORE = [
    (dt.date(2026, 1, 1), dt.date(2026, 6, 30), Decimal("12.00")),
    (dt.date(2026, 7, 1), dt.date(2026, 12, 31), Decimal("10.00")),
]


def post(client, agreement, data):
    return client.post(reverse("costsharing:period_add", args=[agreement.pk]), data)


def test_the_form_comes_back_with_both_figures_and_nothing_changes(client, nav_leder, driftsavtale):
    client.force_login(nav_leder)
    events = driftsavtale.events.count()

    response = post(client, driftsavtale, CHANGE)

    assert response.status_code == 409
    page = response.content.decode()
    assert (
        "Det er alt registrert 10,00 årsverk fra 01.07.2026 for NAV Oslo. "
        "Vil du erstatte det med 10,50?"
    ) in page
    assert 'data-testid="confirm-replace"' in page
    # the confirmation carries what was posted
    assert 'name="confirm_replace" value="on"' in page
    assert '<input type="hidden" name="fte" value="10,5"' in page
    assert '<input type="hidden" name="starts_on" value="2026-07-01"' in page
    assert state_periods(driftsavtale) == BEFORE
    assert driftsavtale.events.count() == events


def test_only_the_confirmation_replaces_the_figure(client, nav_leder, driftsavtale):
    client.force_login(nav_leder)

    response = post(client, driftsavtale, {**CHANGE, "confirm_replace": "on"})

    assert response.status_code == 302
    assert state_periods(driftsavtale) == [
        BEFORE[0],
        (dt.date(2026, 7, 1), dt.date(2026, 12, 31), Decimal("10.50")),
    ]


def test_a_change_on_another_day_needs_no_confirmation(client, nav_leder, driftsavtale):
    client.force_login(nav_leder)

    response = post(client, driftsavtale, {**CHANGE, "starts_on": "2026-10-01"})

    assert response.status_code == 302
    assert len(state_periods(driftsavtale)) == 3


def test_the_service_asks_and_changes_nothing_without_the_confirmation(nav_leder, driftsavtale):
    with pytest.raises(services.StaffingPeriodReplaceUnconfirmed) as excinfo:
        services.staffing_period_change(
            agreement=driftsavtale,
            user=nav_leder,
            side="state",
            changes_on=dt.date(2026, 7, 1),
            fte=Decimal("10.50"),
        )

    assert excinfo.value.existing.fte == Decimal("10.00")
    assert excinfo.value.fte == Decimal("10.50")
    assert state_periods(driftsavtale) == BEFORE
