"""The one computation of the driftsavtale: who pays what, to the øre.

Pure functions over plain values (no database), so every page, export, PDF, what-if and the
benchmark use exactly the same arithmetic. Money is ``Decimal`` kroner with two decimals;
never float. Every split is made with the largest-remainder method in whole øre, so the
parts always add up to the whole.

The rules (stated to the users in the same words by ``costsharing.rules``):

* the budget is split by the year's key (årsverk weighted by the days they apply, over the
  whole year; or the agreed percentages or floor areas);
* actual costs are split quarter by quarter by that quarter's key. Each quarter is settled on
  the year to date: the exact shares of everything spent so far (each quarter's amount by its
  own key, as fractions, never rounded on the way) are rounded once, and the quarter gets the
  difference from what the quarters before it got. So the quarters add up to the year, and the
  year is the exact split of the year's actuals, rounded once;
* each cost line is split on its own; the totals add up the lines;
* rounding is by largest remainder: each party first gets its exact share rounded down to the
  øre, the øre left over go to the largest remainders; equal remainders go to the larger
  share; equal shares to the municipality (among a vertskommune's municipalities, by name).
"""

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import floor, gcd, lcm

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
    weight (their årsverk, population or percentage), and their names (equal shares: by
    name)."""

    kind: str
    weights: Mapping[Hashable, Decimal]
    names: Mapping[Hashable, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LineSplit:
    line: Line
    budget: dict[str, Decimal]
    actual: dict[str, Decimal]  # the year to date: the sum of the quarters' splits
    # Each quarter's part (None: the quarter has no key to split it by, see Result.missing).
    actual_quarters: tuple[dict[str, Decimal] | None, ...]

    @property
    def actual_total(self) -> Decimal:
        """The actuals that are split (a quarter without a key is left out)."""
        return sum(
            (_money(a) for a, q in zip(self.line.actuals, self.actual_quarters, strict=True) if q),
            ZERO,
        )


@dataclass(frozen=True)
class QuarterSettlement:
    """One quarter (1–4, or 0 for the whole year) between the tenant and the other party.

    A quarter in which no actual cost is registered is not ``registered``; one that has costs
    but no key to split them by has the message saying what to enter in ``missing`` (then no
    line is split in it: its shares are zero, its ``actual_total`` what waits to be split).
    The year adds up the quarters that are registered and not missing, listed in ``covers``."""

    quarter: int
    actual_total: Decimal
    shares: dict[str, Decimal]  # each party's share of the actuals
    paid_on_account: Decimal  # paid by the non-tenant to the tenant
    balance: Decimal  # non-tenant's share minus what it paid: > 0 it owes the tenant
    registered: bool = True
    missing: str = ""
    covers: tuple[int, ...] = ()

    @property
    def settled(self) -> bool:
        """Whether the balance says who owes whom (costs registered, and a key for them)."""
        return self.registered and not self.missing

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
    # each quarter's part per municipality (None: the quarter could not be split)
    municipal_quarters: tuple[dict[Hashable, Decimal] | None, ...] = ()
    # each quarter's key (percent per party, two decimals) for each key in use
    quarter_key_shares: tuple[dict[str, dict[str, Decimal]], ...] = ()
    # quarter -> what to enter so that its costs can be split
    missing: dict[int, str] = field(default_factory=dict)

    @property
    def non_tenant(self) -> str:
        return MUNICIPAL if self.tenant == STATE else STATE


def allocate(
    total: Decimal,
    weights: Mapping[Hashable, Decimal | Fraction],
    names: Mapping[Hashable, str] | None = None,
) -> dict[Hashable, Decimal]:
    """Split ``total`` kroner among the keys of ``weights`` in proportion, in whole øre.

    Largest-remainder method: each key first gets its exact share rounded down to the øre;
    the øre left over go one each to the keys with the largest remainders. Ties are broken
    by the larger weight first, then by name (``names[key]``, else ``str(key)``) ascending
    (then ``repr(key)``), so the result never depends on the mapping's insertion order; the
    parties' keys make it "the municipality" before "the state". The arithmetic is done on exact
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
    name = (lambda k: names.get(k, str(k))) if names else str
    order = sorted(
        (key for key in ints if remainders[key]),
        key=lambda k: (-remainders[k], -ints[k], name(k), repr(k)),
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
    if isinstance(weight, Fraction):
        if weight < 0:
            raise ValueError(f"A weight must be zero or more, not {weight}.")
        return weight.as_integer_ratio()
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


class NoArsverk(SplitError):
    """No årsverk to split a period's costs by: none registered, or 0 for both parties."""

    def __init__(self, start: dt.date, end: dt.date, registered: bool):
        self.start, self.end = start, end
        dates = {
            "start": date_format(start, "SHORT_DATE_FORMAT"),
            "end": date_format(end, "SHORT_DATE_FORMAT"),
        }
        if registered:
            message = _(
                "The årsverk registered for %(start)s–%(end)s are 0 for both parties, so the "
                "costs of that period cannot be shared by årsverk."
            )
        else:
            message = _(
                "No årsverk are registered for %(start)s–%(end)s, so the costs of that "
                "period cannot be shared by årsverk."
            )
        super().__init__(message % dates)


def key_weights(kind: str, basis: Basis, start: dt.date, end: dt.date) -> dict[str, Decimal]:
    """The parties' weights for a key over [start, end]; only årsverk change with the dates.

    Raises SplitError naming what is missing, because a split by an absent key would
    silently put everything on one party.
    """
    if kind == ARSVERK:
        weights = fte_days(basis.periods, start, end)
        if not any(weights.values()):
            registered = any(p.start <= end and p.end >= start for p in basis.periods)
            raise NoArsverk(start, end, registered)
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


def settle(exact: Mapping[Hashable, Fraction], names: Mapping[Hashable, str] | None = None):
    """Exact shares in øre (fractions that add up to a whole number of øre) rounded to whole
    øre by largest remainder, adding up to the same total, as kroner."""
    total = sum(exact.values(), Fraction(0))
    if total.denominator != 1:
        raise ValueError("The exact shares must add up to whole øre.")
    amount = Decimal(int(total)).scaleb(-2)
    if all(e >= 0 for e in exact.values()):
        return allocate(amount, exact, names)
    if all(e <= 0 for e in exact.values()):  # a credit: the mirror image of a charge
        return allocate(amount, {k: -e for k, e in exact.items()}, names)
    floors = {k: floor(e) for k, e in exact.items()}  # credits and charges mixed
    name = (lambda k: names.get(k, str(k))) if names else str
    order = sorted(exact, key=lambda k: (floors[k] - exact[k], -exact[k], name(k), repr(k)))
    for key in order[: int(total) - sum(floors.values())]:
        floors[key] += 1
    return {k: Decimal(v).scaleb(-2) for k, v in floors.items()}


def _exact(amount: Decimal, weights: Mapping[Hashable, Decimal]) -> dict[Hashable, Fraction]:
    """``amount`` shared in proportion to ``weights``, in øre, exactly."""
    whole = sum((Fraction(w) for w in weights.values()), Fraction(0))
    return {key: _ore(amount) * Fraction(w) / whole for key, w in weights.items()}


def _year_to_date(parts, names=None) -> tuple[dict | None, ...]:
    """Each quarter's part of a series of exact shares (øre) given per quarter (None: the
    quarter cannot be split), settled on the year to date: the quarter gets the rounded
    total so far minus what the quarters before it got."""
    so_far: dict[Hashable, Fraction] = {}
    settled: dict[Hashable, Decimal] = {}
    out: list[dict | None] = []
    for part in parts:
        if part is None:
            out.append(None)
            continue
        for key, value in part.items():
            so_far[key] = so_far.get(key, Fraction(0)) + value
        now = settle(so_far, names)
        out.append({key: now[key] - settled.get(key, ZERO) for key in now})
        settled = now
    return tuple(out)


def _state_ratio(weights: Mapping[str, Decimal]) -> tuple[int, int]:
    """The state's part of the parties' weights as an exact fraction (numerator,
    denominator)."""
    a, b = _ratio(weights[STATE])
    c, d = _ratio(weights[MUNICIPAL])
    return a * d, a * d + c * b


def _pair_year_to_date(parts) -> tuple[dict[str, Decimal] | None, ...]:
    """``_year_to_date`` for the two parties, in integers (the computation's hot path): each
    part is (øre, state's numerator, denominator) or None. The state's exact share so far is
    rounded by largest remainder between the two (as ``allocate``: a remainder over a half
    wins the øre; at exactly a half the larger share, and at equal shares the municipality)."""
    num, den, total = 0, 1, 0  # the state's exact share so far is num / den øre
    settled_state = settled_total = 0
    out: list[dict[str, Decimal] | None] = []
    for part in parts:
        if part is None:
            out.append(None)
            continue
        ore, share_num, share_den = part
        if ore:
            num, den = num * share_den + ore * share_num * den, den * share_den
            common = gcd(num, den)
            num, den, total = num // common, den // common, total + ore
        if total < 0 or num < 0:  # a credit: the generic rounding (its mirror image)
            exact = Fraction(num, den)
            rounded = settle({STATE: exact, MUNICIPAL: total - exact})
            state = int(rounded[STATE].scaleb(2))
        else:
            whole, rest = divmod(num, den)
            wins = 2 * rest > den or (2 * rest == den and 2 * num > total * den)
            state = whole + 1 if rest and wins else whole
        out.append(
            {
                STATE: Decimal(state - settled_state).scaleb(-2),
                MUNICIPAL: Decimal((total - state) - (settled_total - settled_state)).scaleb(-2),
            }
        )
        settled_state, settled_total = state, total
    return tuple(out)


def compute(
    *,
    basis: Basis,
    lines: Sequence[Line],
    tenant: str,
    paid_on_account: Sequence[Decimal] = (),
    sub_key: SubKey | None = None,
) -> Result:
    """Split every line's budget (by the year's key) and actuals (quarter by quarter, by
    that quarter's key, settled on the year to date), add them up, and settle each quarter
    between the tenant, who pays the invoices, and the other party, who pays on account.

    Weights are only looked up for non-zero amounts, so a key whose data is missing is an
    error only when there is money to share by it. A quarter with costs to share by årsverk
    and no årsverk in it is marked (``Result.missing``) and left out of the year; the rest
    is split. Any other missing key (no percentages, no areas, no årsverk all year for a
    budget) raises SplitError.
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

    def weights(kind: str, interval: tuple[dt.date, dt.date]) -> dict[str, Decimal]:
        if (kind, interval) not in cache:
            cache[kind, interval] = key_weights(kind, basis, *interval)
        return cache[kind, interval]

    missing: dict[int, str] = {}

    ratios: dict[tuple, tuple[int, int]] = {}

    def exact_part(amount: Decimal, kind: str, index: int) -> tuple[int, int, int] | None:
        """(øre, the state's share as numerator, denominator), or None: no key."""
        if not amount:
            return (0, 0, 1)
        try:
            if (kind, index) not in ratios:
                ratios[kind, index] = _state_ratio(weights(kind, periods[index]))
            return (_ore(amount), *ratios[kind, index])
        except NoArsverk as error:
            advice = _(
                "Register the årsverk of that quarter for at least one party, or move its "
                "costs to a quarter that has årsverk."
            )
            missing[index + 1] = f"{error} {advice}"
            return None

    exact = [[exact_part(a, line.key, i) for i, a in enumerate(line.actuals)] for line in lines]
    # A quarter that cannot be split is left out for every line, so that the lines, the
    # quarters and the year always show the same costs.
    splits = []
    for line, parts in zip(lines, exact, strict=True):
        budget = allocate(line.budget, weights(line.key, year)) if line.budget else None
        in_quarters = _pair_year_to_date(
            [None if (i + 1) in missing else part for i, part in enumerate(parts)]
        )
        actual = {p: sum((q[p] for q in in_quarters if q), ZERO) for p in PARTIES}
        splits.append(LineSplit(line, budget or dict.fromkeys(PARTIES, ZERO), actual, in_quarters))

    paid = [_money(x) for x in paid_on_account] + [ZERO] * (4 - len(paid_on_account))
    settlements = []
    for index in range(4):
        split_here = [s.actual_quarters[index] for s in splits if s.actual_quarters[index]]
        shares = {p: sum((q[p] for q in split_here), ZERO) for p in PARTIES}
        total = sum((_money(s.line.actuals[index]) for s in splits), ZERO)
        settlements.append(
            QuarterSettlement(
                index + 1,
                total,
                shares,
                paid[index],
                shares[non_tenant] - paid[index],
                registered=any(s.line.actuals[index] for s in splits),
                missing=missing.get(index + 1, ""),
            )
        )
    counted = [q for q in settlements if q.settled]
    year_settlement = QuarterSettlement(
        0,
        sum((q.actual_total for q in counted), ZERO),
        {p: sum((q.shares[p] for q in counted), ZERO) for p in PARTIES},
        sum((q.paid_on_account for q in counted), ZERO),
        sum((q.balance for q in counted), ZERO),
        covers=tuple(q.quarter for q in counted),
    )

    budget_totals = {p: sum((s.budget[p] for s in splits), ZERO) for p in PARTIES}
    actual_totals = {p: sum((s.actual[p] for s in splits), ZERO) for p in PARTIES}
    municipal_budget, municipal_actual, municipal_quarters = {}, {}, ()
    if sub_key is not None:
        municipal_budget = _sub_split(budget_totals[MUNICIPAL], sub_key)
        municipal_quarters = _municipal_quarters(settlements, sub_key)
        municipal_actual = {
            m: sum((q[m] for q in municipal_quarters if q), ZERO) for m in sub_key.weights
        }
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
        municipal_quarters=municipal_quarters,
        quarter_key_shares=tuple(_key_shares(basis, lines, q, used_only=True) for q in periods),
        missing=missing,
    )


def _municipal_quarters(settlements, sub_key: SubKey) -> tuple[dict | None, ...]:
    """Each quarter's municipal share divided among the municipalities, on the year to date
    (so the quarters add up to the year's division of the municipal share)."""
    if not any(sub_key.weights.values()):
        _sub_split(sum((q.shares[MUNICIPAL] for q in settlements), ZERO), sub_key)  # says why
        zeros = dict.fromkeys(sub_key.weights, ZERO)
        return tuple(None if q.missing else zeros for q in settlements)
    parts = [
        None if q.missing else _exact(q.shares[MUNICIPAL], sub_key.weights) for q in settlements
    ]
    return _year_to_date(parts, sub_key.names)


def _key_shares(
    basis: Basis, lines: Sequence[Line], interval, used_only: bool = False
) -> dict[str, dict[str, Decimal]]:
    """Each key's percent per party over ``interval`` (the year, or a quarter), for display.
    A key whose data is missing is left out rather than raising: it only matters if a line
    has money to share by it, and then the line's split has already said what is missing."""
    used = {line.key for line in lines}
    if basis.periods and not used_only:
        used.add(ARSVERK)
    shares = {}
    for kind in (k for k in KINDS if k in used):
        try:
            shares[kind] = allocate(HUNDRED, key_weights(kind, basis, *interval))
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
    return allocate(amount, sub_key.weights, sub_key.names)
