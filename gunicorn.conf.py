"""Gunicorn's settings for production: `gunicorn navpartner.wsgi` (it reads this file from the
working directory; `-c gunicorn.conf.py` says so explicitly). Every figure can be changed from
the environment.

The application is loaded once, in the master, before the workers are forked
(`preload_app`). `django.setup()` and the URLconf leave out the libraries only some work needs
(WeasyPrint, pyHanko and pypdf to make a PDF, xmlschema to check an archive package: 3 s of
6 to import, 60 MB, measured with `python -X importtime`); they are imported where they are
used, so that a management command, Celery beat or a worker process that never makes a PDF
never loads them. `when_ready` then does what Django would otherwise leave to each worker's
first requests: importing the URLconf, loading the translation catalogues, compiling the
project's templates, and loading what the web requests themselves use of those libraries
(pypdf to check an uploaded PDF, the Fiks Arkiv schema for an archive package; the PDFs are
made by the Celery workers), and the code that sends a task to them. A worker forked
afterwards — at the start, and each time one is replaced after `max_requests` — answers its
first request as fast as its hundredth. The price: a code change needs a restart (a HUP
reloads the configuration, not the code already in the master).
"""

import gc
import multiprocessing
import os
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Sync workers, one request at a time each; 2 × cores + 1 keeps the cores busy while some
# workers wait on the database. WEB_CONCURRENCY is the name platforms (and gunicorn) use.
workers = _env_int(
    "GUNICORN_WORKERS", _env_int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
)
# The longest synchronous request: an XLSX export or a checked PDF upload (seconds at most);
# PDFs are rendered by the Celery worker, not here. Past it the worker is killed and the user
# gets a 502, so it is generous.
timeout = _env_int("GUNICORN_TIMEOUT", 60)
# On a restart (TERM/HUP) a worker may finish the request it is in for this long.
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)
# Replace each worker after about this many requests (whatever memory it has gathered goes
# with it); the jitter keeps the workers from being replaced all at once.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 100)
preload_app = True
# The heartbeat files in memory, not on a disk that may stall (containers).
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None  # noqa: S108

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# Client, user id (navpartner/access_log.py puts it in the WSGI environ; "-" when not logged
# in), time, request, status, bytes, duration in ms.
access_log_format = '%(h)s %({navpartner.user_id}e)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'


def when_ready(server):
    """In the master, once the application is loaded and before any worker is forked."""
    resolver = get_resolver()  # importing its patterns imports every view and what they import
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("")  # loads the language's catalogues
            resolver.reverse_dict  # noqa: B018  # what {% url %} looks up, per language
    import pypdf  # noqa: F401  # checks each uploaded PDF (navpartner.uploads)

    from archive.package import schema
    from navpartner.celery import load_the_task_sending_code

    schema()  # the Fiks Arkiv schema an archive package is checked against
    load_the_task_sending_code()  # Celery's and the broker's client code
    compiled = skipped = 0
    engine = engines["django"]
    # The project's templates and the apps' (crispy-forms' Bootstrap 5 pack, allauth, admin).
    for directory in engine.template_dirs:
        for path in Path(directory).rglob("*"):
            if path.suffix in {".html", ".txt"}:
                try:
                    engine.get_template(str(path.relative_to(directory)))
                except TemplateSyntaxError:  # an app's template for a library not installed
                    skipped += 1
                else:
                    compiled += 1
    # Whatever the warm-up opened must not be shared with the workers.
    connections.close_all()
    # What the master built stays as it is; the workers' collector need not scan it (and so
    # touch, and copy, its pages).
    gc.freeze()
    server.log.info(
        "Warmed up: URLconf imported, %d templates compiled (%d not usable here), pypdf and the"
        " archive schema and the task-sending code loaded",
        compiled,
        skipped,
    )


def post_fork(server, worker):
    """Each worker opens its own database connections."""
    connections.close_all()
