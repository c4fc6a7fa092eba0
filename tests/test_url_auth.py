"""Every URL needs a login unless it is on the explicit public list below."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
    "admin:login",
    # The accessibility statement and the privacy page a public service must show everyone.
    "accessibility_statement",
    "privacy",
    # Calendar apps cannot log in: the feed's secret token is its key, and any token that
    # opens no feed (like the made-up one here) is 404, never the login page.
    "oversight:calendar_feed",
    # Login with OpenID Connect: the way to the provider and back, before any login; a
    # provider id that is not configured (like the made-up one here) is 404.
    "openid_connect_login",
    "openid_connect_callback",
    # Health checks for load balancers and monitoring (navpartner/health.py); the full one
    # only with the monitoring token, which no test sets by default.
    "health_live",
    "health_ready",
    "health_all",
}
# Public only to whoever holds a secret in the address: a made-up secret gets 404.
SECRET_KEYED = {
    "oversight:calendar_feed",
    "openid_connect_login",
    "openid_connect_callback",
    "health_all",
}


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)


def _example_path(route: str) -> str:
    """A concrete path for a route, with made-up values for its parameters."""
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:path:)?\w+>", "x", path)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)  # admin's regex routes
    path = path.lstrip("^").rstrip("$").replace("\\", "")
    path = re.sub(r"\([^)]*\)", "x", path)
    return "/" + path


ROUTES = sorted(set(_walk(get_resolver().url_patterns)))


def test_the_walk_finds_the_product_urls():
    names = {name for name, _route in ROUTES}
    assert {"home", "partnerships:partnership_detail", "password_change", "logout"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), ROUTES)
def test_url_is_not_reachable_anonymously_unless_public(client, name, route):
    response = client.get(_example_path(route))

    if name in PUBLIC:
        expected = (404,) if name in SECRET_KEYED else (200, 302)
        assert response.status_code in expected, f"{name} answered {response.status_code}"
        assert "logg-inn/?next=" not in response.get("Location", ""), name
        return
    assert response.status_code == 302, f"{name} answered {response.status_code}"
    assert response["Location"].startswith(("/konto/logg-inn/", "/admin/login/")), name
