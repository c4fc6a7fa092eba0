"""A PDF lost on its way to a worker is made anyway, without a second click, and once:
requested while Redis was down (the document waits in the database, and the requeue job that
beat runs every 10 s sends it once Redis is back); its worker killed in the middle of the
render, with Redis keeping the message for the hour of its visibility timeout (the requeue job
sends it again once the render has outlived the task's time limit); two workers handed the
same document at once (one renders, the other leaves it).

The workers of the last two tests are their own (tests/integration/test_worker_killed.py's
Worker), consuming a queue made for the test, with the production visibility timeout."""

import subprocess
import time
import uuid
from contextlib import suppress
from pathlib import Path
from unittest import mock

import pytest
import redis
from django.conf import settings
from django.db.models import F
from django.urls import reverse

from agreements import services as agreement_services
from navpartner import services
from navpartner.models import RenderedDocument, document_upload_to
from navpartner.tasks import documents_requeue, render_document
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.integration.test_worker_killed import Worker, _html, _unacked, _wait

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PRODUCTION_VISIBILITY_TIMEOUT = 3600


def _status(document) -> str:
    document.refresh_from_db()
    return document.status


def _age(document, by) -> None:
    """As if the document had been handed on `by` earlier (the time the requeue job waits)."""
    RenderedDocument.objects.filter(pk=document.pk).update(requested_at=F("requested_at") - by)


def _redis_command() -> list[str]:
    """How scripts/services.sh started the Redis of this run, read from Redis itself."""
    config = redis.Redis.from_url(settings.CELERY_BROKER_URL).config_get("*")
    return [
        *("redis-server", "--port", config["port"], "--bind", "127.0.0.1"),
        *("--daemonize", "yes", "--pidfile", config["pidfile"]),
        *("--logfile", config["logfile"], "--dir", config["dir"]),
        *("--save", "", "--appendonly", "no"),
    ]


def _redis_up() -> bool:
    try:
        return redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=1).ping()
    except redis.RedisError:
        return False


def _renders(worker: Worker, document) -> int:
    """How often `worker` started rendering `document` (document_render logs each start)."""
    logs = (worker.log, worker.log.with_suffix(".out"))  # Celery's log file, and stdout
    text = "".join(path.read_text(errors="replace") for path in logs if path.exists())
    return text.count(f"rendering document {document.pk}\n")


