"""The page a request gets when it meets the database while it is away (navpartner.outages,
handler500): 503 with Retry-After; after a form was sent, that nothing was saved, that going
Back keeps what the user wrote, and what they wrote (never a password or token). Against a
real PostgreSQL restart: tests/integration/test_database_restart.py."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from navpartner.outages import RETRY_AFTER_SECONDS, server_error

TYPED = "Forslag: felles mottak på tirsdager.\nHilsen Kari"


def _handled(request, error: Exception):
    """What Django's handler500 answers while handling `error` (sys.exc_info() holds it)."""
    try:
        raise error
    except Exception:  # noqa: BLE001 — handler500 runs inside the handling of any exception
        return server_error(request)


def test_a_form_sent_while_the_database_is_away_says_nothing_was_saved_and_back_keeps_it():
    request = RequestFactory().post(
        "/avtaler/1/", {"text": TYPED, "password": "hemmelig-passord", "token": "abc123"}
    )

    response = _handled(request, OperationalError("the database system is shutting down"))

    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Tjenesten er midlertidig utilgjengelig" in page
    assert "Det du sendte, ble ikke lagret." in page
    assert "Gå tilbake med nettleserens Tilbake-knapp: det du skrev, står fortsatt i" in page
    assert "Forslag: felles mottak på tirsdager.\nHilsen Kari" in page
    assert "hemmelig-passord" not in page and "abc123" not in page


def test_a_page_read_while_the_database_is_away_says_so_and_nothing_about_saving():
    response = _handled(RequestFactory().get("/"), OperationalError("connection refused"))

    page = response.content.decode()
    assert response.status_code == 503
    assert "Prøv igjen om litt" in page
    assert "ikke lagret" not in page


@pytest.mark.django_db
def test_any_other_error_gets_the_generic_error_page():
    response = _handled(RequestFactory().get("/"), ValueError("a bug"))

    assert response.status_code == 500
    assert "Retry-After" not in response
