"""OpenID Connect providers (Entra ID, Ansattporten, ...) from environment variables alone;
read by settings/base.py, so this module imports nothing from Django's app registry.

    NAVPARTNER_OIDC_PROVIDERS=entra,ansattporten
    NAVPARTNER_OIDC_ENTRA_NAME=Microsoft               the button says "Logg inn med Microsoft"
    NAVPARTNER_OIDC_ENTRA_DISCOVERY_URL=https://login.microsoftonline.com/<tenant>/v2.0
    NAVPARTNER_OIDC_ENTRA_CLIENT_ID=...
    NAVPARTNER_OIDC_ENTRA_CLIENT_SECRET=...
    NAVPARTNER_OIDC_ENTRA_SCOPES=openid profile email  (the default)
    NAVPARTNER_OIDC_ENTRA_ACR_VALUES=                  (Ansattporten: idporten-loa-substantial)
    NAVPARTNER_OIDC_ANSATTPORTEN_PRIVATE_KEY_FILE=/etc/navpartner/ansattporten.pem
    NAVPARTNER_OIDC_ANSATTPORTEN_KEY_ID=...            (the kid registered with the key)

With a private key file the client authenticates with a signed JWT (private_key_jwt) and needs
no secret.
"""

import environ

DEFAULT_SCOPES = "openid profile email"


def oidc_apps(env: environ.Env) -> list[dict]:
    """One django-allauth openid_connect app per provider id in NAVPARTNER_OIDC_PROVIDERS.
    The app's provider_id is the id in lower case: it is part of the redirect URI
    (/accounts/oidc/<id>/login/callback/) and of every SocialAccount made through it."""
    apps = []
    for provider_id in env.list("NAVPARTNER_OIDC_PROVIDERS", default=[]):
        provider_id = provider_id.strip().lower()
        prefix = f"NAVPARTNER_OIDC_{provider_id.upper()}_"
        settings: dict = {
            "server_url": env.str(prefix + "DISCOVERY_URL"),
            "scope": env.str(prefix + "SCOPES", default=DEFAULT_SCOPES).split(),
            "oauth_pkce_enabled": True,
        }
        private_key_file = env.str(prefix + "PRIVATE_KEY_FILE", default="")
        if private_key_file:
            settings["token_auth_method"] = "private_key_jwt"  # noqa: S105 (a method, no secret)
            settings["private_key_file"] = private_key_file
            settings["key_id"] = env.str(prefix + "KEY_ID", default="")
        acr_values = env.str(prefix + "ACR_VALUES", default="")
        if acr_values:
            settings["auth_params"] = {"acr_values": acr_values}
        apps.append(
            {
                "provider_id": provider_id,
                "name": env.str(prefix + "NAME", default=provider_id.capitalize()),
                "client_id": env.str(prefix + "CLIENT_ID"),
                "secret": env.str(prefix + "CLIENT_SECRET", default=""),
                "settings": settings,
            }
        )
    return apps
