"""Every page type at county scale, as a ratio to a bare view measured in the same run
(issue 17: every page within 10× a bare login-required Django view at 400 partnerships).

On the configured database: PostgreSQL when DATABASE_URL says so (e.g.
`DATABASE_URL=postgres://…`), else SQLite; a throwaway test database either way. It seeds
two counties with `seed_scale` (N=50 and N=400 partnerships, each with its agreements,
forum, meetings, actions and driftsavtale) and logs in as each county's director. A bare
view (`login_required`, returns a short text) is added inside this script only, by a URLconf
that puts it before the product's own. For each page: the queries, the median and the
minimum of R timed requests after one warm-up, and the median as a multiple of the bare
view's median, the bare view requested just before each of the page's requests (the machine
is shared and noisy, its speed drifts within a run: the ratio of requests made side by side
is the figure; the milliseconds only say where it stood today). "× alone" is the same median
over the bare view's row, whose requests follow bare requests only: a bare request made after
a page costs more than one made after another bare one, with the same calls and queries and
no more page faults (the CPU's and PostgreSQL's caches: 3.7 against 2.0 ms of CPU after the
overview at 400 partnerships), so this ratio is the stricter one, a bare view in a tight loop.

The pages are measured as a production worker answers them: after what gunicorn.conf.py's
`when_ready` does in the master before forking the workers (the URLconf, the catalogues, the
templates compiled, and `gc.freeze()`, so that the collector does not scan the loaded
application on every full collection; without it a full collection in the middle of a page
costs that page tens of ms), each request through the production entry point,
navpartner/wsgi.py's `application`, as gunicorn's sync worker calls it (with the environ of a
real request, the session cookie, the database connection kept between requests and checked
at the first query of each, as the production settings have it), timed until the body is
read, which is when the worker has sent it. The worker then closes the response, and the
collector runs on what the request left (navpartner/collector.py): "after" is the median ms
of that, which the user does not wait for but the worker's CPU pays.

The calendar feed is polled as a calendar app polls it (no session), four ways: a full render
(the cache emptied before each poll), one meeting changed (its place, untimed, before each
poll: only that event is built again), the cached body (nothing changed) and 304 (the poll
sends the ETag it was given).

Run: uv run python bench/pages.py [R]        (default R=15)
     DATABASE_URL=postgres://user@127.0.0.1:5432/db uv run python bench/pages.py
"""

import itertools
import logging
import os
import runpy
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navpartner.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.decorators import login_required  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    override_settings,
)
from django.urls import include, path, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from agreements.models import Agreement  # noqa: E402
from costsharing.models import OperatingAgreement  # noqa: E402
from demo.scale import seed_scale  # noqa: E402
from meetings.models import Forum, Meeting  # noqa: E402
from navpartner import wsgi  # noqa: E402
from oversight.services.calendar import calendar_feed_get_or_create  # noqa: E402

SIZES = (50, 400)


@login_required
def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench-bare/", bare), path("", include(settings.ROOT_URLCONF))]


def pages(seeded) -> list[tuple[str, str]]:
    """(label, URL) of every page type, about the county's first partnership with a
    driftsavtale."""
    driftsavtale = (
        OperatingAgreement.objects.filter(partnership__in=seeded.partnerships)
        .order_by("pk")
        .first()
    )
    partnership = driftsavtale.partnership
    agreement = Agreement.objects.filter(partnership=partnership).order_by("-version").first()
    section = agreement.sections.order_by("position").first()
    forum = Forum.objects.get(partnership=partnership)
    meeting = Meeting.objects.filter(forum=forum).order_by("-starts_at").first()
    return [
        ("bare view", "/bench-bare/"),
        ("home", "/"),
        ("overview", reverse("oversight:overview")),
        ("overview by costs", reverse("oversight:overview") + "?sort=-costs"),
        ("overview behind", reverse("oversight:overview") + "?behind=1&sort=-actions"),
        ("status list", reverse("oversight:agreement_status")),
        ("agreement", reverse("agreements:agreement_detail", args=[agreement.pk])),
        ("section", reverse("agreements:section_detail", args=[agreement.pk, section.pk])),
        ("changes", reverse("agreements:agreement_changes", args=[agreement.pk])),
        ("forum", reverse("meetings:forum_detail", args=[forum.pk])),
        ("meeting", reverse("meetings:meeting_detail", args=[meeting.pk])),
        ("driftsavtale", reverse("costsharing:detail", args=[driftsavtale.pk])),
        ("settlement", reverse("costsharing:settlement", args=[driftsavtale.pk])),
        (
            "split as XLSX",
            reverse("costsharing:export", args=[driftsavtale.pk, "fordeling", "xlsx"]),
        ),
        ("notifications", reverse("oversight:notifications")),
    ]


def wsgi_get(url: str, *, session: str = "", headers: dict | None = None):
    """GET url as gunicorn's sync worker does: navpartner.wsgi.application called with the
    request's environ, the body read as it is sent. Returns the status code and the response,
    not yet closed (the worker closes it after sending)."""
    cookies = {"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={session}"} if session else {}
    environ = RequestFactory().get(url, headers=headers, **cookies).environ
    statuses = []
    response = wsgi.application(environ, lambda status, _headers: statuses.append(status))
    b"".join(response)
    return int(statuses[0].split()[0]), response


