"""Does the documented production command hold 50 users? (issue 17)

Starts, all throwaway and on loopback ports of its own: a PostgreSQL 15 cluster in a temporary
directory, Redis, a Celery worker and gunicorn with the repository's gunicorn.conf.py (the
production settings, served over plain HTTP: bench/load_settings.py). Migrates, runs
`seed_demo` and `seed_scale`, logs each demo user in once through the login form and finds,
as that user, the pages they can see (their partnerships, agreements, sections, forums,
meetings, driftsavtaler). Then runs locust headless twice with the same users, sessions and
pauses: the page mix (bench/load_locust.py `PageUser`, a few writes among the reads), and a
bare login-required view (`BareUser`, bench/load_urls.py). Prints, per page type and in
all, requests, errors, req/s and p50/p95/p99, the ratio of the two throughputs, and how many
gunicorn workers were replaced (max-requests) or killed (timeout) during the runs.

Each user pauses 0.5–1.5 s between clicks (a person reading), so 50 users offer about 50
requests a second: the bare view shows what the stack serves when pages cost nothing.

locust runs on the same two cores as the servers, so it is given a higher priority (nice -5,
when the bench may: as root) and uses locust's FastHttpUser, the lighter client: a client on
another machine is not slowed by the servers it measures. Even so the latencies locust
prints include the wait for a free gunicorn worker and locust's own delays: compare
gunicorn's access log (each request's ms in the worker), which the bench summarises too.

Run: uv run python bench/load.py [--users 50] [--seconds 60] [--partnerships 100]
     [--pause 0.5 1.5] [--max-requests 250]
     (~5 minutes on a 2-core machine; needs postgresql-15 and redis-server, as `make setup-test`
     installs)
"""

import argparse
import contextlib
import csv
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PASSWORD = "navpartner-demo"  # demo.DEMO_PASSWORD
SCALE_USER = "fylkesdirektor.skala"  # seed_scale's county director
# The links a person follows from their home page, by page type.
LINKS = {
    "partnership": r'href="(/partnerskap/\d+/)"',
    "agreement": r'href="(/avtaler/\d+/)"',
    "forum": r'href="(/forum/\d+/)"',
    "driftsavtaler": r'href="(/partnerskap/\d+/drift/)"',
    "driftsavtale": r'href="(/drift/\d+/)"',
    "section": r'href="(/avtaler/\d+/punkt/\d+/)"',
    "meeting": r'href="(/moter/\d+/)"',
    "comment": r'hx-post="(/avtaler/\d+/punkt/\d+/kommentarer/)"',
}
EVERYONE = {
    "home": ["/"],
    "overview": ["/oversikt/"],
    "agreement_status": ["/avtaler/"],
    "notifications": ["/varsler/"],
}
SECTIONS_PER_AGREEMENT = 4
OUT = ROOT / "bench" / "out" / "load"  # the servers' logs of the last run (git-ignored)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def step(what: str):
    print(f"-- {what}", flush=True)
    return time.monotonic()


