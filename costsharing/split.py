"""The one computation of the driftsavtale: who pays what, to the øre.

Pure functions over plain values (no database), so every page, export, PDF, what-if and the
benchmark use exactly the same arithmetic. Money is ``Decimal`` kroner with two decimals;
never float. Every split is made with the largest-remainder method in whole øre, so the
parts always add up to the whole.
"""

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from math import lcm

from django.utils.formats import date_format
from django.utils.translation import gettext as _

# The values of partnerships.models.Side: this module imports no models, so that it (and
# bench/costsharing.py) runs without Django set up.
STATE, MUNICIPAL = "state", "municipal"
PARTIES = (STATE, MUNICIPAL)

# How a cost is shared between the two parties (veileder 3.8 recommends årsverk).
ARSVERK, PERCENTAGE, AREA = "arsverk", "percentage", "area"
KINDS = (ARSVERK, PERCENTAGE, AREA)
# How the municipal share is divided again among the municipalities of a vertskommune.
POPULATION = "population"

ORE = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100.00")


class SplitError(ValueError):
    """The data cannot be split (e.g. no årsverk at all in a quarter). ``str()`` is a
    complete sentence for the user, in the active language."""


@dataclass(frozen=True)
class Period:
    """One party's årsverk from ``start`` to ``end``, both days included."""

    side: str
    start: dt.date
    end: dt.date
    fte: Decimal


@dataclass(frozen=True)
class Line:
    """One shared expense. ``key`` is the key that applies to it (the line's own, else the
    agreement's). ``actuals`` are the amounts actually spent in quarters 1–4."""

    ident: Hashable
    name: str
    key: str
    budget: Decimal
    actuals: tuple[Decimal, Decimal, Decimal, Decimal]


@dataclass(frozen=True)
class Basis:
    """What the keys are computed from for one budget year."""

    year: int
    periods: tuple[Period, ...] = ()
    percentages: Mapping[str, Decimal] | None = None  # party -> percent, summing to 100
    areas: Mapping[str, Decimal] | None = None  # party -> m²


@dataclass(frozen=True)
class SubKey:
    """The municipal share divided among a vertskommune's municipalities: municipality ->
    weight (their årsverk, population or percentage)."""

    kind: str
    weights: Mapping[Hashable, Decimal]


@dataclass(frozen=True)
class LineSplit:
    line: Line
    budget: dict[str, Decimal]
    actual: dict[str, Decimal]  # the sum of the quarters' splits
    actual_quarters: tuple[dict[str, Decimal], ...]

    @property
    def actual_total(self) -> Decimal:
        return sum(self.line.actuals, Decimal("0.00"))


@dataclass(frozen=True)
class QuarterSettlement:
    """One quarter (1–4, or 0 for the whole year) between the tenant and the other party."""

    quarter: int
    actual_total: Decimal
    shares: dict[str, Decimal]  # each party's share of the actuals
    paid_on_account: Decimal  # paid by the non-tenant to the tenant
    balance: Decimal  # non-tenant's share minus what it paid: > 0 it owes the tenant

    @property
    def payer_owes(self) -> bool:
        return self.balance > 0


@dataclass(frozen=True)
class Result:
    year: int
    tenant: str
    lines: list[LineSplit]
    budget_totals: dict[str, Decimal]
    actual_totals: dict[str, Decimal]
    budget_total: Decimal
    actual_total: Decimal
    # each key's share of the year per party, in percent with two decimals (for display)
    key_shares: dict[str, dict[str, Decimal]]
    quarters: list[QuarterSettlement]
    year_settlement: QuarterSettlement
    # municipality -> its part of the municipal budget / actual totals (vertskommune only)
    municipal_budget: dict[Hashable, Decimal] = field(default_factory=dict)
    municipal_actual: dict[Hashable, Decimal] = field(default_factory=dict)

    @property
    def non_tenant(self) -> str:
        return MUNICIPAL if self.tenant == STATE else STATE


