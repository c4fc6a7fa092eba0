"""Wall time and peak memory of the driftsavtale computation (costsharing.split.compute).

400 partnerships × 12 expense lines (husleie by area, the rest by årsverk), each party's
årsverk changing 4 times during the year, quarterly actuals and payments on account, every
tenth partnership a vertskommune divided by population. Pure computation, no database;
the data are pseudo-random with a fixed seed, so every run computes the same figures.

Run: uv run python bench/costsharing.py [N]   (N timed runs over all 400, default 5)
"""

import datetime as dt
import random
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402

settings.configure(USE_I18N=False)  # split.py only needs gettext for its error messages

from costsharing.split import (  # noqa: E402
    AREA,
    ARSVERK,
    MUNICIPAL,
    PARTIES,
    POPULATION,
    STATE,
    Basis,
    Line,
    Period,
    SubKey,
    compute,
)

YEAR = 2026
PARTNERSHIPS = 400
EXPENSES = [
    "Husleie",
    "Renhold",
    "Strøm",
    "Vakthold",
    "IKT-drift",
    "Telefoni",
    "Kontorrekvisita",
    "Porto",
    "Kantine",
    "Vedlikehold",
    "Forsikring",
    "Avfall",
]


def kroner(rng, low, high):
    return Decimal(rng.randint(low * 100, high * 100)).scaleb(-2)


def periods(rng, side):
    """Five periods covering the year: the årsverk change on four random days."""
    changes = sorted(rng.sample(range(1, 365), 4))
    first = dt.date(YEAR, 1, 1)
    bounds = [first, *(first + dt.timedelta(days=d) for d in changes)]
    ends = [b - dt.timedelta(days=1) for b in bounds[1:]] + [dt.date(YEAR, 12, 31)]
    return [
        Period(side, start, end, Decimal(rng.randint(20, 400)).scaleb(-1))
        for start, end in zip(bounds, ends, strict=True)
    ]


def build(rng):
    cases = []
    for n in range(PARTNERSHIPS):
        basis = Basis(
            YEAR,
            tuple(periods(rng, STATE) + periods(rng, MUNICIPAL)),
            areas={side: Decimal(rng.randint(100, 2000)) for side in PARTIES},
        )
        lines = []
        for i, name in enumerate(EXPENSES):
            budget = kroner(rng, 10_000, 2_000_000)
            actuals = tuple(kroner(rng, 0, int(budget) // 3) for _ in range(4))
            lines.append(Line(i, name, AREA if i == 0 else ARSVERK, budget, actuals))
        sub_key = None
        if n % 10 == 0:
            towns = {f"kommune {k}": Decimal(rng.randint(800, 30_000)) for k in range(4)}
            sub_key = SubKey(POPULATION, towns)
        cases.append(
            {
                "basis": basis,
                "lines": lines,
                "tenant": STATE if n % 2 else MUNICIPAL,
                "paid_on_account": [kroner(rng, 0, 500_000) for _ in range(4)],
                "sub_key": sub_key,
            }
        )
    return cases


def run(cases):
    return [compute(**case) for case in cases]


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    cases = build(random.Random(1))
    results = run(cases)  # warm up, and a figure to check that runs compute the same thing
    checksum = sum(r.actual_totals[MUNICIPAL] for r in results)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run(cases)
        times.append((time.perf_counter() - start) * 1000)
    tracemalloc.start()
    run(cases)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    median, worst = statistics.median(times), max(times)
    print(f"{PARTNERSHIPS} partnerships × {len(EXPENSES)} lines, {repeats} runs")
    print(f"{'':>16} {'median ms':>10} {'max ms':>8}")
    print(f"{'all':>16} {median:>10.1f} {worst:>8.1f}")
    print(f"{'per partnership':>16} {median / PARTNERSHIPS:>10.3f} {worst / PARTNERSHIPS:>8.3f}")
    print(f"peak memory of one run over all: {peak / 1024:.0f} KiB")
    print(f"checksum (municipal actuals): {checksum} kr")
    print(f"reproduce: uv run python bench/costsharing.py {repeats}")


if __name__ == "__main__":
    main()
