"""A real OpenID Connect provider on loopback (tests/oidc/provider.mjs, panva's oidc-provider
on the machine's Node), started once per run for the live server, and a small proxy in front
of it that can spoil what the provider says (tampered signature, foreign issuer, slow token
endpoint) the way an attacker or a broken network would."""

import copy
import functools
import json
import os
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import import_module
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings as django_settings
from jwt.algorithms import RSAAlgorithm

OIDC_DIR = Path(__file__).resolve().parents[2] / "oidc"
CLIENT_ID = "navpartner"
SHORT_CLIENT_ID = "navpartner-short"  # its ID tokens live one second
JWT_CLIENT_ID = "navpartner-jwt"  # authenticates with a signed JWT (private_key_jwt)
JWT_KEY_ID = "navpartner-test-key"
CLIENT_SECRET = "test-only-secret"
PROVIDER_IDS = ["testidp", "tampered", "foreign", "slow"]
USER = "kari.nordmann"  # an account of provider.mjs
BUTTON = "Logg inn med Testleverandør"


@functools.cache
def client_key() -> rsa.RSAPrivateKey:
    """The private key of the private_key_jwt client, made once per run."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def client_key_file(tmp_path) -> str:
    """The client's private key as the PEM file NAVPARTNER_OIDC_<ID>_PRIVATE_KEY_FILE names."""
    path = tmp_path / "client.pem"
    path.write_bytes(
        client_key().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(path)


@pytest.fixture(scope="session")
def oidc_issuer(live_server):
    """Starts the provider with clients whose redirect URIs are the live server's; yields its
    issuer URL and stops it at the end of the run."""
    if not shutil.which("node") or not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("Node and tests/oidc/node_modules are needed: run `make setup-test`")
    redirect_uris = [
        f"{live_server.url}/accounts/oidc/{provider_id}/login/callback/"
        for provider_id in PROVIDER_IDS
    ]
    logout_uris = [f"{live_server.url}/konto/logg-inn/"]
    clients = [
        {
            "client_id": client_id,
            "client_secret": CLIENT_SECRET,
            "redirect_uris": redirect_uris,
            "post_logout_redirect_uris": logout_uris,
            "id_token_ttl": ttl,
        }
        for client_id, ttl in ((CLIENT_ID, 600), (SHORT_CLIENT_ID, 1))
    ]
    public = json.loads(RSAAlgorithm.to_jwk(client_key().public_key()))
    clients.append(
        {
            "client_id": JWT_CLIENT_ID,
            "token_endpoint_auth_method": "private_key_jwt",
            "jwks": {"keys": [public | {"kid": JWT_KEY_ID, "alg": "RS256", "use": "sig"}]},
            "redirect_uris": redirect_uris,
            "post_logout_redirect_uris": logout_uris,
        }
    )
    process = subprocess.Popen(
        ["node", str(OIDC_DIR / "provider.mjs")],
        env={**os.environ, "OIDC_PORT": "0", "OIDC_CLIENTS": json.dumps(clients)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("listening "), f"the OIDC provider did not start: {line!r}"
        issuer = f"http://127.0.0.1:{int(line.split()[1])}"
        _wait_for(f"{issuer}/.well-known/openid-configuration")
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(url: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


class SpoilingProxy(ThreadingHTTPServer):
    """Forwards to the provider. Its discovery document sends the RP's token requests through
    the proxy; `mode` then spoils: "tampered" flips a byte of the ID token's signature,
    "foreign" announces another issuer than the tokens', "slow" answers the token request two
    seconds late."""

    daemon_threads = True

    def __init__(self, upstream: str, mode: str):
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.upstream = upstream
        self.mode = mode
        self.url = f"http://127.0.0.1:{self.server_address[1]}"


class _ProxyHandler(BaseHTTPRequestHandler):
    server: SpoilingProxy

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self._forward(None)

    def do_POST(self):
        self._forward(self.rfile.read(int(self.headers.get("Content-Length", 0))))

    def _forward(self, body):
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host",)}
        request = urllib.request.Request(  # noqa: S310
            self.server.upstream + self.path, data=body, headers=headers, method=self.command
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                status, payload = response.status, response.read()
                content_type = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
            content_type = error.headers.get("Content-Type", "")
        if self.path.startswith("/.well-known/openid-configuration"):
            config = json.loads(payload)
            config["token_endpoint"] = self.server.url + "/token"
            if self.server.mode == "foreign":
                config["issuer"] = self.server.url
            payload = json.dumps(config).encode()
        elif self.path.startswith("/token") and status == 200:
            if self.server.mode == "tampered":
                tokens = json.loads(payload)
                head, claims, signature = tokens["id_token"].split(".")
                flipped = "A" if signature[10] != "A" else "B"
                tokens["id_token"] = f"{head}.{claims}.{signature[:10]}{flipped}{signature[11:]}"
                payload = json.dumps(tokens).encode()
            elif self.server.mode == "slow":
                time.sleep(2)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture
def spoiling_proxy(oidc_issuer):
    proxies = []

    def _start(mode: str) -> SpoilingProxy:
        proxy = SpoilingProxy(oidc_issuer, mode)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        proxies.append(proxy)
        return proxy

    yield _start
    for proxy in proxies:
        proxy.shutdown()
        proxy.server_close()


@pytest.fixture
def use_providers(settings, oidc_issuer):
    """Configures the RP as NAVPARTNER_OIDC_* would: use_providers(testidp=<discovery URL>,
    ...), each with a button "Logg inn med Testleverandør"; client="short" for the client
    whose ID tokens expire after one second."""

    def _use(*, client: str = CLIENT_ID, app_settings: dict | None = None, **discovery_urls):
        # The login button's and the logout form's POST redirect to the provider, which the
        # form-action directive must allow (NAVPARTNER_CSP_FORM_ACTION_EXTRA in production).
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        policy["DIRECTIVES"]["form-action"].append(oidc_issuer)
        settings.CONTENT_SECURITY_POLICY = policy
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": provider_id,
                        "name": "Testleverandør",
                        "client_id": client,
                        "secret": CLIENT_SECRET,
                        "settings": {
                            "server_url": url,
                            "oauth_pkce_enabled": True,
                            **(app_settings or {}),
                        },
                    }
                    for provider_id, url in discovery_urls.items()
                ],
            }
        }

    return _use


@pytest.fixture
def oidc_login(page, live_server):
    """From the login page through the provider's login form, as `user`."""

    def _login(user: str = USER, *, before_provider_login=None):
        page.goto(f"{live_server.url}/konto/logg-inn/")
        page.get_by_role("button", name=BUTTON).click()
        page.wait_for_selector("input[name=login]")
        if before_provider_login:
            before_provider_login()
        page.fill("input[name=login]", user)
        page.fill("input[name=password]", "any")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/**")
        return page

    return _login


def session_of(page) -> dict | None:
    """The Django session the browser holds (None without a session cookie)."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    key = cookies.get(django_settings.SESSION_COOKIE_NAME)
    if not key:
        return None
    store = import_module(django_settings.SESSION_ENGINE).SessionStore(session_key=key)
    return dict(store.items())


def tamper_stashed_nonce(page) -> None:
    """Changes the nonce the RP stashed in the browser's session before the redirect."""
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    store = import_module(django_settings.SESSION_ENGINE).SessionStore(
        session_key=cookies[django_settings.SESSION_COOKIE_NAME]
    )
    states = store["socialaccount_states"]
    for state in states.values():
        state[0]["nonce"] = "not-the-nonce-that-was-sent"
    store["socialaccount_states"] = states
    store.save()
