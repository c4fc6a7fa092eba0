"""Login with OpenID Connect through django-allauth's openid_connect provider, with what it
leaves out (allauth 65.x) added here:

- a nonce is sent with every authorization request and checked against the ID token;
- the ID token's signature is always verified (allauth skips it when the token came
  straight from the token endpoint), with the issuer, audience, expiry and issue time;
- the discovery document and the signing keys (JWKS) are cached; an unknown key id fetches
  the keys again (at most once a minute), so a provider's key rotation is followed;
- the userinfo answer must be about the ID token's subject;
- logout ends the provider's session too where its discovery names an end_session_endpoint
  (RP-initiated logout, with id_token_hint and post_logout_redirect_uri);
- a refused login lands on the product's login page with a Norwegian message;
- the client may authenticate at the token endpoint with a signed JWT (private_key_jwt,
  RFC 7523; Ansattporten requires it) instead of a secret.

Accounts are matched on (provider, subject) only; a first login makes a user with no
memberships (SOCIALACCOUNT_AUTO_SIGNUP), whom an administrator then grants access as for any
other user. The password login page is Django's own, which NAVPARTNER_PASSWORD_LOGIN may
switch off.
"""

import hashlib
import hmac
import secrets
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import jwt
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Client, OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .forms import LoginForm

# How long a provider's discovery document and keys are trusted before they are fetched again.
DISCOVERY_TTL_SECONDS = 3600
JWKS_TTL_SECONDS = 3600
# An ID token signed with a key id not (yet) in the cached keys fetches them again, but not
# more often than this: a forged key id must not make every login hit the provider.
JWKS_REFRESH_SECONDS = 60
# Asymmetric algorithms only: "none" and HMAC with the client secret are refused.
ID_TOKEN_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"]
# What logout needs: the provider the user came through and its ID token.
LOGOUT_SESSION_KEY = "navpartner_oidc_logout"


def _cache_key(kind: str, url: str) -> str:
    return f"navpartner:oidc:{kind}:{hashlib.sha256(url.encode()).hexdigest()}"


def _get_json(url: str) -> dict:
    with get_adapter().get_requests_session() as session:
        response = session.get(url, timeout=10)
        response.raise_for_status()
        return response.json()


def _jwks(url: str, *, refresh: bool = False) -> dict:
    key = _cache_key("jwks", url)
    keys = None if refresh else cache.get(key)
    if keys is None:
        keys = _get_json(url)
        cache.set(key, keys, JWKS_TTL_SECONDS)
    return keys


def _signing_key(jwks_uri: str, kid: str | None, alg: str):
    refresh_allowed = True
    keys = _jwks(jwks_uri)
    while True:
        candidates = [
            jwk
            for jwk in keys.get("keys", [])
            if jwk.get("use", "sig") == "sig" and (kid is None or jwk.get("kid") == kid)
        ]
        if len(candidates) == 1:
            return jwt.PyJWK(candidates[0], algorithm=alg).key
        if not refresh_allowed or not cache.add(
            _cache_key("jwks-refreshed", jwks_uri), True, JWKS_REFRESH_SECONDS
        ):
            raise OAuth2Error(f"No signing key {kid!r}")
        refresh_allowed = False
        keys = _jwks(jwks_uri, refresh=True)


#: How long a client assertion (private_key_jwt) is valid.
ASSERTION_SECONDS = 60
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


class PrivateKeyJWTClient(OAuth2Client):
    """Authenticates at the token endpoint with a client assertion signed by the client's
    private key (RFC 7523) instead of a secret: iss and sub the client id, aud the provider's
    issuer, a fresh jti, valid for a minute."""

    def __init__(self, *args, private_key: str, key_id: str, audience: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.private_key, self.key_id, self.audience = private_key, key_id, audience

    def assertion(self) -> str:
        now = int(time.time())
        claims = {
            "iss": self.consumer_key,
            "sub": self.consumer_key,
            "aud": self.audience,
            "jti": str(uuid.uuid4()),
            "iat": now,
            "exp": now + ASSERTION_SECONDS,
        }
        headers = {"kid": self.key_id} if self.key_id else None
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers=headers)

    def get_access_token(self, code, pkce_code_verifier=None, extra_data=None):
        # No secret (the empty one is left out of the request); the assertion instead.
        self.basic_auth, self.consumer_secret = False, ""
        extra = {
            **(extra_data or {}),
            "client_assertion_type": JWT_BEARER,
            "client_assertion": self.assertion(),
        }
        return super().get_access_token(code, pkce_code_verifier, extra)


