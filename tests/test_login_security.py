"""Password guessing is throttled, passwords must be strong, and sessions expire."""

import datetime as dt
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHT_PASSWORD = "password"  # the factory's
LOCKED_OUT = "For mange mislykkede forsøk. Prøv igjen om 15 minutter."
START = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)


def log_in(client, username, password=RIGHT_PASSWORD, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def without_csrf_token(html):
    return re.sub(r"\b[A-Za-z0-9]{64}\b", "", html)


def guess_six_times(client, username):
    for attempt in range(6):
        log_in(client, username, f"gjetning-{attempt}")


def test_the_right_password_is_refused_after_six_wrong_ones(client):
    UserFactory(username="kari")
    guess_six_times(client, "kari")

    response = log_in(client, "kari")

    assert response.status_code == 429
    assert LOCKED_OUT in response.text
    assert 'name="username"' in response.text  # still the login page
    assert "_auth_user_id" not in client.session


def test_an_unknown_user_name_is_locked_out_just_the_same(client):
    UserFactory(username="kari")
    guess_six_times(client, "kari")
    known = log_in(client, "kari")

    other = Client(REMOTE_ADDR="10.0.0.7")  # another address: only the user name counts
    guess_six_times(other, "finnes-ikke")
    unknown = log_in(other, "finnes-ikke")

    assert unknown.status_code == known.status_code == 429
    assert LOCKED_OUT in unknown.text
    # The same page, but for the CSRF token: nothing tells whether the user exists.
    assert without_csrf_token(unknown.text) == without_csrf_token(known.text)


def test_one_address_is_locked_out_whatever_the_user_name(client):
    UserFactory(username="kari")
    for attempt in range(6):
        log_in(client, f"bruker-{attempt}", "feil")

    response = log_in(client, "kari")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_shared_by_every_web_process():
    UserFactory(username="kari")
    guess_six_times(Client(), "kari")

    # A fresh client (another process, another cookie) finds the lockout in the database.
    response = log_in(Client(), "kari")

    assert AccessAttempt.objects.filter(username="kari").exists()
    assert response.status_code == 429


def test_the_right_password_works_again_after_the_cool_off(client):
    UserFactory(username="kari")
    with time_machine.travel(START, tick=False):
        guess_six_times(client, "kari")
    with time_machine.travel(START + dt.timedelta(minutes=14), tick=False):
        assert log_in(client, "kari").status_code == 429

    # Each refused attempt starts the cool-off again: 16 minutes after the last one.
    with time_machine.travel(START + dt.timedelta(minutes=30), tick=False):
        response = log_in(client, "kari")
        assert response.status_code == 302
        assert client.session["_auth_user_id"]


def test_a_success_forgets_the_earlier_failures(client):
    UserFactory(username="kari")
    for attempt in range(4):
        log_in(client, "kari", f"feil-{attempt}")
    assert log_in(client, "kari").status_code == 302
    client.post(reverse("logout"))

    for attempt in range(4):
        log_in(client, "kari", f"feil-igjen-{attempt}")

    assert log_in(client, "kari").status_code == 302


def test_x_forwarded_for_is_ignored_unless_proxies_are_trusted(client, settings):
    UserFactory(username="kari")
    for attempt in range(6):
        log_in(client, f"bruker-{attempt}", "feil", HTTP_X_FORWARDED_FOR=f"10.1.1.{attempt}")

    # A forged header does not dodge the lockout of the address.
    assert log_in(client, "kari", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429

    settings.NAVPARTNER_TRUSTED_PROXY_COUNT = 1
    # Behind one trusted proxy, the client is the address it saw (the right-most entry).
    assert log_in(client, "kari", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.9.9.9").status_code == 302


def test_the_session_key_changes_at_login(client):
    UserFactory(username="kari")
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key

    log_in(client, "kari")

    assert client.session["_auth_user_id"]
    assert client.session.session_key != before


def test_an_idle_session_ends_after_an_hour(client):
    UserFactory(username="kari")
    with time_machine.travel(START, tick=False) as clock:
        log_in(client, "kari")
        clock.shift(dt.timedelta(minutes=59))
        assert client.get(reverse("home")).status_code == 200
        clock.shift(dt.timedelta(minutes=59))
        assert client.get(reverse("home")).status_code == 200  # seen an hour ago: still in

        clock.shift(dt.timedelta(minutes=61))
        response = client.get(reverse("home"))
        assert "_auth_user_id" not in client.session

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_busy_session_ends_ten_hours_after_the_login(client):
    UserFactory(username="kari")
    with time_machine.travel(START, tick=False) as clock:
        log_in(client, "kari")
        for _ in range(20):
            clock.shift(dt.timedelta(minutes=30))
            assert client.get(reverse("home")).status_code == 200
        clock.shift(dt.timedelta(seconds=1))
        response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def session_writes(queries):
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("UPDATE") and "django_session" in query["sql"]
    ]


def test_a_page_view_within_a_minute_does_not_write_the_session(client):
    UserFactory(username="kari")
    with time_machine.travel(START, tick=False) as clock:
        log_in(client, "kari")
        clock.shift(dt.timedelta(seconds=30))
        with CaptureQueriesContext(connection) as recent:
            client.get(reverse("home"))
        clock.shift(dt.timedelta(seconds=31))
        with CaptureQueriesContext(connection) as later:
            client.get(reverse("home"))

    assert session_writes(recent) == []
    assert len(session_writes(later)) == 1  # the last-seen stamp, once a minute


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Passord1", "Passordet er for kort. Det må bestå av minst 12 tegn."),
        ("navpartner123", "Passordet er for likt brukernavn."),
        ("123456789012345", "Dette passordet inneholder bare tall."),
    ],
)
def test_a_weak_new_password_is_refused_in_norwegian(client, password, message):
    user = UserFactory(username="navpartner")
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {"old_password": "password", "new_password1": password, "new_password2": password},
    )

    assert response.status_code == 200
    assert message in response.text
    user.refresh_from_db()
    assert user.check_password("password")
