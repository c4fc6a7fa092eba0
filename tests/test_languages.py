"""Each user reads the product in their own language (bokmål, nynorsk or English): taken from
the browser at the first login, changed with the switch in the footer, kept in the profile."""

import pytest
from django.conf import settings
from django.urls import reverse

from navpartner.languages import SESSION_KEY, browser_language, languages_of
from navpartner.models import UserProfile
from tests.factories import UserFactory


def log_in(client, user, **headers):
    response = client.post(
        reverse("login"), {"username": user.username, "password": "password"}, headers=headers
    )
    assert response.status_code == 302, response.content
    return response


@pytest.fixture
def kari(db):
    user = UserFactory(username="kari")
    user.set_password("password")
    user.save()
    return user


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("nn-NO,nn;q=0.9,en;q=0.5", "nn"),
        ("en-GB,en;q=0.9", "en"),
        ("no,en;q=0.5", "nb"),
        ("de-DE,de;q=0.9,nn;q=0.2", "nn"),
        ("de-DE", None),
        ("", None),
    ],
)
def test_the_browsers_first_language_the_product_speaks(header, expected):
    assert browser_language(header) == expected


def test_the_first_login_takes_the_language_from_the_browser(client, kari):
    log_in(client, kari, accept_language="nn-NO,nn;q=0.9,nb;q=0.8")

    home = client.get(reverse("home"))

    assert UserProfile.objects.get(user=kari).language == "nn"
    assert '<html lang="nn">' in home.text


def test_a_language_chosen_on_the_login_page_wins_over_the_browser(client, kari):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    log_in(client, kari, accept_language="nn-NO")

    assert UserProfile.objects.get(user=kari).language == "en"
    assert "My partnerships" in client.get(reverse("home")).text


def test_a_browser_in_another_language_gives_bokmal(client, kari):
    log_in(client, kari, accept_language="de-DE,de;q=0.9")

    assert UserProfile.objects.get(user=kari).language == "nb"
    assert '<html lang="nb">' in client.get(reverse("home")).text


def test_later_logins_keep_the_users_choice_whatever_the_browser_says(client, kari):
    log_in(client, kari, accept_language="en-GB")
    client.post(reverse("set_language"), {"language": "nn", "next": "/"})
    client.logout()
    client.cookies.clear()

    log_in(client, kari, accept_language="en-GB")

    assert UserProfile.objects.get(user=kari).language == "nn"
    assert '<html lang="nn">' in client.get(reverse("home")).text


def test_before_the_login_the_browser_is_not_asked(client, db):
    page = client.get(reverse("login"), headers={"accept-language": "nn-NO"})

    assert '<html lang="nb">' in page.text


def test_languages_of_users_default_to_bokmal(db):
    chosen, unset = UserFactory(), UserFactory()
    UserProfile.objects.create(user=chosen, language="en")

    assert languages_of([chosen.pk, unset.pk]) == {
        chosen.pk: "en",
        unset.pk: settings.LANGUAGE_CODE,
    }


def test_the_switch_offers_all_three_languages(client, kari):
    log_in(client, kari)
    page = client.get(reverse("home")).text

    for code in ("nb", "nn", "en"):
        assert f'name="language" value="{code}"' in page


def test_the_language_is_chosen_on_the_settings_page_too(client, kari):
    log_in(client, kari)
    page = reverse("oversight:preferences")

    client.post(reverse("set_language"), {"language": "nn", "next": page})

    assert UserProfile.objects.get(user=kari).language == "nn"
    settings_page = client.get(page).text
    assert '<html lang="nn">' in settings_page
    assert 'id="language-nn" checked' in settings_page


def test_a_session_from_before_languages_were_kept_gets_the_profiles(client, kari):
    log_in(client, kari)
    UserProfile.objects.filter(user=kari).update(language="en")
    session = client.session
    del session[SESSION_KEY]
    session.save()

    first = client.get(reverse("home")).text
    second = client.get(reverse("home")).text

    assert '<html lang="en">' in first and '<html lang="en">' in second
    assert client.session[SESSION_KEY] == "en"
