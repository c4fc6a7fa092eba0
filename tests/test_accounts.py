"""Log in, log out, change and reset the password — in Norwegian."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_norwegian(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert '<html lang="nb">' in response.text
    assert "Logg inn" in response.text
    assert "Glemt passordet?" in response.text


def test_login_with_wrong_password_says_so_and_stays(client):
    UserFactory(username="kari")

    response = client.post(reverse("login"), {"username": "kari", "password": "feil"})

    assert response.status_code == 200
    assert "Vennligst oppgi korrekt brukernavn og passord" in response.text
    assert "_auth_user_id" not in client.session


def test_login_leads_to_my_partnerships(client):
    UserFactory(username="kari")

    response = client.post(
        reverse("login"), {"username": "kari", "password": "password"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Mine partnerskap" in response.text


def test_logout_requires_post_and_ends_the_session(client):
    client.force_login(UserFactory())

    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))

    assert response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_password_change(client):
    user = UserFactory(username="kari")
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "password",
            "new_password1": "Partnerskap-2026!",
            "new_password2": "Partnerskap-2026!",
        },
    )

    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("Partnerskap-2026!")


def test_password_change_with_mismatch_keeps_the_old_password(client):
    user = UserFactory(username="kari")
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "password",
            "new_password1": "Partnerskap-2026!",
            "new_password2": "Partnerskap-2027!",
        },
    )

    assert response.status_code == 200
    assert "De to passordfeltene er ikke like" in response.text
    user.refresh_from_db()
    assert user.check_password("password")


def test_password_reset_sends_a_norwegian_e_mail_whose_link_works(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(username="kari", email="kari@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "kari@example.org"})

    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari@example.org"]
    assert message.subject == "Nytt passord for navpartner"
    assert "Brukernavnet ditt er kari." in message.body
    link = re.search(r"http://testserver(/konto/nytt-passord/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Partnerskap-2026!", "new_password2": "Partnerskap-2026!"},
    )

    user.refresh_from_db()
    assert user.check_password("Partnerskap-2026!")


@pytest.mark.django_db
@override_settings(ALLOWED_HOSTS=["intern-node-3.kommune.local", "testserver"])
def test_password_reset_link_is_the_products_address_not_the_requests_host(
    client, django_capture_on_commit_callbacks
):
    """Behind a proxy the request's Host may be an internal name: the e-mailed link must be
    the one address users reach (NAVPARTNER_BASE_URL), with an HTML part, marked automatic."""
    UserFactory(username="kari", email="kari@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("password_reset"),
            {"email": "kari@example.org"},
            HTTP_HOST="intern-node-3.kommune.local",
        )

    [message] = mail.outbox
    assert "intern-node-3" not in message.body
    assert re.search(r"http://testserver/konto/nytt-passord/\S+/", message.body)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="http://testserver/konto/nytt-passord/' in html
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"


def test_password_reset_for_an_unknown_address_answers_the_same_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "ukjent@example.org"})

    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_language_switch_to_english_and_back(client):
    client.force_login(UserFactory())

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("home"))
    client.post(reverse("set_language"), {"language": "nb", "next": "/"})
    norwegian = client.get(reverse("home"))

    assert '<html lang="en">' in english.text
    assert "My partnerships" in english.text
    assert "Mine partnerskap" in norwegian.text


def test_bokmal_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="nb">' in response.text
    assert "Logg inn" in response.text