class OIDCAdapter(OpenIDConnectOAuth2Adapter):
    # The state stashed at the redirect (with the nonce), set by CallbackView.
    state: dict | None = None

    def get_client(self, request, app):
        if app.settings.get("token_auth_method") != "private_key_jwt":
            return super().get_client(request, app)
        return PrivateKeyJWTClient(
            self.request,
            app.client_id,
            "",
            self.access_token_method,
            self.access_token_url,
            self.get_callback_url(request, app),
            scope_delimiter=self.scope_delimiter,
            headers=self.headers,
            private_key=Path(app.settings["private_key_file"]).read_text(),
            key_id=app.settings.get("key_id", ""),
            audience=self.openid_config["issuer"],
        )

    @property
    def openid_config(self) -> dict:
        if not hasattr(self, "_openid_config"):
            provider = self.get_provider()
            url = provider.server_url
            config = cache.get(_cache_key("discovery", url))
            if config is None:
                config = _get_json(url)
                cache.set(_cache_key("discovery", url), config, DISCOVERY_TTL_SECONDS)
            overrides = provider.app.settings.get("openid_configuration_overrides", {})
            self._openid_config = {**config, **overrides}
        return self._openid_config

    def complete_login(self, request, app, token, **kwargs):
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("No ID token")
        claims = self._decode_id_token(app, id_token)
        data = {"id_token": claims}
        if app.settings.get("fetch_userinfo", True) and self.openid_config.get("userinfo_endpoint"):
            userinfo = self._fetch_user_info(token.token)
            if userinfo.get("sub") != claims["sub"]:
                raise OAuth2Error("The userinfo is about another subject")
            data["userinfo"] = userinfo
        login = self.get_provider().sociallogin_from_response(request, data)
        login.navpartner_id_token = id_token
        return login

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        config = self.openid_config
        try:
            header = jwt.get_unverified_header(id_token)
            alg = header.get("alg")
            if alg not in ID_TOKEN_ALGORITHMS:
                raise OAuth2Error(f"ID token algorithm {alg!r} refused")
            key = _signing_key(config["jwks_uri"], header.get("kid"), alg)
            claims = jwt.decode(
                id_token,
                key=key,
                algorithms=[alg],
                audience=app.client_id,
                issuer=config["issuer"],
                options={"require": ["iss", "sub", "aud", "exp", "iat", "nonce"]},
            )
        except jwt.PyJWTError as error:
            raise OAuth2Error(f"Invalid ID token: {error}") from error
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != app.client_id:
            raise OAuth2Error("ID token for several audiences without our azp")
        expected = (self.state or {}).get("nonce")
        if not expected or not hmac.compare_digest(str(claims["nonce"]), expected):
            raise OAuth2Error("ID token nonce does not match")
        return claims


class OIDCProvider(OpenIDConnectProvider):
    oauth2_adapter_class = OIDCAdapter

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        """The authorization request, with a fresh nonce also kept in the stashed state."""
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params["nonce"] = nonce
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )


class CallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        self.adapter.state = state
        return state, response


@login_not_required
def callback(request, provider_id):
    """The redirect URI, /accounts/oidc/<provider_id>/login/callback/ (allauth's own path,
    answered here so the nonce is checked)."""
    try:
        view = CallbackView.adapter_view(OIDCAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """No one signs up with a password; users come from an administrator or a provider."""
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return True

    def get_provider(self, request, provider, client_id=None):
        found = super().get_provider(request, provider, client_id=client_id)
        if isinstance(found, OpenIDConnectProvider) and not isinstance(found, OIDCProvider):
            return OIDCProvider(request, app=found.app)
        return found

    def pre_social_login(self, request, sociallogin) -> None:
        id_token = getattr(sociallogin, "navpartner_id_token", None)
        if id_token:
            request.session[LOGOUT_SESSION_KEY] = {
                "provider_id": sociallogin.account.provider,
                "id_token": id_token,
            }

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        """Back to the product's login page with a message; no one is logged in."""
        messages.error(
            request,
            _(
                "The login with %(provider)s was refused, and you are not logged in. "
                "Try again; if it happens again, contact your administrator."
            )
            % {"provider": provider.name},
        )
        raise ImmediateHttpResponse(redirect("login"))


class LoginView(auth_views.LoginView):
    """Django's login page, with a button per OpenID Connect provider (the template asks
    allauth for them) and the password form unless NAVPARTNER_PASSWORD_LOGIN is off."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if not settings.NAVPARTNER_PASSWORD_LOGIN:
            return HttpResponseForbidden(
                _("Login with a password is switched off here. Use one of the login buttons.")
            )
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "password_login_off": not settings.NAVPARTNER_PASSWORD_LOGIN,
        }


class LogoutView(auth_views.LogoutView):
    """Django's logout; after a login through a provider with an end_session_endpoint, the
    browser then goes there to end that session too, and comes back to the login page."""

    def post(self, request, *args, **kwargs):
        ended = request.session.get(LOGOUT_SESSION_KEY) if request.user.is_authenticated else None
        response = super().post(request, *args, **kwargs)
        if not ended:
            return response
        try:
            provider = get_adapter(request).get_provider(request, ended["provider_id"])
            endpoint = provider.get_oauth2_adapter(request).openid_config.get(
                "end_session_endpoint"
            )
        except (SocialApp.DoesNotExist, OAuth2Error, OSError, ValueError):
            return response
        if not endpoint:
            return response
        query = urlencode(
            {
                "id_token_hint": ended["id_token"],
                "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
                "client_id": provider.app.client_id,
            }
        )
        return HttpResponseRedirect(f"{endpoint}?{query}")
