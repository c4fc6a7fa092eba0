"""Logins, failed logins, logouts, lockouts and the access gate's refusals leave a record with
user, address, time and what was asked for."""

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from tests.agreements import section
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

Kind = AuditEvent.Kind


RIGHT_PASSWORD = "password"  # the factory's


def log_in(client, username, password=RIGHT_PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def only_event(kind):
    """The one event of this kind (the test client's force_login records a login too)."""
    events = list(AuditEvent.objects.filter(kind=kind))
    assert len(events) == 1, list(AuditEvent.objects.values())
    return events[0]


def test_a_login_is_recorded_with_user_address_and_path():
    kari = UserFactory(username="kari")

    response = log_in(Client(REMOTE_ADDR="10.1.2.3"), "kari")

    assert response.status_code == 302
    event = only_event(Kind.LOGIN)
    assert (event.kind, event.user, event.username) == (Kind.LOGIN, kari, "kari")
    assert (event.ip, event.method, event.path) == ("10.1.2.3", "POST", reverse("login"))
    assert event.at is not None


def test_a_failed_login_keeps_the_user_name_as_typed():
    UserFactory(username="kari")

    log_in(Client(REMOTE_ADDR="10.1.2.3"), "Kari.Nordmann", "feil-passord")

    event = only_event(Kind.LOGIN_FAILED)
    assert (event.kind, event.user, event.username) == (Kind.LOGIN_FAILED, None, "Kari.Nordmann")
    assert event.ip == "10.1.2.3"


def test_the_address_behind_a_trusted_proxy_is_the_one_it_saw(settings):
    settings.NAVPARTNER_TRUSTED_PROXY_COUNT = 1
    UserFactory(username="kari")

    Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 192.0.2.44").post(
        reverse("login"), {"username": "kari", "password": "feil"}
    )

    assert only_event(Kind.LOGIN_FAILED).ip == "192.0.2.44"


def test_a_logout_is_recorded():
    kari = UserFactory(username="kari")
    client = Client()
    client.force_login(kari)

    client.post(reverse("logout"))

    event = only_event(Kind.LOGOUT)
    assert (event.kind, event.user, event.path) == (Kind.LOGOUT, kari, reverse("logout"))


def test_a_lockout_is_recorded(settings):
    UserFactory(username="kari")
    client = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "kari", f"gjetning-{attempt}")

    locked = AuditEvent.objects.filter(kind=Kind.LOCKED_OUT)
    assert [(e.username, e.ip) for e in locked] == [("kari", "127.0.0.1")]
    assert AuditEvent.objects.filter(kind=Kind.LOGIN_FAILED).count() == settings.AXES_FAILURE_LIMIT

    assert log_in(client, "kari").status_code == 429  # the right password, too late
    assert not AuditEvent.objects.filter(kind=Kind.LOGIN).exists()


def test_an_outsider_refused_a_partnership_is_recorded(client, world, outsider):
    target = reverse("partnerships:partnership_detail", kwargs={"pk": world.partnership.pk})
    client.force_login(outsider)

    assert client.get(target).status_code == 404

    event = only_event(Kind.REFUSED_404)
    assert (event.kind, event.user, event.username) == (
        Kind.REFUSED_404,
        outsider,
        outsider.username,
    )
    assert (event.method, event.path, event.ip) == ("GET", target, "127.0.0.1")


def test_a_reader_refused_a_change_is_recorded(client, agreement, reader):
    s = section(agreement, "2.0")
    target = reverse("agreements:section_detail", kwargs={"pk": agreement.pk, "section_pk": s.pk})
    client.force_login(reader)

    assert client.post(target, {"title": "Nytt", "body": "<p>Nytt</p>"}).status_code == 403

    event = only_event(Kind.REFUSED_403)
    assert (event.kind, event.user, event.method, event.path) == (
        Kind.REFUSED_403,
        reader,
        "POST",
        target,
    )


def test_allowed_pages_anonymous_visitors_and_unknown_addresses_leave_no_record(
    client, world, nav_leder
):
    """Anonymous visitors are sent to the login page before any view runs; an address no URL
    matches never reaches a view (the resolver's 404 is not the access gate's)."""
    target = reverse("partnerships:partnership_detail", kwargs={"pk": world.partnership.pk})

    assert client.get(target).status_code == 302
    assert client.get("/finnes-ikke/").status_code in (302, 404)
    client.force_login(nav_leder)
    assert client.get(target).status_code == 200
    assert client.get("/finnes-ikke/").status_code == 404

    assert list(AuditEvent.objects.values_list("kind", flat=True)) == [Kind.LOGIN]  # force_login
