"""Administrators read the audit trail in the admin; nobody edits it; the retention job
deletes what is older than NAVPARTNER_AUDIT_RETENTION_DAYS."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEvent
from audit.tasks import audit_purge
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
CHANGELIST = reverse("admin:audit_auditevent_changelist")


def event(at, **fields):
    return AuditEvent.objects.create(kind=AuditEvent.Kind.LOGIN_FAILED, at=at, **fields)


def test_a_superuser_reads_and_searches_the_trail(client):
    event(NOW, username="kari.gjetter", ip="192.0.2.7", path="/konto/logg-inn/")
    event(NOW, username="ola", ip="192.0.2.8", path="/konto/logg-inn/")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(CHANGELIST, {"q": "192.0.2.7"})

    assert response.status_code == 200
    assert "kari.gjetter" in response.text
    assert "ola" not in response.text
    assert client.get(CHANGELIST, {"kind__exact": "login_failed"}).status_code == 200


def test_staff_without_the_view_permission_is_refused(client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)

    assert client.get(CHANGELIST).status_code == 403

    staff.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    assert client.get(CHANGELIST).status_code == 200


def test_nobody_adds_changes_or_deletes_an_event_in_the_admin(client):
    record = event(NOW, username="kari")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    change = reverse("admin:audit_auditevent_change", args=[record.pk])
    assert client.post(change, {"kind": "login", "username": "endret"}).status_code == 403
    delete = reverse("admin:audit_auditevent_delete", args=[record.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    record.refresh_from_db()
    assert record.username == "kari"


@pytest.mark.parametrize("run", [audit_purge, lambda: call_command("audit_purge", stdout=None)])
def test_the_retention_job_deletes_only_old_events(settings, run):
    settings.NAVPARTNER_AUDIT_RETENTION_DAYS = 30
    old = event(NOW - dt.timedelta(days=31), username="gammel")
    kept = event(NOW - dt.timedelta(days=29), username="ny")

    with time_machine.travel(NOW, tick=False):
        run()

    assert list(AuditEvent.objects.all()) == [kept]
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


def test_the_retention_job_runs_daily():
    from django.conf import settings

    schedule = settings.CELERY_BEAT_SCHEDULE["audit-purge"]
    assert schedule["task"] == "audit.tasks.audit_purge"
    assert audit_purge.name == "audit.tasks.audit_purge"
