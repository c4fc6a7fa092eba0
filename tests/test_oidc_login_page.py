"""The login page's OpenID Connect buttons and the per-deployment switch for password login
(navpartner/oidc.py, navpartner/oidc_settings.py); the flow itself is in tests/e2e/oidc."""

import environ
import pytest
from django.contrib.auth import get_user

from navpartner.oidc_settings import oidc_apps

from .factories import UserFactory

pytestmark = pytest.mark.django_db

PROVIDERS = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "entra",
                "name": "Microsoft",
                "client_id": "x",
                "settings": {"server_url": "https://login.example.test"},
            }
        ]
    }
}


def test_a_button_per_provider(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = PROVIDERS
    content = client.get("/konto/logg-inn/").content.decode()
    assert 'action="/accounts/oidc/entra/login/"' in content
    assert "Logg inn med Microsoft" in content
    assert 'name="password"' in content


def test_no_button_without_providers(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert "Logg inn med" not in client.get("/konto/logg-inn/").content.decode()


def test_password_login_switched_off_hides_the_form_and_refuses_a_post(client, settings):
    settings.NAVPARTNER_PASSWORD_LOGIN = False
    settings.SOCIALACCOUNT_PROVIDERS = PROVIDERS
    UserFactory(username="kari", password="a-long-password-1")

    page = client.get("/konto/logg-inn/").content.decode()
    response = client.post(
        "/konto/logg-inn/", {"username": "kari", "password": "a-long-password-1"}
    )

    assert 'name="password"' not in page
    assert "Logg inn med Microsoft" in page
    assert response.status_code == 403
    assert "Innlogging med passord er slått av" in response.content.decode()
    assert not get_user(client).is_authenticated


def test_providers_from_the_environment(monkeypatch):
    environment = {
        "NAVPARTNER_OIDC_PROVIDERS": "entra,Ansattporten",
        "NAVPARTNER_OIDC_ENTRA_NAME": "Microsoft",
        "NAVPARTNER_OIDC_ENTRA_DISCOVERY_URL": "https://login.microsoftonline.com/t/v2.0",
        "NAVPARTNER_OIDC_ENTRA_CLIENT_ID": "entra-id",
        "NAVPARTNER_OIDC_ENTRA_CLIENT_SECRET": "s",
        "NAVPARTNER_OIDC_ANSATTPORTEN_NAME": "Ansattporten",
        "NAVPARTNER_OIDC_ANSATTPORTEN_DISCOVERY_URL": "https://ansattporten.no",
        "NAVPARTNER_OIDC_ANSATTPORTEN_CLIENT_ID": "ap-id",
        "NAVPARTNER_OIDC_ANSATTPORTEN_SCOPES": "openid profile",
        "NAVPARTNER_OIDC_ANSATTPORTEN_ACR_VALUES": "idporten-loa-substantial",
        "NAVPARTNER_OIDC_ANSATTPORTEN_PRIVATE_KEY_FILE": "/etc/navpartner/ap.pem",
        "NAVPARTNER_OIDC_ANSATTPORTEN_KEY_ID": "ap-key-1",
    }
    monkeypatch.setattr(environ.Env, "ENVIRON", environment)

    entra, ansattporten = oidc_apps(environ.Env())

    assert entra["provider_id"] == "entra"
    assert entra["name"] == "Microsoft"
    assert entra["settings"]["scope"] == ["openid", "profile", "email"]
    assert entra["settings"]["oauth_pkce_enabled"] is True
    assert "auth_params" not in entra["settings"]
    assert ansattporten["provider_id"] == "ansattporten"
    assert ansattporten["settings"]["scope"] == ["openid", "profile"]
    assert ansattporten["settings"]["auth_params"] == {"acr_values": "idporten-loa-substantial"}
    assert ansattporten["secret"] == ""
    assert "token_auth_method" not in entra["settings"]
    assert ansattporten["settings"]["token_auth_method"] == "private_key_jwt"
    assert ansattporten["settings"]["private_key_file"] == "/etc/navpartner/ap.pem"
    assert ansattporten["settings"]["key_id"] == "ap-key-1"


def test_the_admin_logs_in_through_the_one_login_page(client, settings):
    settings.NAVPARTNER_PASSWORD_LOGIN = False

    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"] == "/konto/logg-inn/?next=/admin/"
    # A password posted to the admin's old login address logs nobody in.
    response = client.post("/admin/login/?next=/admin/", {"username": "x", "password": "y"})
    assert response.status_code == 302
    assert response["Location"] == "/konto/logg-inn/?next=/admin/"
    assert "_auth_user_id" not in client.session
