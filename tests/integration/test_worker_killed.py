"""A worker killed (SIGKILL) in the middle of rendering a PDF: the task was acknowledged late
(acks_late), so its message is still "unacknowledged" in Redis; once the visibility timeout has
passed, a new worker puts it back on the queue, renders the document and it ends up made
exactly once — one file, the bytes the document records, one RenderedDocument.

The two workers of this test are its own (not the suite's shared worker): they consume a queue
made for this test only, run the worker settings on the test database and are always stopped.
"""

import ctypes
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import suppress
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import pytest
import redis
from django.conf import settings
from django.db import connection
from pypdf import PdfReader

from navpartner import services
from navpartner.models import RenderedDocument, document_upload_to
from navpartner.tasks import render_document
from tests.factories import PartnershipFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# ~20 ms a page on an idle 2-core machine: about 4 s to render, so the kill surely lands in the
# middle (and the second worker still finishes well within the time limit below).
PAGES = 200
# Seconds before an unacknowledged message counts as abandoned (the workers' visibility_timeout).
VISIBILITY_TIMEOUT = 3
PARAGRAPH = (
    "Partnerskapet mellom NAV-kontoret og kommunen skal sikre at brukerne får helhetlige "
    "og samordnede tjenester, uavhengig av hvem som har ansvaret for den enkelte tjeneste. "
) * 4
PR_SET_PDEATHSIG = 1


def _html(marker: str) -> str:
    pages = "".join(
        f"<section><h1>Side {number}</h1>{f'<p>{PARAGRAPH}</p>' * 4}</section>"
        for number in range(1, PAGES + 1)
    )
    return (
        "<!doctype html><html lang='nb'><head><meta charset='utf-8'><title>Drepetest</title>"
        "<style>section + section { break-before: page }</style></head>"
        f"<body><p>{marker}</p>{pages}</body></html>"
    )


def _die_with_parent():  # runs in the child before exec: killed if the test process dies
    with suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _test_database_url() -> str:
    """The database this test runs on (pytest-django's test database), as a URL."""
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )


class Worker:
    """A Celery worker process of its own, consuming only `queue` (solo pool: the render runs
    in this very process, so SIGKILL on it is the whole worker dying)."""

    def __init__(
        self, name: str, queue: str, log_dir: Path, visibility_timeout: int = VISIBILITY_TIMEOUT
    ):
        self.name = name
        self.log = log_dir / f"{name}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.integration.worker_settings",
            "DATABASE_URL": _test_database_url(),
            "DATABASE_CONN_MAX_AGE": "0",  # no connection left that would stop the DB drop
            "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),  # files where this process looks
            "EMAIL_URL": f"filemail:///{log_dir / 'mail'}",  # the worker settings need one
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND or "",
            "CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout),
        }
        command = [
            *(sys.executable, "-m", "celery", "-A", "navpartner", "worker", "-Q", queue),
            *("-P", "solo", "--concurrency=1", "--hostname", f"{name}-{queue}@%h"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            *("--loglevel=INFO", "--logfile", str(self.log)),
        ]
        # sys.executable -m celery, not `uv run celery`: the pid is the worker's own.
        with self.log.with_suffix(".out").open("wb") as output:
            self.process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self):
        if self.alive():
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 15.0):
        """Warm shutdown (SIGTERM); SIGKILL if it does not end in time."""
        if self.alive():
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()

    def tail(self, lines: int = 25) -> str:
        text = ""
        for path in (self.log, self.log.with_suffix(".out")):
            with suppress(OSError):
                text += "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) + "\n"
        return f"--- {self.name} (exit {self.process.poll()}) ---\n{text}"


def _unacked(broker: redis.Redis, queue: str) -> dict[str, float]:
    """Delivery tag → delivery time of the messages of `queue` a worker took and has not
    acknowledged (kombu's Redis transport keeps them in `unacked` and `unacked_index`)."""
    found = {}
    for tag, raw in broker.hgetall("unacked").items():
        _message, _exchange, routing_key = json.loads(raw)
        if routing_key == queue:
            found[tag.decode()] = broker.zscore("unacked_index", tag)
    return found


