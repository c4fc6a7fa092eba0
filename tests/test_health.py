"""The health checks (navpartner/health.py) as a load balancer and monitoring see them: live
without the database, ready when the database answers and every migration is applied (503
naming the first one missing otherwise), everything only with the monitoring token, and no
redirect to HTTPS for a probe under the production settings. The database or broker gone:
tests/integration/test_health_outages.py."""

import ast

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from tests.test_production_settings import production_setting

READY = {"Database(alias='default')": "OK", "Migrations(alias='default')": "OK"}


@pytest.mark.django_db
def test_live_answers_anyone_without_reading_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/helse/")

    assert response.status_code == 200
    assert response.json() == {}
    assert not response.cookies  # no session, no language cookie: a probe writes nothing
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_ready_when_the_database_answers_and_every_migration_is_applied(client):
    response = client.get("/helse/klar/")

    assert response.status_code == 200
    assert response.json() == READY
    assert not response.cookies
    text = client.get("/helse/klar/?format=text")
    assert text.content.decode().splitlines() == [f"{name}: OK" for name in READY]
    metrics = client.get("/helse/klar/", headers={"accept": "application/openmetrics-text"})
    assert 'django_health_check_status{check="Migrations",alias="default"} 1' in (
        metrics.content.decode()
    )


@pytest.mark.django_db(transaction=True)
def test_not_ready_while_a_migration_is_not_applied(client):
    recorder = MigrationRecorder(connection)
    recorder.record_unapplied("oversight", "0007_summary_read_with_orjson")
    try:
        response = client.get("/helse/klar/")
        live = client.get("/helse/")
    finally:
        recorder.record_applied("oversight", "0007_summary_read_with_orjson")

    assert response.status_code == 503
    assert response.json() == {
        "Database(alias='default')": "OK",
        "Migrations(alias='default')": "Unavailable: 1 migration(s) not applied, first "
        "oversight.0007_summary_read_with_orjson: run manage.py migrate",
    }
    assert live.status_code == 200  # the process itself needs no restart
    assert client.get("/helse/klar/").status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("token", ["", "s3cret-monitoring-token"])
@pytest.mark.parametrize(
    "authorization", [None, "Bearer wrong", "s3cret-monitoring-token", "Bearer "]
)
def test_everything_is_404_without_the_monitoring_token(client, settings, token, authorization):
    settings.NAVPARTNER_HEALTH_TOKEN = token
    headers = {"authorization": authorization} if authorization is not None else {}

    response = client.get("/helse/alt/", headers=headers)

    assert response.status_code == 404
    assert "Database" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_everything_with_the_token_and_no_broker_is_the_readiness_checks(client, settings):
    settings.NAVPARTNER_HEALTH_TOKEN = "s3cret-monitoring-token"
    assert settings.CELERY_TASK_ALWAYS_EAGER  # the embedded set-up: no broker, no worker

    response = client.get(
        "/helse/alt/", headers={"authorization": "Bearer s3cret-monitoring-token"}
    )

    assert response.status_code == 200
    assert response.json() == READY


def test_no_probe_is_redirected_to_https_under_the_production_settings(client, settings):
    exempt = ast.literal_eval(production_setting("settings.SECURE_REDIRECT_EXEMPT"))
    assert production_setting("settings.SECURE_SSL_REDIRECT") == "True"
    settings.SECURE_SSL_REDIRECT, settings.SECURE_REDIRECT_EXEMPT = True, exempt

    assert client.get("/helse/").status_code == 200
    assert client.get("/konto/logg-inn/").status_code == 301  # every page still is
