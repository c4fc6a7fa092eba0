"""The driftsavtale's one computation: hand-computed cases (the arithmetic is written next to
each expected figure) and properties that must hold for any input."""

import datetime as dt
from decimal import Decimal as D
from fractions import Fraction

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from costsharing.split import (
    AREA,
    ARSVERK,
    MUNICIPAL,
    PARTIES,
    PERCENTAGE,
    POPULATION,
    STATE,
    Basis,
    Line,
    Period,
    SplitError,
    SubKey,
    _exact,
    _pair_year_to_date,
    _state_ratio,
    _year_to_date,
    allocate,
    compute,
    fte_days,
    key_weights,
    quarters,
)

Z = D("0.00")


def line(ident, key, budget="0", actuals=("0", "0", "0", "0"), name=None):
    return Line(ident, name or str(ident), key, D(budget), tuple(D(a) for a in actuals))


def grorud_periods(year):
    """State 12.5 årsverk 1 January–30 June, 10.5 from 1 July; the kommune 8 all year."""
    return (
        Period(STATE, dt.date(year, 1, 1), dt.date(year, 6, 30), D("12.5")),
        Period(STATE, dt.date(year, 7, 1), dt.date(year, 12, 31), D("10.5")),
        Period(MUNICIPAL, dt.date(year, 1, 1), dt.date(year, 12, 31), D("8")),
    )


def split(state, municipal):
    return {STATE: D(state), MUNICIPAL: D(municipal)}


# --- allocate ---------------------------------------------------------------------------


def test_one_to_two_gives_the_last_ore_to_the_larger_remainder():
    # 10 000 øre × 1/3 = 3 333 + 1/3 ; 10 000 øre × 2/3 = 6 666 + 2/3 ; one øre is left,
    # and 2/3 > 1/3, so it goes to b.
    assert allocate(D("100.00"), {"a": D(1), "b": D(2)}) == {"a": D("33.33"), "b": D("66.67")}


def test_a_credit_is_the_mirror_image_of_a_charge():
    assert allocate(D("-100.00"), {"a": D(1), "b": D(2)}) == {
        "a": D("-33.33"),
        "b": D("-66.67"),
    }


def test_ties_go_to_the_larger_weight_then_to_the_first_key_by_name():
    # 2 øre by 1:3 = 0.5 and 1.5 øre: equal remainders (½), the larger weight wins.
    assert allocate(D("0.02"), {"a": D(1), "b": D(3)}) == {"a": Z, "b": D("0.02")}
    # 100 øre by 1:1:1 = 33⅓ each: same remainder and weight, so "a" (by name) gets it,
    # whatever the order of the mapping.
    expected = {"a": D("0.34"), "b": D("0.33"), "c": D("0.33")}
    assert allocate(D("1.00"), {"c": D(1), "b": D(1), "a": D(1)}) == expected
    assert allocate(D("1.00"), {"a": D(1), "c": D(1), "b": D(1)}) == expected


def test_zero_total_zero_weights_and_whole_kroner():
    assert allocate(Z, {"a": D(0), "b": D(0)}) == {"a": Z, "b": Z}
    assert allocate(D("7"), {"a": D(0), "b": D(2)}) == {"a": Z, "b": D("7.00")}
    assert str(allocate(D("7"), {"a": D(1)})["a"]) == "7.00"


def test_refuses_fractions_of_an_ore_floats_and_negative_weights():
    with pytest.raises(ValueError, match="more than two decimals"):
        allocate(D("1.005"), {"a": D(1)})
    with pytest.raises(TypeError):
        allocate(1.5, {"a": D(1)})
    with pytest.raises(TypeError):
        allocate(D("1.50"), {"a": 0.5})
    with pytest.raises(ValueError, match="zero or more"):
        allocate(D("1.00"), {"a": D(-1), "b": D(2)})
    with translation.override("en"), pytest.raises(SplitError, match="Nothing to share by"):
        allocate(D("1.00"), {"a": D(0)})


