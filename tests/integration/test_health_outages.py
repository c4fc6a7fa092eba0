"""The health checks (navpartner/health.py) of a real server (gunicorn, as production runs)
while the services behind it go away and come back: with PostgreSQL stopped the process is
still live but not ready (503, the database named), and ready again once it is back; with
Redis stopped monitoring sees the broker and the worker fail while the web process stays
ready (a PDF asked for meanwhile waits in the database), and both pass again once Redis is
back and the worker has reconnected."""

import json
import subprocess
from contextlib import suppress
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
import redis
from django.conf import settings
from django.db import connection

from tests.integration.test_database_restart import Server, _pg_ctl
from tests.integration.test_documents_recover import _redis_command, _redis_up
from tests.integration.test_worker_killed import _wait

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TOKEN = "monitoring-token-of-this-test"
READY = {"Database(alias='default')": "OK", "Migrations(alias='default')": "OK"}


@pytest.fixture
def server(tmp_path, monkeypatch):
    monkeypatch.setenv("NAVPARTNER_HEALTH_TOKEN", TOKEN)
    started = Server(tmp_path)
    yield started
    started.stop()


def _get(server: Server, path: str, token: str = "") -> tuple[int, dict]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    request = Request(f"http://127.0.0.1:{server.port}{path}", headers=headers)  # noqa: S310
    try:
        with urlopen(request, timeout=30) as response:  # noqa: S310 — our server on loopback
            return response.status, json.loads(response.read())
    except HTTPError as error:
        return error.code, json.loads(error.read()) if error.code != 404 else {}


def test_not_ready_while_postgresql_is_down_and_ready_again_when_it_is_back(server):
    before = _get(server, "/helse/klar/")
    try:
        _pg_ctl("stop", "-m", "fast")
        live, ready = _get(server, "/helse/"), _get(server, "/helse/klar/")
    finally:
        with suppress(subprocess.CalledProcessError):
            _pg_ctl("start")
        connection.close()  # this process's connection was cut too
    after = _get(server, "/helse/klar/")

    assert before == (200, READY), server.tail()
    assert live == (200, {})
    status, checks = ready
    assert status == 503, server.tail()
    assert checks["Database(alias='default')"].startswith("Unavailable"), checks
    assert checks["Migrations(alias='default')"] == "Unavailable: Database unavailable"
    assert after == (200, READY), server.tail()


def test_monitoring_sees_the_broker_and_the_worker_go_and_come_back(server):
    port = redis.Redis.from_url(settings.CELERY_BROKER_URL).config_get("port")["port"]
    broker_check = f"Redis(db=0, host='127.0.0.1', port={port})"
    everything = {**READY, broker_check: "OK", "Worker()": "OK"}
    before = _get(server, "/helse/alt/", TOKEN)
    restart_redis = _redis_command()

    redis.Redis.from_url(settings.CELERY_BROKER_URL).shutdown(nosave=True)
    try:
        assert not _redis_up()
        down, ready = _get(server, "/helse/alt/", TOKEN), _get(server, "/helse/klar/")
    finally:
        subprocess.run(restart_redis, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
        _wait(_redis_up, 10, "Redis did not come back")
    _wait(
        lambda: _get(server, "/helse/alt/", TOKEN)[0] == 200,
        60,
        "the worker did not answer again",
    )

    assert before == (200, everything), server.tail()
    assert _get(server, "/helse/alt/") == (404, {})  # without the token: nothing to see
    status, checks = down
    assert status == 503
    assert checks[broker_check].startswith("Unavailable: Unable to connect to Redis"), checks
    assert checks["Worker()"] == "Unavailable: No connection to the broker", checks
    assert {name: checks[name] for name in READY} == READY
    assert ready == (200, READY)  # the web process serves on without the broker
    assert _get(server, "/helse/alt/", TOKEN) == (200, everything)
