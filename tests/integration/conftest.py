"""The integration suite runs against real services: PostgreSQL, Redis and a Celery worker
(scripts/services.sh starts them; `make test` runs this suite). Without them these tests FAIL —
they never skip, so a green run always means the services were really exercised."""

import email
import email.policy
import os
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from navpartner.celery import app as celery_app

HOW_TO_RUN = "Run `make test-integration` (or `scripts/services.sh start` and `. .run/env`)."


@pytest.fixture(scope="session", autouse=True)
def real_services():
    """Fail every integration test at once unless the services are there."""
    if connection.vendor != "postgresql":
        pytest.fail(
            f"integration tests need PostgreSQL, not {connection.vendor}: set DATABASE_URL. "
            + HOW_TO_RUN,
            pytrace=False,
        )
    if not settings.CELERY_BROKER_URL.startswith("redis://") or settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.fail(
            "integration tests need CELERY_BROKER_URL=redis://… (tasks must not run eagerly). "
            + HOW_TO_RUN,
            pytrace=False,
        )
    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        pytest.fail(
            f"Redis at {settings.CELERY_BROKER_URL} is not reachable: {error}. " + HOW_TO_RUN,
            pytrace=False,
        )
    if not celery_app.control.ping(timeout=5, limit=1):
        pytest.fail("no Celery worker answers a ping. " + HOW_TO_RUN, pytrace=False)
    if not Path(os.environ.get("NAVPARTNER_TEST_MAIL_DIR", "")).is_absolute():
        pytest.fail(
            "NAVPARTNER_TEST_MAIL_DIR must name the directory the worker writes e-mail to. "
            + HOW_TO_RUN,
            pytrace=False,
        )


def _messages(mail_dir: Path):
    """Every e-mail Django's file backend has finished writing to mail_dir: it ends each one
    with a line of 79 dashes, so whatever follows the last such line is still being written."""
    for path in sorted(mail_dir.glob("*.log")):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n")[:-1]:
            yield email.message_from_bytes(raw, policy=email.policy.default)


@pytest.fixture
def worker_outbox():
    """wait_for(address): the first e-mail the worker sent to `address`, polled for up to
    20 seconds."""
    mail_dir = Path(os.environ["NAVPARTNER_TEST_MAIL_DIR"])

    def wait_for(address: str, timeout: float = 20.0):
        deadline = time.monotonic() + timeout
        while True:
            for message in _messages(mail_dir):
                if address in (message["To"] or ""):
                    return message
            if time.monotonic() > deadline:
                pytest.fail(f"the worker sent no e-mail to {address} within {timeout:.0f} s")
            time.sleep(0.1)

    return wait_for