def done(started: float):
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"   ({time.monotonic() - started:.1f} s; load average {load})", flush=True)


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root."""
    if os.geteuid() == 0:
        return [shutil.which("runuser") or "/usr/sbin/runuser", "-u", "postgres", "--", *command]
    return command


class Servers(contextlib.ExitStack):
    """The servers, each stopped (by the pid this bench started) when the block ends."""

    def __init__(self, work: Path):
        super().__init__()
        self.work = work
        self.pg_port, self.redis_port, self.web_port = free_port(), free_port(), free_port()
        self.base = f"http://127.0.0.1:{self.web_port}"
        self.env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "bench.load_settings",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/navpartner",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "CELERY_RESULT_BACKEND": f"redis://127.0.0.1:{self.redis_port}/1",
            "DJANGO_SECRET_KEY": "bench-only-not-a-secret",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "NAVPARTNER_BASE_URL": self.base,
            "DJANGO_MEDIA_ROOT": str(work / "media"),
            "EMAIL_URL": "consolemail://",
        }

    def postgres(self):
        data = self.work / "pgdata"
        data.mkdir(mode=0o700)
        self.work.chmod(0o755)
        if os.geteuid() == 0:
            shutil.chown(data, "postgres", "postgres")
        subprocess.run(
            as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"])
            + ["-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            check=True,
            capture_output=True,
        )
        options = (
            f"-p {self.pg_port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(data / "server.log")]
        subprocess.run(
            as_postgres([*pg_ctl, "-w", "-o", options, "start"]), check=True, capture_output=True
        )
        self.callback(
            subprocess.run, as_postgres([*pg_ctl, "-m", "fast", "-w", "stop"]), capture_output=True
        )
        subprocess.run(
            [str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.pg_port)]
            + ["-U", "postgres", "navpartner"],
            check=True,
        )

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = (self.work / f"{name}.log").open("w")
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        self.callback(self.stop, process)
        return process

    @staticmethod
    def stop(process: subprocess.Popen):
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()

    def redis(self):
        self.start(
            "redis",
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
        )

    def manage(self, *args: str) -> str:
        """A management command on the bench's database; its output (last line)."""
        with (self.work / "manage.log").open("a") as log:
            return (
                subprocess.run(
                    [sys.executable, "manage.py", *args],
                    cwd=ROOT,
                    env=self.env,
                    check=True,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    text=True,
                )
                .stdout.strip()
                .rpartition("\n")[2]
            )

    def worker(self):
        self.start(
            "celery",
            [str(BIN / "celery"), "-A", "navpartner", "worker", "--concurrency=1"]
            + ["--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        )

    def gunicorn(self, max_requests: int):
        """The production command of the README, on this bench's port."""
        self.env["GUNICORN_MAX_REQUESTS"] = str(max_requests)
        self.env["GUNICORN_MAX_REQUESTS_JITTER"] = str(max_requests // 10)
        process = self.start(
            "gunicorn",
            [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "navpartner.wsgi"]
            + ["--bind", f"127.0.0.1:{self.web_port}"]
            + ["--access-logfile", str(self.work / "access.log")],
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                sys.exit("gunicorn exited:\n" + (self.work / "gunicorn.log").read_text()[-3000:])
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"{self.base}/konto/logg-inn/", timeout=5).ok:
                    return
            time.sleep(0.5)
        sys.exit("gunicorn did not answer within 90 s")


def logged_in(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/konto/logg-inn/").raise_for_status()
    response = session.post(
        f"{base}/konto/logg-inn/",
        data={
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
    )
    if response.status_code != 302:
        sys.exit(f"could not log in as {username}: {response.status_code}")
    return session


def unique(found: list[str]) -> list[str]:
    return list(dict.fromkeys(found))


def pages_of(base: str, session: requests.Session) -> dict[str, list[str]]:
    """The pages this user reaches from their home page, by type: up to three partnerships,
    their agreements, forums and driftsavtaler, sections of each agreement, the meetings of
    each forum, and the sections the user may comment on."""
    found: dict[str, list[str]] = {kind: [] for kind in LINKS}

    def read(url: str, *kinds: str):
        text = session.get(base + url).text
        for kind in kinds:
            found[kind] = unique(found[kind] + re.findall(LINKS[kind], text))

    read("/", "partnership")
    for partnership in found["partnership"][:3]:
        read(partnership, "agreement", "forum", "driftsavtaler")
    for driftsavtaler in found.pop("driftsavtaler"):
        read(driftsavtaler, "driftsavtale")
    sections: list[str] = []
    for agreement in found["agreement"][:3]:
        text = session.get(base + agreement).text
        sections += unique(re.findall(LINKS["section"], text))[:SECTIONS_PER_AGREEMENT]
    found["section"] = sections
    for section in sections:
        read(section, "comment")
    for forum in found["forum"][:2]:
        read(forum, "meeting")
    found["partnership"] = found["partnership"][:3]
    return {**EVERYONE, **{kind: urls for kind, urls in found.items() if urls}}


def solo_ms(base: str, people: list[dict]) -> dict[str, float]:
    """Each page type asked alone, one request at a time (the GETs only): the median of five,
    in ms, as the first user who has that page type sees it. What a page costs without load."""
    timings = {}
    for person in people:
        session = requests.Session()
        for cookie in person["cookies"]:
            session.cookies.set(**cookie)
        pages = {**person["pages"], "bare view": ["/bench/bare/"]}
        for kind, urls in pages.items():
            if kind in timings or kind == "comment":
                continue
            times = []
            for _ in range(5):
                started = time.perf_counter()
                session.get(base + urls[0]).raise_for_status()
                times.append((time.perf_counter() - started) * 1000)
            timings[kind] = statistics.median(times)
    return timings


# locust's priority above the servers' (a lower nice value). It shares the two cores with
# the servers it measures; at their priority it is starved while they are busy, and its clock
# runs on after an answer has come. A client on another machine is not: so it is run at
# nice -5 when the bench may raise it.
CLIENT_NICE = -5


def may_raise_priority() -> bool:
    """Whether this process may lower a child's nice value (root, or CAP_SYS_NICE)."""
    now = os.getpriority(os.PRIO_PROCESS, 0)
    try:
        os.setpriority(os.PRIO_PROCESS, 0, now + CLIENT_NICE)
    except PermissionError:
        return False
    os.setpriority(os.PRIO_PROCESS, 0, now)
    return True


def locust(servers: Servers, user_class: str, args, plan: Path) -> Path:
    prefix = servers.work / user_class
    raise_priority = may_raise_priority()
    with (servers.work / f"locust-{user_class}.log").open("w") as log:
        subprocess.run(
            [str(BIN / "locust"), "-f", str(ROOT / "bench" / "load_locust.py"), "--headless"]
            + ["--users", str(args.users), "--spawn-rate", str(args.users), "--run-time"]
            + [f"{args.seconds}s", "--host", servers.base, "--csv", str(prefix), "--only-summary"]
            + ["--loglevel", "WARNING", user_class],
            cwd=ROOT,
            env={
                **servers.env,
                "NAVPARTNER_LOAD_PLAN": str(plan),
                "NAVPARTNER_LOAD_PAUSE_MIN": str(args.pause[0]),
                "NAVPARTNER_LOAD_PAUSE_MAX": str(args.pause[1]),
            },
            preexec_fn=(lambda: os.nice(CLIENT_NICE)) if raise_priority else None,
            check=False,  # locust exits 1 when a request failed; the figures say so
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return Path(f"{prefix}_stats.csv")


def read_stats(path: Path) -> list[dict]:
    with path.open() as file:
        return list(csv.DictReader(file))


def print_stats(title: str, rows: list[dict]):
    print(f"\n{title}")
    print(
        f"{'page':<22} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6}"
    )
    for row in rows:
        name = "ALL" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"{name:<22} {row['Request Count']:>8} {row['Failure Count']:>6} "
            f"{float(row['Requests/s']):>7.1f} {row['50%']:>6} {row['95%']:>6} {row['99%']:>6}"
        )


def access_lines(access_log: Path, start: int, end: int | None = None) -> list[str]:
    """The lines gunicorn's access log got between two of its sizes (bytes)."""
    with access_log.open("rb") as log:
        log.seek(start)
        chunk = log.read() if end is None else log.read(end - start)
    return chunk.decode().splitlines()


def anonymous_requests(lines: list[str]) -> int:
    """The requests whose user id is "-": a user whose session did not hold would be sent to
    the login page, a 200 locust counts as good."""
    return sum(1 for line in lines if line.split(" ", 2)[1:2] == ["-"])


def worker_ms(lines: list[str]) -> str:
    """p50/p95/p99 of the ms each request took in a gunicorn worker (the access log's last
    field), without the wait for a free worker or the client's own delays."""
    times = sorted(int(m.group(1)) for line in lines if (m := re.search(r" (\d+)ms$", line)))
    if not times:
        return "no requests"
    cut = statistics.quantiles(times, n=100, method="inclusive")
    return f"p50 {cut[49]:.0f}, p95 {cut[94]:.0f}, p99 {cut[98]:.0f} ms"


def worker_events(log: Path) -> tuple[int, int]:
    text = log.read_text()
    return text.count("Autorestarting worker"), text.count("WORKER TIMEOUT")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--partnerships", type=int, default=100, help="seed_scale's N")
    parser.add_argument(
        "--pause",
        type=float,
        nargs=2,
        default=[0.5, 1.5],
        metavar=("MIN", "MAX"),
        help="seconds each user waits between requests (0 0: as fast as the server answers)",
    )
    parser.add_argument(
        "--max-requests",
        type=int,
        default=250,
        help="gunicorn's max_requests, low so that workers are replaced during the runs",
    )
    args = parser.parse_args()
    print("command: uv run python bench/load.py " + " ".join(sys.argv[1:]))
    print(
        f"cores: {os.cpu_count()}, users: {args.users}, {args.seconds} s per run, "
        f"{args.pause[0]}-{args.pause[1]} s between a user's requests"
    )
    with tempfile.TemporaryDirectory(prefix="navpartner-load.") as tmp, Servers(Path(tmp)) as s:
        started = step(f"PostgreSQL (port {s.pg_port}), Redis (port {s.redis_port})")
        s.postgres()
        s.redis()
        done(started)
        for command in (
            ["migrate", "--no-input"],
            ["seed_demo"],
            ["seed_scale", "--partnerships", str(args.partnerships)],
        ):
            started = step(" ".join(command))
            s.manage(*command)
            done(started)
        started = step(f"Celery worker; gunicorn -c gunicorn.conf.py (port {s.web_port})")
        s.worker()
        s.gunicorn(args.max_requests)
        done(started)
        started = step("logging in each demo user; finding their pages")
        usernames = s.manage(
            "shell",
            "-c",
            "from demo.management.commands.seed_demo import USERS; print(*(u[0] for u in USERS))",
        ).split() + [SCALE_USER]
        people = []
        for username in usernames:
            session = logged_in(s.base, username)
            people.append(
                {
                    "username": username,
                    "cookies": [
                        {"name": c.name, "value": c.value, "domain": c.domain, "path": c.path}
                        for c in session.cookies
                    ],
                    "pages": pages_of(s.base, session),
                }
            )
        plan = s.work / "plan.json"
        plan.write_text(json.dumps({"people": people}, indent=1))
        done(started)
        for person in people:
            kinds = ", ".join(f"{kind} {len(urls)}" for kind, urls in person["pages"].items())
            print(f"   {person['username']}: {kinds}")
        started = step("each page type alone, one request at a time (median of 5)")
        solo = solo_ms(s.base, people)
        done(started)
        print("   " + ", ".join(f"{kind} {ms:.0f} ms" for kind, ms in solo.items()))
        access_log = s.work / "access.log"
        before_runs = access_log.stat().st_size
        started = step(f"locust: page mix, {args.users} users, {args.seconds} s")
        pages = read_stats(locust(s, "PageUser", args, plan))
        done(started)
        between_runs = access_log.stat().st_size
        started = step(f"locust: bare view, {args.users} users, {args.seconds} s")
        bare = read_stats(locust(s, "BareUser", args, plan))
        done(started)
        replaced, killed = worker_events(s.work / "gunicorn.log")
        mix_lines = access_lines(access_log, before_runs, between_runs)
        bare_lines = access_lines(access_log, between_runs)
        anonymous = anonymous_requests(mix_lines + bare_lines)
        OUT.mkdir(parents=True, exist_ok=True)
        for log in s.work.glob("*.log"):
            shutil.copy(log, OUT / log.name)
    print_stats("Page mix", pages)
    print_stats("Bare login-required view", bare)
    mix, yardstick = pages[-1], bare[-1]
    ratio = float(mix["Requests/s"]) / float(yardstick["Requests/s"])
    print(
        f"\nthroughput: {float(mix['Requests/s']):.1f} req/s against "
        f"{float(yardstick['Requests/s']):.1f} for the bare view = {ratio:.2f}x "
        f"(target >= 0.5x); page mix p95 {mix['95%']} ms (target < 300), "
        f"errors {mix['Failure Count']} (target 0)"
    )
    print(
        f"in the gunicorn workers (access log): page mix {worker_ms(mix_lines)}; "
        f"bare view {worker_ms(bare_lines)}"
    )
    print(f"gunicorn workers replaced after max-requests: {replaced}; killed by timeout: {killed}")
    print(f"requests during the runs made without a logged-in user (target 0): {anonymous}")
    print(
        f"locust ran at nice {CLIENT_NICE}, above the servers, as a client on another machine "
        "would not be slowed by them"
        if may_raise_priority()
        else "locust ran at the servers' priority (no permission to raise it): its own delays "
        "count in the latencies it prints"
    )
    print(f"the servers' logs (gunicorn's access log with each request's ms): {OUT}")


if __name__ == "__main__":
    main()