def measure(request, repeats, *, bare, before=None, status=200):
    """Queries, median and minimum ms of ``request()`` (a wsgi_get) after a warm-up, the
    median ms of closing its response, and the median ms of the bare view requested just
    before each of them: the ratio compares requests made at the same moment, so that the
    machine's speed changing during the run (it is shared) moves both. ``before()`` runs
    untimed before each."""
    times, after, bare_times = [], [], []
    for _ in range(repeats + 1):  # the first is the warm-up
        start = time.perf_counter()
        _, response = bare()
        bare_times.append((time.perf_counter() - start) * 1000)
        response.close()
        if before:
            before()
        start = time.perf_counter()
        code, response = request()
        sent = time.perf_counter()
        response.close()
        times.append((sent - start) * 1000)
        after.append((time.perf_counter() - sent) * 1000)
        assert code == status, code
    if before:
        before()
    with CaptureQueriesContext(connection) as queries:
        request()[1].close()
    return (
        len(queries),
        statistics.median(times[1:]),
        min(times[1:]),
        statistics.median(bare_times[1:]),
        statistics.median(after[1:]),
    )


def feed_polls(seeded, repeats, bare):
    """The calendar feed polled four ways (see the module docstring), by label."""
    url = reverse(
        "oversight:calendar_feed", args=[calendar_feed_get_or_create(user=seeded.director).token]
    )
    meeting = (
        Meeting.objects.filter(forum__partnership__in=seeded.partnerships)
        .filter(starts_at__gte=timezone.now())  # in the feed's window
        .earliest("starts_at")
    )
    places = itertools.count()

    def move_one():
        Meeting.objects.filter(pk=meeting.pk).update(place=f"Møterom {next(places)}")

    results = {
        "feed: full render": measure(lambda: wsgi_get(url), repeats, bare=bare, before=cache.clear),
        "feed: one changed": measure(lambda: wsgi_get(url), repeats, bare=bare, before=move_one),
        "feed: cached body": measure(lambda: wsgi_get(url), repeats, bare=bare),
    }
    _, response = wsgi_get(url)
    response.close()
    etag = response["ETag"]
    results["feed: 304"] = measure(
        lambda: wsgi_get(url, headers={"if-none-match": etag}), repeats, bare=bare, status=304
    )
    return results


def warm_up_as_gunicorn():
    """What gunicorn.conf.py's ``when_ready`` does in the master before the workers are
    forked (the production command's configuration, run as it is)."""
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config["when_ready"](SimpleNamespace(log=logging.getLogger("bench")))


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        # Not `setup_test_environment()`: it instruments every template render to copy its
        # context for the test client, a cost production does not pay (and the bare view,
        # which renders no template, would not either).
        with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
            counties = {}
            for n in SIZES:
                start = time.perf_counter()
                counties[n] = seed_scale(
                    n, county_number=f"{60 + len(counties)}", county_name=f"NAV Bench {n}",
                    username=f"director{n}",
                )  # fmt: skip
                print(f"seed_scale {n}: {time.perf_counter() - start:.1f} s")
            if connection.vendor == "postgresql":
                # As autovacuum would after a bulk load: the planner needs the statistics.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            warm_up_as_gunicorn()
            # Kept between requests, as production keeps it (settings/production.py).
            connection.settings_dict["CONN_MAX_AGE"] = 60
            results = {}
            for n, seeded in counties.items():
                client = Client()
                client.force_login(seeded.director)
                session = client.cookies[settings.SESSION_COOKIE_NAME].value

                def bare_request(s=session):
                    return wsgi_get("/bench-bare/", session=s)

                for label, url in pages(seeded):
                    results[label, n] = measure(
                        lambda u=url, s=session: wsgi_get(u, session=s), repeats, bare=bare_request
                    )
                for label, figures in feed_polls(seeded, repeats, bare_request).items():
                    results[label, n] = figures
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(
        f"database: {connection.vendor}; cache: {backend}; {repeats} timed requests per page "
        "after a warm-up"
    )
    header = f"{'page':<20}"
    for n in SIZES:
        header += f" | N={n:<3} {'queries':>7} {'median':>7} {'min':>6} {'× bare':>7}"
        header += f" {'× alone':>7} {'after':>6}"
    print(header)
    for label in [label for label, n in results if n == SIZES[0]]:
        line = f"{label:<20}"
        for n in SIZES:
            queries, median, low, bare_median, after = results[label, n]
            alone = median / results["bare view", n][1]
            line += f" |       {queries:>7} {median:>7.1f} {low:>6.1f} {median / bare_median:>7.1f}"
            line += f" {alone:>7.1f} {after:>6.1f}"
        print(line)
    print("reproduce: uv run python bench/pages.py " + str(repeats))


if __name__ == "__main__":
    main()
