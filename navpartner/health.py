"""Health checks for a load balancer, an orchestrator and monitoring.

Built on django-health-check (its view, content negotiation, OpenMetrics output, and its
database, Redis and Celery checks), with one check of our own, Migrations:

- ``/helse/`` live: the process answers. No check, no database: a web process that answers
  this needs no restart.
- ``/helse/klar/`` ready: the database answers and every migration is applied, what a web
  process needs to serve pages. Not the broker: a PDF asked for while it is away waits in the
  database and is sent once it is back (``documents_requeue``), so a broker outage must not
  take the web processes out of the load balancer.
- ``/helse/alt/`` everything, for monitoring: the above, the broker (Redis) and a Celery worker
  that answers on the task queue. It names internal hosts, so it answers only a request with
  ``Authorization: Bearer <NAVPARTNER_HEALTH_TOKEN>``, and 404 to any other (or to every one
  when the setting is empty).

Each answers JSON (text/plain or OpenMetrics when asked: ``?format=text``,
``?format=openmetrics``), 200 when every check passes, else 503 naming what failed. GET and
HEAD only; nothing is written.
"""

import dataclasses
import hmac

from celery import Celery
from django import db
from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.contrib.celery import Ping
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView
from kombu.exceptions import OperationalError

from .celery import app as celery_app


@dataclasses.dataclass
class Migrations(HealthCheck):
    """Every migration of the code this process runs is applied to the database (a web
    process started before `manage.py migrate` ran would fail on the new columns)."""

    alias: str = "default"

    def run(self) -> None:
        connection = connections[self.alias]
        try:
            # A connection of its own, closed after: the check runs in a thread of its own.
            with connection.temporary_connection():
                executor = MigrationExecutor(connection)
                plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except db.Error as error:
            raise ServiceUnavailable("Database unavailable") from error
        if plan:
            raise ServiceUnavailable(
                f"{len(plan)} migration(s) not applied, first {plan[0][0].app_label}."
                f"{plan[0][0].name}: run manage.py migrate"
            )


READY = (Database, Migrations)


class HealthView(HealthCheckView):
    """django-health-check's view: 503 (not 500) when a check fails, as the product's own
    page while the database is away (navpartner/outages.py), and JSON where it would render
    its HTML page (a browser shows JSON too)."""

    checks = ()

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response

    def render_to_response(self, context, **response_kwargs):
        return self.render_to_response_json(response_kwargs.get("status", 200))


class LiveView(HealthView):
    checks = ()


class ReadyView(HealthView):
    checks = READY


class EverythingView(HealthView):
    """Readiness, the broker and a worker; only with the monitoring token."""

    async def dispatch(self, request, *args, **kwargs):
        token = settings.NAVPARTNER_HEALTH_TOKEN
        given = request.headers.get("Authorization", "")
        if not token or not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            raise Http404
        return await super().dispatch(request, *args, **kwargs)

    def get_checks(self):
        yield from (check() for check in READY)
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return  # no broker, no worker: tasks run in the web process
        broker = settings.CELERY_BROKER_URL
        if broker.startswith(("redis://", "rediss://", "unix://")):
            from health_check.contrib.redis import Redis
            from redis.asyncio import Redis as RedisClient

            yield Redis(
                client_factory=lambda: RedisClient.from_url(
                    broker, socket_timeout=2, socket_connect_timeout=2
                )
            )
        yield Worker()


@dataclasses.dataclass
class Worker(Ping):
    """A Celery worker answers and consumes the task queue (the first to answer is enough)."""

    app: Celery = dataclasses.field(default_factory=lambda: celery_app, repr=False)
    limit: int | None = dataclasses.field(default=1, repr=False)

    def run(self) -> None:
        # The broker away: kombu's error, or (on a connection the pool kept) the transport's
        # own, which the library would report as "unknown error".
        connection = self.app.connection_for_read()
        broker_errors = (OperationalError, *connection.connection_errors)
        connection.release()
        try:
            super().run()
        except broker_errors as error:
            raise ServiceUnavailable("No connection to the broker") from error