def allocate(total: Decimal, weights: Mapping[Hashable, Decimal]) -> dict[Hashable, Decimal]:
    """Split ``total`` kroner among the keys of ``weights`` in proportion, in whole øre.

    Largest-remainder method: each key first gets its exact share rounded down to the øre;
    the øre left over go one each to the keys with the largest remainders. Ties are broken
    by the larger weight first, then by ``str(key)`` ascending (then ``repr(key)``), so the
    result never depends on the mapping's insertion order. The arithmetic is done on exact
    integers (øre and weights scaled to a common denominator), never rounded on the way.

    A negative total (a credit) is split as its absolute value and negated, so credits and
    charges are mirror images. A zero total gives zeros, even when every weight is zero:
    there is nothing to share, so nothing is missing. Keys with weight 0 always get 0.00.
    """
    ore = _ore(total)
    ratios = {key: _ratio(weight) for key, weight in weights.items()}
    if ore == 0:
        return {key: ZERO for key in ratios}
    scale = lcm(*(d for _n, d in ratios.values()))
    ints = {key: n * (scale // d) for key, (n, d) in ratios.items()}
    whole = sum(ints.values())
    if whole <= 0:
        raise SplitError(_("Nothing to share by: every weight is zero."))
    sign, ore = (-1 if ore < 0 else 1), abs(ore)
    floors, remainders = {}, {}
    for key, weight in ints.items():
        floors[key], remainders[key] = divmod(ore * weight, whole)
    left = ore - sum(floors.values())  # < the number of keys with a non-zero remainder
    order = sorted(
        (key for key in ints if remainders[key]),
        key=lambda k: (-remainders[k], -ints[k], str(k), repr(k)),
    )
    for key in order[:left]:
        floors[key] += 1
    return {key: Decimal(sign * floors[key]).scaleb(-2) for key in ints}


def _ore(amount: Decimal) -> int:
    """Kroner as a whole number of øre; more than two decimals is refused, not rounded."""
    if isinstance(amount, float) or not isinstance(amount, Decimal | int):
        raise TypeError(f"An amount must be a Decimal, not {amount!r}.")
    if not Decimal(amount).is_finite():
        raise ValueError(f"{amount} is not an amount.")
    numerator, denominator = amount.as_integer_ratio()
    if (numerator * 100) % denominator:
        raise ValueError(f"{amount} kr has more than two decimals (whole øre only).")
    return numerator * 100 // denominator


def _money(amount: Decimal) -> Decimal:
    """An amount in kroner with exactly two decimals (5 -> 5.00)."""
    return Decimal(_ore(amount)).scaleb(-2)


def _ratio(weight) -> tuple[int, int]:
    """A weight as an exact fraction; floats are refused because they are not exact."""
    if isinstance(weight, float) or not isinstance(weight, Decimal | int):
        raise TypeError(f"A weight must be a Decimal, not {weight!r}.")
    if not Decimal(weight).is_finite() or weight < 0:
        raise ValueError(f"A weight must be zero or more, not {weight}.")
    return weight.as_integer_ratio()


def quarters(year: int) -> tuple[tuple[dt.date, dt.date], ...]:
    """The four calendar quarters of ``year`` as (first day, last day)."""
    return (
        (dt.date(year, 1, 1), dt.date(year, 3, 31)),
        (dt.date(year, 4, 1), dt.date(year, 6, 30)),
        (dt.date(year, 7, 1), dt.date(year, 9, 30)),
        (dt.date(year, 10, 1), dt.date(year, 12, 31)),
    )


def fte_days(periods: Sequence[Period], start: dt.date, end: dt.date) -> dict[str, Decimal]:
    """Each party's årsverk-days in [start, end]: Σ fte × days of the period inside it.

    Weighting by days in force is what makes "12.5 from 1 January, 10.5 from 1 July" count
    each figure for exactly as long as it applied (and a leap year for its 366 days).
    """
    days = dict.fromkeys(PARTIES, Decimal(0))
    for period in periods:
        if period.side not in days:
            raise ValueError(f"Unknown party {period.side!r}.")
        inside = (min(period.end, end) - max(period.start, start)).days + 1
        if inside > 0:
            days[period.side] += period.fte * inside
    return days


def key_weights(kind: str, basis: Basis, start: dt.date, end: dt.date) -> dict[str, Decimal]:
    """The parties' weights for a key over [start, end]; only årsverk change with the dates.

    Raises SplitError naming what is missing, because a split by an absent key would
    silently put everything on one party.
    """
    if kind == ARSVERK:
        weights = fte_days(basis.periods, start, end)
        if not any(weights.values()):
            raise SplitError(
                _(
                    "No årsverk are registered for %(start)s–%(end)s, so the costs of that "
                    "period cannot be shared by årsverk."
                )
                % {
                    "start": date_format(start, "SHORT_DATE_FORMAT"),
                    "end": date_format(end, "SHORT_DATE_FORMAT"),
                }
            )
    elif kind == PERCENTAGE:
        weights = {party: (basis.percentages or {}).get(party, ZERO) for party in PARTIES}
        if not any(weights.values()):
            raise SplitError(_("The key by percentage needs each party's percentage."))
    elif kind == AREA:
        weights = {party: (basis.areas or {}).get(party, ZERO) for party in PARTIES}
        if not any(weights.values()):
            raise SplitError(_("The key by floor area needs each party's area."))
    else:
        raise ValueError(f"Unknown key {kind!r}.")
    return weights


def compute(
    *,
    basis: Basis,
    lines: Sequence[Line],
    tenant: str,
    paid_on_account: Sequence[Decimal] = (),
    sub_key: SubKey | None = None,
) -> Result:
    """Split every line's budget (by the year's key) and actuals (quarter by quarter, by
    that quarter's key), add them up, and settle each quarter between the tenant, who pays
    the invoices, and the other party, who pays on account.

    Weights are only looked up for non-zero amounts, so a key whose data is missing is an
    error only when there is money to share by it.
    """
    if tenant not in PARTIES:
        raise ValueError(f"Unknown tenant {tenant!r}.")
    if len(paid_on_account) > 4:
        raise ValueError("At most four quarterly payments on account.")
    for line in lines:
        if line.key not in KINDS or len(line.actuals) != 4:
            raise ValueError(f"Line {line.ident!r} needs a known key and four quarters.")
    non_tenant = MUNICIPAL if tenant == STATE else STATE
    periods = quarters(basis.year)
    year = (periods[0][0], periods[-1][1])
    cache: dict[tuple, dict[str, Decimal]] = {}

    def share(amount: Decimal, kind: str, interval: tuple[dt.date, dt.date]):
        if not amount:
            return dict.fromkeys(PARTIES, ZERO)
        if (kind, interval) not in cache:
            cache[kind, interval] = key_weights(kind, basis, *interval)
        return allocate(amount, cache[kind, interval])

    splits = []
    for line in lines:
        in_quarters = tuple(
            share(amount, line.key, q) for amount, q in zip(line.actuals, periods, strict=True)
        )
        actual = {p: sum((q[p] for q in in_quarters), ZERO) for p in PARTIES}
        splits.append(LineSplit(line, share(line.budget, line.key, year), actual, in_quarters))

    paid = [_money(x) for x in paid_on_account] + [ZERO] * (4 - len(paid_on_account))
    settlements = []
    for index in range(4):
        shares = {p: sum((s.actual_quarters[index][p] for s in splits), ZERO) for p in PARTIES}
        total = sum((_money(s.line.actuals[index]) for s in splits), ZERO)
        balance = shares[non_tenant] - paid[index]
        settlements.append(QuarterSettlement(index + 1, total, shares, paid[index], balance))
    year_settlement = QuarterSettlement(
        0,
        sum((q.actual_total for q in settlements), ZERO),
        {p: sum((q.shares[p] for q in settlements), ZERO) for p in PARTIES},
        sum(paid, ZERO),
        sum((q.balance for q in settlements), ZERO),
    )

    budget_totals = {p: sum((s.budget[p] for s in splits), ZERO) for p in PARTIES}
    actual_totals = {p: sum((s.actual[p] for s in splits), ZERO) for p in PARTIES}
    municipal_budget, municipal_actual = {}, {}
    if sub_key is not None:
        municipal_budget = _sub_split(budget_totals[MUNICIPAL], sub_key)
        municipal_actual = _sub_split(actual_totals[MUNICIPAL], sub_key)
    return Result(
        year=basis.year,
        tenant=tenant,
        lines=splits,
        budget_totals=budget_totals,
        actual_totals=actual_totals,
        budget_total=sum((_money(line.budget) for line in lines), ZERO),
        actual_total=year_settlement.actual_total,
        key_shares=_key_shares(basis, lines, year),
        quarters=settlements,
        year_settlement=year_settlement,
        municipal_budget=municipal_budget,
        municipal_actual=municipal_actual,
    )


def _key_shares(basis: Basis, lines: Sequence[Line], year) -> dict[str, dict[str, Decimal]]:
    """Each key's percent per party over the year, for display. A key whose data is missing
    is left out rather than raising: it only matters if a line has money to share by it,
    and then the line's split has already said what is missing."""
    used = {line.key for line in lines} | ({ARSVERK} if basis.periods else set())
    shares = {}
    for kind in (k for k in KINDS if k in used):
        try:
            shares[kind] = allocate(HUNDRED, key_weights(kind, basis, *year))
        except SplitError:
            continue
    return shares


def _sub_split(amount: Decimal, sub_key: SubKey) -> dict[Hashable, Decimal]:
    """The municipal share divided among the vertskommune's municipalities."""
    if amount and not any(sub_key.weights.values()):
        raise SplitError(
            _(
                "The municipal share cannot be divided among the municipalities: "
                "every municipality's weight is zero or missing."
            )
        )
    return allocate(amount, sub_key.weights)
