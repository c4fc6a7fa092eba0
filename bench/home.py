"""Server time and query count of 'Mine partnerskap' for a county director with N partnerships.

Run: uv run python bench/home.py [N ...]   (default 3 100 400; a throwaway SQLite test database)
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


def build(n):
    from django.contrib.auth import get_user_model

    from partnerships.models import Membership
    from tests.factories import county_with_partnerships

    county = county_with_partnerships(
        n, number=f"{10 + len(str(n)):02d}", name=f"NAV Bench {n}", first_kommune=1000 + n * 10
    )
    user = get_user_model().objects.create_user(f"director{n}", password="x")  # noqa: S106
    Membership.objects.create(user=user, county=county, side="state", role="signatory")
    return user


def measure(n, repeats=20):
    client = Client()
    client.force_login(build(n))
    client.get("/")  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get("/")
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    return statistics.median(times), max(times), len(queries)


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [3, 100, 400]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        print(f"{'partnerships':>12} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for n in sizes:
            median, worst, queries = measure(n)
            print(f"{n:>12} {median:>10.1f} {worst:>8.1f} {queries:>8}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print("reproduce: uv run python bench/home.py " + " ".join(map(str, sizes)))


if __name__ == "__main__":
    main()