def test_a_pdf_requested_while_redis_is_down_is_made_once_redis_is_back(client):
    agreement_services.veileder_templates_load_all()
    partnership = PartnershipFactory()
    user = UserFactory(username="navleder.redis")
    MembershipFactory(user=user, partnership=partnership, side="office", role="secretary")
    agreement = agreement_services.agreement_create(partnership=partnership, user=user)
    client.force_login(user)
    restart_redis = _redis_command()

    redis.Redis.from_url(settings.CELERY_BROKER_URL).shutdown(nosave=True)
    try:
        assert not _redis_up()
        started = time.monotonic()
        response = client.post(reverse("agreements:agreement_pdf", args=[agreement.pk]))
        took = time.monotonic() - started
        status_page = client.get(response["Location"])
    finally:
        subprocess.run(restart_redis, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
        _wait(_redis_up, 10, "Redis did not come back")

    document = RenderedDocument.objects.get(object_id=agreement.pk, kind="agreement")
    assert response.status_code == 302
    assert status_page.status_code == 200
    assert 'data-status="queued"' in status_page.text
    assert "Venter på tur" in status_page.text
    time.sleep(2)  # no message was sent: nothing makes it ...
    assert _status(document) == RenderedDocument.Status.QUEUED

    # ... until the requeue job (beat, every 10 s) finds it waiting longer than it should,
    # run here by the suite's worker, which renders it too.
    _age(document, services.QUEUED_RESEND_AFTER)
    assert documents_requeue.delay().get(timeout=60) == 1
    _wait(
        lambda: (
            _status(document) in (RenderedDocument.Status.READY, RenderedDocument.Status.FAILED)
        ),
        60,
        "the worker did not make the document",
    )

    assert document.status == RenderedDocument.Status.READY, document.error
    assert Path(document.file.path).read_bytes().startswith(b"%PDF-")
    assert RenderedDocument.objects.filter(object_id=agreement.pk).count() == 1
    assert settings.CELERY_BEAT_SCHEDULE["documents-requeue"]["task"] == documents_requeue.name
    assert documents_requeue.delay().get(timeout=30) == 0  # nothing else was lost
    print(f"the request with Redis down took {took:.1f} s")


@pytest.fixture
def queue():
    """A queue of this test only, and everything it left in Redis removed afterwards."""
    name = f"faults-{uuid.uuid4().hex[:12]}"
    yield name
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    with suppress(redis.RedisError):
        for tag in _unacked(broker, name):
            broker.zrem("unacked_index", tag)
            broker.hdel("unacked", tag)
        for key in broker.scan_iter(f"*{name}*"):
            broker.delete(key)


@pytest.fixture
def workers():
    started: list[Worker] = []
    yield started
    for worker in reversed(started):
        worker.stop()


def _start(workers, name, queue, tmp_path) -> Worker:
    worker = Worker(name, queue, tmp_path, visibility_timeout=PRODUCTION_VISIBILITY_TIMEOUT)
    workers.append(worker)
    return worker


def _request(html: str):
    """A document requested the way every view does; its message is kept from the suite's
    shared worker (returned, not sent) so that the test sends it where it wants."""
    owner, user = PartnershipFactory(), UserFactory()
    with mock.patch.object(render_document, "apply_async") as shared_queue:
        document = services.document_request(
            owner=owner, kind="faulttest", title="Feiltest", html=html, user=user
        )
    shared_queue.assert_called_once()
    return document, owner, user


def _to(queue):
    """The renders the service sends go to `queue` instead of the suite's shared worker."""
    send = render_document.apply_async
    return mock.patch.object(
        render_document,
        "apply_async",
        side_effect=lambda *args, **options: send(*args, **{**options, "queue": queue}),
    )


def _files(document) -> list[str]:
    directory = Path(settings.MEDIA_ROOT) / Path(document_upload_to(document, "")).parent
    return sorted(p.name for p in directory.glob(f"{document.content_hash}*"))


def test_a_render_whose_worker_was_killed_is_made_once_by_the_next_worker(tmp_path, queue, workers):
    html = _html(queue)
    document, owner, user = _request(html)
    render_document.apply_async(kwargs={"document_id": document.pk}, queue=queue)
    worker_a = _start(workers, "faultA", queue, tmp_path)
    _wait(
        lambda: _status(document) != RenderedDocument.Status.QUEUED or not worker_a.alive(),
        20,
        "worker A did not start rendering",
        workers,
    )
    time.sleep(0.5)  # into WeasyPrint's work, seconds from its end
    assert worker_a.alive(), worker_a.tail()
    worker_a.kill()
    assert _status(document) == RenderedDocument.Status.RENDERING
    assert len(_unacked(redis.Redis.from_url(settings.CELERY_BROKER_URL), queue)) == 1

    # A click while the render may still run sends nothing (no second render beside it) ...
    with _to(queue) as sent:
        assert (
            services.document_request(
                owner=owner, kind="faulttest", title="Feiltest", html=html, user=user
            )
            == document
        )
    assert not sent.called
    # ... nor does the requeue job, until the render has outlived the task's hard time limit:
    # then no worker can be rendering it any more, and the job sends it again.
    with _to(queue):
        assert documents_requeue() == 0
        _age(document, services.document_render_stale_after())
        assert documents_requeue() == 1
    assert _status(document) == RenderedDocument.Status.QUEUED  # the page says it waits

    returned = time.monotonic()
    worker_b = _start(workers, "faultB", queue, tmp_path)
    _wait(
        lambda: (
            _status(document) in (RenderedDocument.Status.READY, RenderedDocument.Status.FAILED)
        ),
        60,
        "worker B did not make the document",
        workers,
    )
    made_after = time.monotonic() - returned

    assert document.status == RenderedDocument.Status.READY, document.error
    assert (_renders(worker_a, document), _renders(worker_b, document)) == (1, 1)
    assert _files(document) == [Path(document.file.name).name]
    assert Path(document.file.path).read_bytes().startswith(b"%PDF-")
    # A's message stays unacknowledged in Redis for the visibility timeout; when a worker
    # puts it back on the queue in an hour, it finds the document made and does nothing.
    assert len(_unacked(redis.Redis.from_url(settings.CELERY_BROKER_URL), queue)) == 1
    print(f"made {made_after:.1f} s after worker B started")
    Path(document.file.path).unlink()


def test_two_workers_handed_the_same_document_render_it_once(tmp_path, queue, workers):
    document, _owner, _user = _request(_html(queue))
    results = [
        render_document.apply_async(kwargs={"document_id": document.pk}, queue=queue)
        for _ in range(2)
    ]
    both = [_start(workers, name, queue, tmp_path) for name in ("twinA", "twinB")]

    outcomes = [result.get(timeout=90) for result in results]

    # The second found it being made (or, had it come later, made) and left it.
    assert RenderedDocument.Status.READY in outcomes
    assert set(outcomes) <= {RenderedDocument.Status.READY, RenderedDocument.Status.RENDERING}
    assert _status(document) == RenderedDocument.Status.READY
    assert sum(_renders(worker, document) for worker in both) == 1
    assert _files(document) == [Path(document.file.name).name]
    Path(document.file.path).unlink()


def test_a_click_on_a_render_that_outlived_its_time_limit_sends_it_again(queue):
    html = _html(queue)
    document, owner, user = _request(html)
    # Taken up by a worker that then died (as in the test above), long enough ago:
    RenderedDocument.objects.filter(pk=document.pk).update(status=RenderedDocument.Status.RENDERING)
    _age(document, services.document_render_stale_after())

    with mock.patch.object(render_document, "apply_async") as sent:
        again = services.document_request(
            owner=owner, kind="faulttest", title="Feiltest", html=html, user=user
        )

    assert again == document
    sent.assert_called_once_with(kwargs={"document_id": document.pk}, ignore_result=True)
    assert _status(document) == RenderedDocument.Status.QUEUED
