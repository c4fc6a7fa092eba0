"""How gunicorn.conf.py serves the product: the access log names the user of each request
(without telling the browser), and the settings the issue asks of it. The load itself is
measured by bench/load.py."""

import datetime
import os
import runpy
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.urls import reverse
from gunicorn.config import Config
from gunicorn.glogging import Logger

from navpartner.access_log import USER_ID_KEY
from tests.frame_stack import most_page_faults
from tests.wsgi_calls import send

CONF = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))


def access_line(environ: dict) -> str:
    """The line gunicorn's access log writes for a request with this environ."""
    config = Config()
    config.set("access_log_format", CONF["access_log_format"])
    request = SimpleNamespace(headers=[])
    response = SimpleNamespace(status="200 OK", headers=[], sent=10)
    environ = {"RAW_URI": "/", **environ, "REMOTE_ADDR": "10.0.0.1"}
    logger = Logger(config)
    atoms = logger.atoms(response, request, environ, datetime.timedelta(milliseconds=12))
    return CONF["access_log_format"] % logger.atoms_wrapper_class(atoms)


def test_the_access_log_names_the_logged_in_user(client, reader):
    client.force_login(reader)

    response = client.get(reverse("home"))

    environ = response.wsgi_request.environ
    assert environ[USER_ID_KEY] == str(reader.pk)
    assert access_line(environ).startswith(f"10.0.0.1 {reader.pk} [")
    # Kept from the browser: no response header carries it.
    assert not [name for name in response.headers if "user" in name.lower()]


def test_the_access_log_has_a_dash_for_no_one(client, db):
    response = client.get(reverse("login"))

    environ = response.wsgi_request.environ
    assert USER_ID_KEY not in environ
    assert access_line(environ).startswith("10.0.0.1 - [")


def test_the_workers_are_forked_warm_and_replaced_in_turn():
    assert CONF["preload_app"] is True
    assert callable(CONF["when_ready"]) and callable(CONF["post_fork"])
    assert CONF["workers"] >= 3
    assert CONF["timeout"] >= 60 and CONF["graceful_timeout"] >= 30
    assert CONF["max_requests"] > 0 and 0 < CONF["max_requests_jitter"] < CONF["max_requests"]


HEAVY = ("weasyprint", "pyhanko", "pypdf", "xmlschema")


def imported_after(code: str, **env: str) -> list[str]:
    """Which of the heavy libraries a fresh Python process has imported after ``code``
    (with ``env`` added to its environment), after whatever ``code`` prints."""
    listed = f"print(' '.join(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    script = f"import sys, django\ndjango.setup()\n{code}\n{listed}"
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "navpartner.settings.test", **env},
    )
    return result.stdout.split()


def test_the_web_process_loads_the_pdf_and_archive_libraries_only_when_used():
    # Neither django.setup() nor the URLconf (every view and what it imports) loads them: a
    # management command or Celery beat starts without 3 s of imports.
    assert imported_after("from django.urls import get_resolver; get_resolver().url_patterns") == []
    # Making a document loads what it needs.
    assert imported_after("from navpartner import assembly") == [
        "pyhanko",
        "pypdf",
        "weasyprint",
    ]


def test_a_celery_worker_starts_with_the_pdf_libraries_loaded_and_frozen():
    # worker_init, in the worker's main process before its pool forks: the libraries are
    # loaded, then everything loaded is left out of the collector's full runs.
    code = (
        "import gc; from navpartner.celery import load_the_pdf_libraries;"
        " load_the_pdf_libraries(); print(gc.get_freeze_count() > 10000)"
    )
    assert imported_after(code) == ["True", "pyhanko", "pypdf", "weasyprint"]


def test_the_web_master_loads_the_code_that_sends_a_task_without_connecting():
    # when_ready, before the workers fork: a worker's first request that sends a task (the
    # e-mail after a comment) imports nothing more (redis-py and Celery's sending code took
    # 0.4 s of it, 1-2 s under load). Nothing listens on the broker's port: nothing connects.
    code = (
        "import sys; from navpartner.celery import load_the_task_sending_code;"
        " load_the_task_sending_code();"
        " print(all(m in sys.modules for m in ('redis', 'kombu.transport.redis',"
        " 'celery.backends.redis', 'celery.canvas')))"
    )
    closed = "redis://127.0.0.1:9/0"
    printed = imported_after(code, CELERY_BROKER_URL=closed, CELERY_RESULT_BACKEND=closed)
    assert printed == ["True"]


def _most_page_faults_serving(application, path: str) -> int:
    """The most page faults a GET of path through the WSGI application took, called from each
    of 80 depths (over a chunk of the interpreter's frame stack: its edge is in them)."""

    def get():
        result, statuses, body = send(application, path)
        result.close()  # as the server does once it has sent the body
        assert statuses == ["200 OK"] and b"<main" in body

    get()
    return most_page_faults(get, range(0, 240, 3))


@pytest.mark.django_db
def test_the_wsgi_application_serves_a_page_in_one_frame_stack_chunk_from_any_depth():
    from navpartner import wsgi

    path = reverse("login")
    # Django's own application maps and unmaps a chunk of the frame stack on each of its
    # hottest calls at some depths (~190 page faults for the login page) ...
    assert _most_page_faults_serving(wsgi.django_application, path) > 100
    # ... the product's, at none (~12).
    assert _most_page_faults_serving(wsgi.application, path) < 40
