"""The accessibility statement and the privacy page: public, in Norwegian, linked everywhere."""

import re

import pytest
from django.urls import reverse


def _headings(html: str) -> list[tuple[str, str]]:
    return re.findall(r"<(h[1-6])[^>]*>([^<]+)</h[1-6]>", html)


@pytest.mark.django_db
def test_accessibility_statement_is_public_with_the_uustatus_sections(client):
    response = client.get("/tilgjengelighet/")

    assert response.status_code == 200
    assert _headings(response.text) == [
        ("h1", "Tilgjengelighetserklæring"),
        ("h2", "Kravene"),
        ("h2", "Status og hvordan tjenesten er testet"),
        ("h2", "Kjente avvik"),
        ("h2", "Tilbakemelding"),
        ("h2", "Klage"),
        ("h2", "Sist gjennomgått"),
    ]
    assert "WCAG 2.1" in response.text
    assert "axe-core" in response.text
    assert "ikke testet manuelt med skjermleser" in response.text
    assert 'href="https://www.uutilsynet.no/"' in response.text
    assert "administratoren i kommunen din" in response.text
    assert "27.11.2026" in response.text


@pytest.mark.django_db
def test_accessibility_feedback_goes_to_the_configured_address(client, settings):
    settings.NAVPARTNER_CONTACT_EMAIL = "uu@oslo.kommune.no"

    response = client.get("/tilgjengelighet/")

    assert 'href="mailto:uu@oslo.kommune.no"' in response.text
    assert "administratoren i kommunen din" not in response.text


@pytest.mark.django_db
def test_privacy_page_is_public_and_says_what_is_kept_and_how_long(client, settings):
    settings.NAVPARTNER_OPERATOR_NAME = "Oslo kommune"
    settings.NAVPARTNER_AUDIT_RETENTION_DAYS = 180

    response = client.get("/personvern/")

    assert response.status_code == 200
    assert [text for _tag, text in _headings(response.text)] == [
        "Personvern",
        "Hvem som er ansvarlig",
        "Hva som lagres om deg",
        "Hvorfor",
        "Hvor lenge",
        "Rettighetene dine",
    ]
    assert "Oslo kommune driver denne installasjonen" in response.text
    assert "IP-adresse" in response.text
    assert "NAV-loven § 14" in response.text
    assert "Revisjonsloggen slettes etter 180 dager." in response.text
    assert "Datatilsynet" in response.text


@pytest.mark.django_db
def test_privacy_page_without_settings_names_the_municipality_and_365_days(client):
    response = client.get("/personvern/")

    assert "Kommunen som driver denne installasjonen" in response.text
    assert "Revisjonsloggen slettes etter 365 dager." in response.text


@pytest.mark.django_db
def test_the_footer_of_the_login_page_links_both(client):
    response = client.get(reverse("login"))

    footer = response.text.split("<footer", 1)[1]
    assert '<a href="/tilgjengelighet/">Tilgjengelighetserklæring</a>' in footer
    assert '<a href="/personvern/">Personvern</a>' in footer