# --- quarters and årsverk-days ----------------------------------------------------------


def test_quarters_and_the_leap_day():
    assert quarters(2024) == (
        (dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
        (dt.date(2024, 4, 1), dt.date(2024, 6, 30)),
        (dt.date(2024, 7, 1), dt.date(2024, 9, 30)),
        (dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
    )
    whole_year = (Period(STATE, dt.date(2024, 1, 1), dt.date(2024, 12, 31), D(1)),)
    assert fte_days(whole_year, dt.date(2024, 1, 1), dt.date(2024, 12, 31)) == split(366, 0)
    assert fte_days(whole_year, dt.date(2024, 2, 1), dt.date(2024, 2, 29)) == split(29, 0)


def test_fte_days_weight_each_figure_by_the_days_it_was_in_force():
    # 2026: 1 Jan–30 Jun is 31+28+31+30+31+30 = 181 days, 1 Jul–31 Dec 184 days.
    assert fte_days(grorud_periods(2026), dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == split(
        D("12.5") * 181 + D("10.5") * 184,  # 4 194.5
        8 * 365,  # 2 920
    )
    # Only the part of a period inside the interval counts: Q3 is 92 days of 10.5.
    assert fte_days(grorud_periods(2026), dt.date(2026, 7, 1), dt.date(2026, 9, 30)) == split(
        D("10.5") * 92, 8 * 92
    )


# --- compute: hand-computed years -------------------------------------------------------


def husleie_2026():
    return compute(
        basis=Basis(2026, grorud_periods(2026)),
        lines=[line("husleie", ARSVERK, "1000000.00", ["250000.00"] * 4)],
        tenant=STATE,
        paid_on_account=[D("50000.00")] * 4,
    )


def test_husleie_by_arsverk_in_2026():
    result = husleie_2026()
    (husleie,) = result.lines
    # Budget over the year: state 4 194.5, kommune 2 920 årsverk-days of 7 114.5.
    # 100 000 000 øre × 4 194.5 / 7 114.5 = 58 957 059.53 øre: floor 58 957 059 (rest .53),
    # the kommune's rest is .47, so the state gets the øre.
    assert husleie.budget == split("589570.60", "410429.40")
    # Each quarter by its own key, settled on the year to date (exact shares in øre):
    # Q1: 12.5 : 8 = 25/41 (the days cancel out). 25 000 000 × 25/41 = 15 243 902 + 18/41;
    #     the kommune's rest 23/41 is larger: state 152 439.02, kommune 97 560.98.
    # Q1–Q2: 50 000 000 × 25/41 = 30 487 804 + 36/41; now the state's rest is larger:
    #     state 304 878.05 so far, so Q2 = 304 878.05 − 152 439.02 = 152 439.03.
    # Q1–Q3: + 25 000 000 × 21/37 (10.5 : 8) = 44 676 994.067 øre: state 446 769.94, so
    #     Q3 = 446 769.94 − 304 878.05 = 141 891.89.
    # Q1–Q4: + the same = 58 866 183.256 øre: state 588 661.83, Q4 = 141 891.89.
    assert husleie.actual_quarters == (
        split("152439.02", "97560.98"),
        split("152439.03", "97560.97"),
        split("141891.89", "108108.11"),
        split("141891.89", "108108.11"),
    )
    # The actuals are shared quarter by quarter, so they differ from the year's budget split;
    # the year is the exact split of the year's actuals (58 866 183.256 øre), rounded once —
    # rounding each quarter on its own would have given the state 588 661.82.
    assert husleie.actual == split("588661.83", "411338.17")
    assert result.budget_totals == husleie.budget
    assert result.actual_totals == husleie.actual
    assert result.budget_total == result.actual_total == D("1000000.00")
    # 10 000 øre × 4 194.5 / 7 114.5 = 5 895.706 -> 58.96 %
    assert result.key_shares == {ARSVERK: split("58.96", "41.04")}


def test_husleie_by_arsverk_in_the_leap_year_2024():
    result = compute(
        basis=Basis(2024, grorud_periods(2024)),
        lines=[line("husleie", ARSVERK, "1000000.00")],
        tenant=STATE,
    )
    # H1 2024 has 182 days: state 12.5 × 182 + 10.5 × 184 = 4 207, kommune 8 × 366 = 2 928.
    # 100 000 000 øre × 4 207 / 7 135 = 58 962 859.145: the state's rest .145 is smaller
    # than the kommune's .855, so the kommune gets the øre.
    assert result.lines[0].budget == split("589628.59", "410371.41")
    assert result.lines[0].budget != husleie_2026().lines[0].budget


def test_quarterly_settlement_with_the_state_as_tenant():
    result = husleie_2026()
    assert result.non_tenant == MUNICIPAL
    # The kommune's share of each quarter minus the 50 000 it paid on account.
    assert [(q.quarter, q.actual_total, q.paid_on_account, q.balance) for q in result.quarters] == [
        (1, D("250000.00"), D("50000.00"), D("97560.98") - 50000),  # 47 560.98
        (2, D("250000.00"), D("50000.00"), D("97560.97") - 50000),  # 47 560.97
        (3, D("250000.00"), D("50000.00"), D("108108.11") - 50000),  # 58 108.11
        (4, D("250000.00"), D("50000.00"), D("58108.11")),
    ]
    assert all(q.payer_owes for q in result.quarters)
    year = result.year_settlement
    assert year.quarter == 0
    assert year.actual_total == D("1000000.00")
    assert year.shares == result.actual_totals
    assert year.paid_on_account == D("200000.00")
    assert year.balance == D("411338.17") - D("200000.00")  # 211 338.17
    assert year.covers == (1, 2, 3, 4)


def test_a_municipal_tenant_invoices_the_state_and_missing_payments_are_zero():
    result = compute(
        basis=Basis(2026, percentages=split(60, 40)),
        lines=[line("lisenser", PERCENTAGE, actuals=["1000.00", "0", "0", "0"])],
        tenant=MUNICIPAL,
        paid_on_account=[D("700.00")],
    )
    assert [q.balance for q in result.quarters] == [D("-100.00"), Z, Z, Z]  # 600 − 700
    assert not result.quarters[0].payer_owes
    assert result.year_settlement.balance == D("-100.00")


def test_percentage_and_area_keys():
    result = compute(
        basis=Basis(2026, percentages=split(60, 40), areas=split("120", "80.5")),
        lines=[
            # 100 001 øre × 60 % = 60 000.6, × 40 % = 40 000.4: the state's .6 gets the øre.
            line("telefoni", PERCENTAGE, "1000.01"),
            # 1 000 000 øre × 120 / 200.5 = 598 503.74, the kommune's rest is .26.
            line("husleie", AREA, "10000.00"),
        ],
        tenant=STATE,
    )
    assert [s.budget for s in result.lines] == [
        split("600.01", "400.00"),
        split("5985.04", "4014.96"),
    ]
    assert result.budget_totals == split("6585.05", "4414.96")
    # 10 000 øre × 120 / 200.5 = 5 985.04 -> 59.85 %, × 80.5 / 200.5 = 4 014.96 -> 40.15 %
    assert result.key_shares == {
        PERCENTAGE: split("60.00", "40.00"),
        AREA: split("59.85", "40.15"),
    }


def test_a_line_can_override_the_key():
    result = compute(
        basis=Basis(
            2026,
            (
                Period(STATE, dt.date(2026, 1, 1), dt.date(2026, 12, 31), D(3)),
                Period(MUNICIPAL, dt.date(2026, 1, 1), dt.date(2026, 12, 31), D(1)),
            ),
            areas=split(1, 1),
        ),
        lines=[line("husleie", AREA, "5000.00"), line("renhold", ARSVERK, "4000.00")],
        tenant=STATE,
    )
    # husleie 50/50 by area, renhold 3:1 by årsverk.
    assert [s.budget for s in result.lines] == [split(2500, 2500), split(3000, 1000)]
    assert result.budget_totals == split(5500, 3500)
    assert set(result.key_shares) == {ARSVERK, AREA}


def test_vertskommune_share_divided_by_population():
    population = {"Vefsn": D(13300), "Hemnes": D(4450), "Grane": D(1450), "Hattfjelldal": D(1200)}
    result = compute(
        basis=Basis(2026, percentages=split(50, 50)),
        lines=[line("drift", PERCENTAGE, "200000.00", ["50000.00"] * 4)],
        tenant=STATE,
        sub_key=SubKey(POPULATION, population),
    )
    assert result.budget_totals[MUNICIPAL] == D("100000.00")
    # 10 000 000 øre × population / 20 400: Vefsn 6 519 607.84, Hemnes 2 181 372.55,
    # Grane 710 784.31, Hattfjelldal 588 235.29. The floors leave 2 øre, which go to the
    # largest rests, Vefsn (.84) and Hemnes (.55).
    assert result.municipal_budget == {
        "Vefsn": D("65196.08"),
        "Hemnes": D("21813.73"),
        "Grane": D("7107.84"),
        "Hattfjelldal": D("5882.35"),
    }
    assert result.municipal_actual == result.municipal_budget
    assert sum(result.municipal_budget.values()) == D("100000.00")


def test_lines_without_amounts_still_appear_and_no_lines_is_no_error():
    result = compute(basis=Basis(2026), lines=[line("tom", ARSVERK)], tenant=STATE)
    assert result.lines[0].budget == result.lines[0].actual == split(Z, Z)
    assert result.key_shares == {}

    empty = compute(basis=Basis(2026), lines=[], tenant=STATE)
    assert empty.lines == []
    assert empty.budget_total == empty.actual_total == Z
    assert empty.budget_totals == empty.actual_totals == split(Z, Z)
    assert empty.year_settlement.balance == Z


# --- settled on the year to date (issue 20) ---------------------------------------------


def test_a_third_of_a_hundred_kroner_over_four_quarters_is_the_years_third():
    """33.33 % of 100.00 kr spent as 25.00 a quarter. Rounding each quarter on its own gives
    8.33 four times = 33.32 for the year, while the budget shows 33.33; settled on the year to
    date, the year is the exact split of 100.00."""
    result = compute(
        basis=Basis(2026, percentages=split("33.33", "66.67")),
        lines=[line("x", PERCENTAGE, "100.00", ["25.00"] * 4)],
        tenant=STATE,
    )
    (x,) = result.lines
    # 2 500 øre × 33.33 % = 833.25 -> 8.33 | 5 000 × 33.33 % = 1 666.5 -> 16.66 (the kommune's
    # rest .5 ties, and the kommune's share is larger) | 7 500 -> 2 499.75 -> 25.00 |
    # 10 000 -> 3 333 -> 33.33. The quarters are the differences.
    assert [q[STATE] for q in x.actual_quarters] == [D("8.33"), D("8.33"), D("8.34"), D("8.33")]
    assert x.actual == x.budget == split("33.33", "66.67")


def test_four_ore_at_one_to_two_is_one_and_three():
    """0.04 kr at 1 : 2, one øre a quarter: each quarter alone gives its øre to the larger
    share (0.00 / 0.04 for the year); on the year to date the year is 0.01 / 0.03, the exact
    split of 4 øre (1.33 / 2.67) rounded once."""
    result = compute(
        basis=Basis(2026, percentages=split(1, 2)),
        lines=[line("x", PERCENTAGE, "0.04", ["0.01"] * 4)],
        tenant=STATE,
    )
    (x,) = result.lines
    # So far: 1 øre -> 0 / 1; 2 øre (0.67 / 1.33: rests .67 > .33) -> 1 / 1;
    # 3 øre -> 1 / 2; 4 øre (1.33 / 2.67) -> 1 / 3.
    assert x.actual_quarters == (
        split("0.00", "0.01"),
        split("0.01", "0.00"),
        split("0.00", "0.01"),
        split("0.00", "0.01"),
    )
    assert x.actual == x.budget == split("0.01", "0.03")


def test_each_quarters_key_is_reported_beside_the_years():
    """Grorud 2026: the year's key (for the budget) is 58.96 / 41.04; the quarters' keys
    (for the actuals) are 25/41 and 21/37."""
    result = husleie_2026()
    assert result.key_shares == {ARSVERK: split("58.96", "41.04")}
    # 10 000 øre × 25/41 = 6 097.56 -> 60.98 %; × 21/37 = 5 675.68 -> 56.76 %
    assert result.quarter_key_shares == (
        {ARSVERK: split("60.98", "39.02")},
        {ARSVERK: split("60.98", "39.02")},
        {ARSVERK: split("56.76", "43.24")},
        {ARSVERK: split("56.76", "43.24")},
    )


def test_leap_year_mid_quarter_change_settled_on_the_year_to_date():
    """2024 (leap year): the state 2 årsverk, 3 from 15 February; the kommune 1 all year.
    100.00 kr in Q1 and in Q2."""
    basis = Basis(
        2024,
        (
            Period(STATE, dt.date(2024, 1, 1), dt.date(2024, 2, 14), D(2)),
            Period(STATE, dt.date(2024, 2, 15), dt.date(2024, 12, 31), D(3)),
            Period(MUNICIPAL, dt.date(2024, 1, 1), dt.date(2024, 12, 31), D(1)),
        ),
    )
    result = compute(
        basis=basis,
        lines=[line("x", ARSVERK, "0", ["100.00", "100.00", "0", "0"])],
        tenant=STATE,
    )
    (x,) = result.lines
    # Q1 2024 has 91 days (29 February). State: 2 × 45 (1 Jan–14 Feb) + 3 × 46 = 228
    # årsverk-days; kommune 91. 10 000 øre × 228/319 = 7 147.335 -> state 71.47, kommune
    # 28.53 (rest .665 > .335).
    # Q2 (91 days): 3 : 1. Year to date: 7 147.335 + 7 500 = 14 647.335 øre -> 146.47, so
    # Q2 = 146.47 − 71.47 = 75.00; kommune 53.53 − 28.53 = 25.00.
    assert x.actual_quarters[:2] == (split("71.47", "28.53"), split("75.00", "25.00"))
    assert x.actual == split("146.47", "53.53")


def test_vertskommune_quarters_add_up_to_the_years_division():
    """The host divides the municipal share each quarter among four municipalities by
    population, on the year to date, so the quarters add up to the year's division."""
    population = {"Vefsn": D(13300), "Hemnes": D(4450), "Grane": D(1450), "Hattfjelldal": D(1200)}
    result = compute(
        basis=Basis(2026, percentages=split(50, 50)),
        lines=[line("drift", PERCENTAGE, "0", ["0.10", "0.10", "0.10", "0.10"])],
        tenant=STATE,
        sub_key=SubKey(POPULATION, population),
    )
    # The municipal share: 5 øre a quarter (the state's 5 too; ties go to the municipality
    # only on equal shares, and 50 : 50 is exact). Year to date 5, 10, 15, 20 øre by
    # 13 300 : 4 450 : 1 450 : 1 200 (of 20 400):
    #   5 øre: Vefsn 3.26, Hemnes 1.09, Grane 0.36, Hattfjelldal 0.29 -> floors 3 1 0 0,
    #          1 øre left to the largest rest, Grane's .36 -> 3 1 1 0
    #  10 øre: 6.52 2.18 0.71 0.59 -> floors 6 2 0 0, 2 left: Grane .71, Hattfjelldal .59
    #          -> 6 2 1 1; the quarter 3 1 0 1
    #  15 øre: 9.78 3.27 1.07 0.88 -> 9 3 1 0, 2 left: Hattfjelldal .88, Vefsn .78 -> 10 3 1 1;
    #          the quarter 4 1 0 0
    #  20 øre: 13.04 4.36 1.42 1.18 -> 13 4 1 1, 1 left: Grane .42 -> 13 4 2 1; the quarter
    #          3 1 1 0
    assert result.municipal_quarters == (
        {"Vefsn": D("0.03"), "Hemnes": D("0.01"), "Grane": D("0.01"), "Hattfjelldal": D("0.00")},
        {"Vefsn": D("0.03"), "Hemnes": D("0.01"), "Grane": D("0.00"), "Hattfjelldal": D("0.01")},
        {"Vefsn": D("0.04"), "Hemnes": D("0.01"), "Grane": D("0.00"), "Hattfjelldal": D("0.00")},
        {"Vefsn": D("0.03"), "Hemnes": D("0.01"), "Grane": D("0.01"), "Hattfjelldal": D("0.00")},
    )
    assert result.municipal_actual == {
        "Vefsn": D("0.13"),
        "Hemnes": D("0.04"),
        "Grane": D("0.02"),
        "Hattfjelldal": D("0.01"),
    }
    assert result.municipal_actual == allocate(D("0.20"), population)


def test_equal_shares_go_to_the_municipality_then_municipalities_by_name():
    # 1 øre at 50 : 50: equal rests and equal shares -> the municipality.
    assert allocate(D("0.01"), {STATE: D(1), MUNICIPAL: D(1)}) == split("0.00", "0.01")
    # Among municipalities: by name, whatever their identifiers.
    assert allocate(D("0.01"), {7: D(1), 3: D(1)}, names={7: "Alvdal", 3: "Tynset"}) == {
        7: D("0.01"),
        3: D("0.00"),
    }


# --- what cannot be split ---------------------------------------------------------------


def first_half_only():
    return Basis(
        2026,
        (
            Period(STATE, dt.date(2026, 1, 1), dt.date(2026, 6, 30), D(2)),
            Period(MUNICIPAL, dt.date(2026, 1, 1), dt.date(2026, 6, 30), D(1)),
        ),
    )


def test_a_quarter_without_arsverk_is_marked_and_the_rest_is_split():
    """An office with årsverk only in the first half: costs in Q3 cannot be shared by
    årsverk. The budget (by the year's årsverk, 2 : 1) and Q1–Q2 are split; Q3 is marked with
    what to enter, and the year adds up Q1–Q2 only."""
    with translation.override("en"):
        result = compute(
            basis=first_half_only(),
            lines=[line("x", ARSVERK, "300.00", ["30.00", "30.00", "10.00", "0"])],
            tenant=STATE,
        )
    (x,) = result.lines
    assert x.budget == split("200.00", "100.00")  # 2 : 1 over the days of the first half
    assert x.actual_quarters == (split(20, 10), split(20, 10), None, split(0, 0))
    assert x.actual == split(40, 20) and x.actual_total == D("60.00")
    assert result.missing == {
        3: "No årsverk are registered for 01/07/2026–30/09/2026, so the costs of that period "
        "cannot be shared by årsverk. Register the årsverk of that quarter for at least one "
        "party, or move its costs to a quarter that has årsverk."
    }
    q1, q2, q3, q4 = result.quarters
    assert q3.missing and not q3.settled and q3.actual_total == D("10.00")
    assert q4.registered is False and not q4.settled  # nothing spent in Q4 yet
    assert result.year_settlement.covers == (1, 2)
    assert result.year_settlement.actual_total == result.actual_total == D("60.00")
    assert result.year_settlement.shares == result.actual_totals == split(40, 20)


def test_no_arsverk_at_all_for_a_budget_is_an_error():
    with translation.override("en"), pytest.raises(SplitError) as error:
        compute(basis=Basis(2026), lines=[line("x", ARSVERK, "100.00")], tenant=STATE)
    assert str(error.value) == (
        "No årsverk are registered for 01/01/2026–31/12/2026, so the costs of that period "
        "cannot be shared by årsverk."
    )


def test_arsverk_registered_as_zero_are_not_called_missing():
    zero = Basis(
        2026,
        (
            Period(STATE, dt.date(2026, 1, 1), dt.date(2026, 12, 31), D(0)),
            Period(MUNICIPAL, dt.date(2026, 1, 1), dt.date(2026, 12, 31), D(0)),
        ),
    )
    with translation.override("en"), pytest.raises(SplitError) as error:
        compute(basis=zero, lines=[line("x", ARSVERK, "100.00")], tenant=STATE)
    assert str(error.value) == (
        "The årsverk registered for 01/01/2026–31/12/2026 are 0 for both parties, so the "
        "costs of that period cannot be shared by årsverk."
    )


def test_area_key_without_areas():
    with translation.override("en"), pytest.raises(SplitError) as error:
        compute(basis=Basis(2026), lines=[line("husleie", AREA, "10.00")], tenant=STATE)
    assert str(error.value) == "The key by floor area needs each party's area."
    with translation.override("en"), pytest.raises(SplitError, match="percentage"):
        key_weights(PERCENTAGE, Basis(2026, percentages=split(0, 0)), *quarters(2026)[0])


def test_an_all_zero_sub_key():
    with translation.override("en"), pytest.raises(SplitError) as error:
        compute(
            basis=Basis(2026, percentages=split(50, 50)),
            lines=[line("drift", PERCENTAGE, "100.00")],
            tenant=STATE,
            sub_key=SubKey(POPULATION, {"Grane": D(0), "Vefsn": D(0)}),
        )
    assert str(error.value) == (
        "The municipal share cannot be divided among the municipalities: "
        "every municipality's weight is zero or missing."
    )


# --- properties -------------------------------------------------------------------------

FAST = settings(max_examples=200, deadline=None)

amounts = st.decimals(min_value=0, max_value=10**9, places=2)
weight_values = st.one_of(
    st.decimals(min_value=0, max_value=10**6, places=0),
    st.decimals(min_value=0, max_value=1000, places=3),
)
weight_maps = st.dictionaries(
    st.one_of(st.text(max_size=3), st.integers(0, 20)), weight_values, min_size=1, max_size=8
).filter(lambda w: sum(w.values()) > 0)


@FAST
@given(total=amounts, weights=weight_maps)
def test_allocate_adds_up_and_stays_within_an_ore_of_the_exact_share(total, weights):
    shares = allocate(total, weights)
    assert shares.keys() == weights.keys()
    assert sum(shares.values()) == total
    whole = sum(Fraction(w) for w in weights.values())
    for key, share in shares.items():
        assert share >= 0
        assert share.as_tuple().exponent == -2
        exact = Fraction(total) * Fraction(weights[key]) / whole
        assert abs(Fraction(share) - exact) < Fraction(1, 100)
        if not weights[key]:
            assert share == 0


@FAST
@given(total=amounts, weights=weight_maps, data=st.data())
def test_allocate_ignores_the_order_of_the_weights_and_mirrors_credits(total, weights, data):
    shuffled = dict(data.draw(st.permutations(list(weights.items()))))
    assert allocate(total, shuffled) == allocate(total, weights)
    assert allocate(-total, weights) == {k: -v for k, v in allocate(total, weights).items()}


@st.composite
def years(draw):
    year = draw(st.integers(2020, 2030))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    dates = st.dates(min_value=start, max_value=end)
    fte = st.decimals(min_value=0, max_value=50, places=1)
    # Both parties have someone all year, so every årsverk split is possible.
    periods = [Period(side, start, end, draw(fte.filter(bool))) for side in PARTIES]
    for _ in range(draw(st.integers(0, 6))):
        a, b = sorted((draw(dates), draw(dates)))
        periods.append(Period(draw(st.sampled_from(PARTIES)), a, b, draw(fte)))
    positive = st.decimals(min_value=1, max_value=10_000, places=2)
    basis = Basis(
        year,
        tuple(periods),
        {STATE: draw(positive), MUNICIPAL: draw(positive)},
        {STATE: draw(positive), MUNICIPAL: draw(positive)},
    )
    money = st.decimals(min_value=0, max_value=10**7, places=2)
    lines = [
        Line(
            i,
            f"line {i}",
            draw(st.sampled_from([ARSVERK, PERCENTAGE, AREA])),
            draw(money),
            tuple(draw(money) for _ in range(4)),
        )
        for i in range(draw(st.integers(0, 8)))
    ]
    return basis, lines


@FAST
@given(case=years(), data=st.data())
def test_compute_adds_up_and_ignores_the_order_of_the_lines(case, data):
    basis, lines = case
    result = compute(basis=basis, lines=lines, tenant=STATE)
    for s in result.lines:
        assert sum(s.budget.values()) == s.line.budget
        assert sum(s.actual.values()) == sum(s.line.actuals)
        for part, amount in zip(s.actual_quarters, s.line.actuals, strict=True):
            assert sum(part.values()) == amount
        assert all(v >= 0 for v in [*s.budget.values(), *s.actual.values()])
    assert sum(result.budget_totals.values()) == result.budget_total
    assert sum(result.actual_totals.values()) == result.actual_total
    assert result.budget_total == sum((x.budget for x in lines), Z)
    assert result.year_settlement.shares == result.actual_totals
    for p in PARTIES:
        assert sum(q.shares[p] for q in result.quarters) == result.year_settlement.shares[p]
    for shares in result.key_shares.values():
        assert sum(shares.values()) == 100
    # Under a key that does not change during the year, the year's actual is the exact
    # split of the year's actuals.
    for s in result.lines:
        if s.line.key in (PERCENTAGE, AREA):
            constant = basis.percentages if s.line.key == PERCENTAGE else basis.areas
            assert s.actual == allocate(sum(s.line.actuals, Z), constant)

    permuted = compute(basis=basis, lines=data.draw(st.permutations(lines)), tenant=STATE)
    by_ident = {s.line.ident: s for s in result.lines}
    for s in permuted.lines:
        assert (s.budget, s.actual, s.actual_quarters) == (
            by_ident[s.line.ident].budget,
            by_ident[s.line.ident].actual,
            by_ident[s.line.ident].actual_quarters,
        )
    assert permuted.budget_totals == result.budget_totals
    assert permuted.actual_totals == result.actual_totals
    assert permuted.quarters == result.quarters
    assert permuted.key_shares == result.key_shares


@FAST
@given(
    quarters=st.lists(
        st.one_of(
            st.none(),
            st.tuples(
                st.integers(-(10**9), 10**9),
                st.decimals(min_value=0, max_value=100, places=2),
                st.decimals(min_value=0, max_value=100, places=2),
            ).filter(lambda q: q[1] or q[2]),
        ),
        min_size=4,
        max_size=4,
    )
)
def test_the_two_party_year_to_date_rounds_as_the_general_one(quarters):
    """The integer fast path for the two parties gives what the general settlement (on
    fractions, by allocate's rules) gives, for charges and credits alike."""
    fast, general = [], []
    for quarter in quarters:
        if quarter is None:
            fast.append(None)
            general.append(None)
            continue
        ore, state, municipal = quarter
        weights = {STATE: state, MUNICIPAL: municipal}
        fast.append((ore, *_state_ratio(weights)))
        general.append(_exact(D(ore).scaleb(-2), weights))
    assert _pair_year_to_date(fast) == _year_to_date(general)
