"""Server time and query count of the overview (/oversikt/) for a county director with N
partnerships, each with an agreement, a forum with meetings and actions, and this year's
driftsavtale (made by seed_scale).

Run: uv run python bench/overview.py [N ...]   (default 400; a throwaway SQLite test database)
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navpartner.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from demo.scale import seed_scale  # noqa: E402

URLS = [
    ("/oversikt/", "first page"),
    ("/oversikt/?behind=1&sort=-actions", "behind, by actions"),
    # Sorting by cost splits every driftsavtale, not only those on the page.
    ("/oversikt/?sort=-costs", "by costs"),
]


def build(n):
    start = time.perf_counter()
    seeded = seed_scale(
        n, county_number=f"{10 + len(str(n)):02d}", county_name=f"NAV Bench {n}",
        username=f"director{n}",
    )  # fmt: skip
    return seeded.director, time.perf_counter() - start


def measure(client, url, repeats=10):
    client.get(url)  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    rows = response.content.decode().count('data-testid="overview-row"')
    return statistics.median(times), max(times), len(queries), rows


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [400]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        print(f"{'partnerships':>12} {'page':<20} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for n in sizes:
            director, seconds = build(n)
            print(f"{'':>12} (seed_scale --partnerships {n}: {seconds:.1f} s)")
            client = Client()
            client.force_login(director)
            for url, label in URLS:
                median, worst, queries, rows = measure(client, url)
                print(
                    f"{n:>12} {label:<20} {median:>10.1f} {worst:>8.1f} {queries:>8}"
                    f"   ({rows} rows shown)"
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print("reproduce: uv run python bench/overview.py " + " ".join(map(str, sizes)))


if __name__ == "__main__":
    main()