def _wait(condition, timeout: float, failure: str, workers=()):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{failure} within {timeout:.0f} s\n" + "".join(w.tail() for w in workers))
        time.sleep(0.1)


def test_a_document_whose_worker_is_killed_mid_render_is_made_once_by_the_next_worker(tmp_path):
    queue = f"killtest-{uuid.uuid4().hex[:12]}"
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    owner, user = PartnershipFactory(), UserFactory()
    # The service queues the document at commit; that message would go to the shared worker's
    # queue, so it is intercepted here and this test sends the task to its own queue instead.
    with mock.patch.object(render_document, "apply_async") as shared_queue:
        document = services.document_request(
            owner=owner, kind="killtest", title="Drepetest", html=_html(queue), user=user
        )
    shared_queue.assert_called_once_with(kwargs={"document_id": document.pk}, ignore_result=True)
    directory = Path(settings.MEDIA_ROOT) / Path(document_upload_to(document, "")).parent
    file_name = Path(document_upload_to(document, "")).name

    def own_files():
        return sorted(p.name for p in directory.glob(f"{document.content_hash}*"))

    def status():
        document.refresh_from_db()
        return document.status

    workers = []
    try:
        result = render_document.apply_async(kwargs={"document_id": document.pk}, queue=queue)
        started = time.monotonic()
        worker_a = Worker("killA", queue, tmp_path)
        workers.append(worker_a)

        _wait(
            lambda: status() != RenderedDocument.Status.QUEUED or not worker_a.alive(),
            20,
            "worker A did not start rendering",
            workers,
        )
        time.sleep(0.5)  # well into WeasyPrint's work, still seconds from the end
        rendering_seen = time.monotonic() - started
        assert worker_a.alive(), worker_a.tail()
        assert status() == RenderedDocument.Status.RENDERING
        worker_a.kill()

        assert worker_a.process.returncode == -signal.SIGKILL
        assert f"render_document[{result.id}] received" in worker_a.log.read_text()
        assert status() == RenderedDocument.Status.RENDERING  # not ready ...
        assert not document.file and not document.sha256
        assert own_files() == []  # ... and no file, complete or not
        abandoned = _unacked(broker, queue)
        assert len(abandoned) == 1, abandoned  # taken by A, never acknowledged
        # A worker gives an abandoned message back to its queue when it looks: at its start,
        # then only every ~100 s (kombu 5.7: unacked_restore_interval 10 s x throttle 10), so
        # B starts once the message is surely past the timeout.
        delivered_at = next(iter(abandoned.values()))
        time.sleep(max(0.0, delivered_at + VISIBILITY_TIMEOUT + 0.5 - time.time()))

        worker_b = Worker("killB", queue, tmp_path)
        workers.append(worker_b)
        _wait(
            lambda: status() in (RenderedDocument.Status.READY, RenderedDocument.Status.FAILED),
            30,
            "worker B did not finish the document",
            workers,
        )
        finished = time.monotonic() - started
        assert result.get(timeout=10) == RenderedDocument.Status.READY
        _wait(lambda: not _unacked(broker, queue), 5, "worker B did not acknowledge", workers)
        assert broker.llen(queue) == 0  # nothing left that could run it again
    finally:
        for worker in reversed(workers):
            worker.stop()
        with suppress(redis.RedisError):  # never hide why the test failed
            for tag in _unacked(broker, queue):  # left only if the test failed half-way
                broker.zrem("unacked_index", tag)
                broker.hdel("unacked", tag)
            for key in broker.scan_iter(f"*{queue}*"):  # the queue's bindings
                broker.delete(key)

    assert document.status == RenderedDocument.Status.READY, document.error
    assert own_files() == [file_name]  # one file, no second copy beside it
    assert document.file.name == f"documents/{document.content_hash[:2]}/{file_name}"
    pdf = Path(document.file.path).read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == document.sha256
    assert len(pdf) == document.size
    assert len(PdfReader(Path(document.file.path)).pages) == PAGES == document.pages
    assert RenderedDocument.objects.filter(content_hash=document.content_hash).count() == 1
    print(f"rendering after {rendering_seen:.1f} s, ready after {finished:.1f} s")
    (directory / file_name).unlink()  # the test database goes; its file need not stay
