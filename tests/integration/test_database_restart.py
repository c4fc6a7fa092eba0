"""PostgreSQL restarted under a running server (gunicorn, one sync worker keeping its database
connection as production does, CONN_MAX_AGE > 0): the pages after the restart are served as
if nothing had happened — the broken connection is replaced at the request's first query
(CONN_HEALTH_CHECKS) — and a request that meets the database while it is down gets a page
saying the service is briefly unavailable (503, Retry-After), never the generic error page;
a form sent then is shown back with what the user wrote, and said not to be saved."""

import os
import shlex
import socket
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.integration.test_worker_killed import _die_with_parent, _test_database_url

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def _pg_ctl(*args: str) -> None:
    """pg_ctl on the cluster scripts/services.sh started for this run (its state directory
    holds the mail directory the suite is given, and `pgroot`, where the cluster lives).
    `start` starts it with the options it had (restart reads them itself)."""
    run = Path(os.environ["NAVPARTNER_TEST_MAIL_DIR"]).parent
    data = Path((run / "pgroot").read_text().strip()) / "pgdata"
    command = [str(PG_BIN / "pg_ctl"), "-D", str(data), "-w", "-t", "30", *args]
    if args[0] == "start":
        _postgres, *options = shlex.split((data / "postmaster.opts").read_text())
        at = options.index("-D")
        del options[at : at + 2]  # pg_ctl gives the data directory itself
        command += ["-l", str(data / "server.log"), "-o", shlex.join(options)]
    if os.geteuid() == 0:  # PostgreSQL runs as postgres, never as root
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn serving the product on the test database, one sync worker, so every request
    goes through the one database connection it keeps between requests."""

    def __init__(self, log_dir: Path):
        self.port = _free_port()
        self.log = log_dir / "gunicorn.log"
        config = log_dir / "gunicorn.conf.py"  # none of the repository's: only what is here
        config.write_text("")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.integration.worker_settings",
            "DATABASE_URL": _test_database_url(),
            "DATABASE_CONN_MAX_AGE": "60",
            "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "EMAIL_URL": f"filemail:///{log_dir / 'mail'}",
        }
        command = [
            *(sys.executable, "-m", "gunicorn", "navpartner.wsgi:application"),
            *("--config", str(config), "--bind", f"127.0.0.1:{self.port}"),
            *("--workers", "1", "--timeout", "60", "--error-logfile", str(self.log)),
            "--no-control-socket",  # gunicorn's default socket in $HOME is shared by all
        ]
        self.process = subprocess.Popen(  # noqa: S603
            command,
            cwd=settings.BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        deadline = time.monotonic() + 60
        while not self._listening():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start\n{self.tail()}")
            time.sleep(0.2)

    def _listening(self) -> bool:
        with suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
            return True
        return False

    def request(self, path: str, cookie: str, data: dict | None = None):
        """(status, headers, body) of a GET, or of a POST of `data`."""
        request = Request(  # noqa: S310 — our own server on loopback
            f"http://127.0.0.1:{self.port}{path}",
            data=urlencode(data, doseq=True).encode() if data is not None else None,
            headers={"Cookie": cookie, "Referer": f"http://127.0.0.1:{self.port}/"},
        )
        try:
            with urlopen(request, timeout=60) as response:  # noqa: S310
                return response.status, response.headers, response.read().decode()
        except HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def tail(self, lines: int = 40) -> str:
        with suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""


@pytest.fixture
def server(tmp_path):
    started = Server(tmp_path)
    yield started
    started.stop()


def test_a_postgresql_restart_gives_nobody_the_error_page(client, server):
    partnership = PartnershipFactory()
    user = UserFactory(username="navleder.restart")
    MembershipFactory(user=user, partnership=partnership, side="office", role="secretary")
    client.force_login(user)
    csrf = "a" * 32  # a token of our own, sent as the cookie and in the form alike
    cookie = (
        f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf}"
    )
    pages = ["/", reverse("partnerships:partnership_detail", args=[partnership.pk])]
    before = [server.request(page, cookie)[0] for page in pages]

    try:
        _pg_ctl("restart", "-m", "fast")  # every connection is cut; the server's kept one too
        after_restart = [server.request(page, cookie)[0] for _ in range(2) for page in pages]

        _pg_ctl("stop", "-m", "fast")
        down_status, down_headers, down_page = server.request("/", cookie)
        typed = "Forslag til nytt punkt: felles mottak på tirsdager.\nHilsen Kari"
        posted_status, posted_headers, posted_page = server.request(
            pages[1],
            cookie,
            {"csrfmiddlewaretoken": csrf, "text": typed, "password": "hemmelig-passord"},
        )
    finally:
        with suppress(subprocess.CalledProcessError):
            _pg_ctl("start")
        connection.close()  # this process's connection was cut too
    back = [server.request(page, cookie)[0] for page in pages]

    assert before == [200, 200]
    assert after_restart == [200, 200, 200, 200], server.tail()
    assert (down_status, down_headers["Retry-After"]) == (503, "30"), server.tail()
    assert "Tjenesten er midlertidig utilgjengelig" in down_page
    assert "Prøv igjen om litt" in down_page
    assert "ikke lagret" not in down_page  # a GET saved nothing to lose
    assert (posted_status, posted_headers["Retry-After"]) == (503, "30")
    assert "Det du sendte, ble ikke lagret." in posted_page
    assert "Tilbake-knapp: det du skrev, står fortsatt i skjemaet" in posted_page
    assert "Forslag til nytt punkt: felles mottak på tirsdager.\nHilsen Kari" in posted_page
    assert "hemmelig-passord" not in posted_page and csrf not in posted_page
    assert back == [200, 200]
