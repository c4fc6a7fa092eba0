"""Every page carries a Content-Security-Policy that refuses inline scripts, and a
Permissions-Policy; the prose editor's inline import map runs on the request's nonce."""

import re

import pytest
from django.urls import reverse

from tests.agreements import section

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_a_page_refuses_inline_scripts_and_foreign_frames(client):
    csp = directives(client.get(reverse("login")))

    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no nonce
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]


def test_no_page_may_use_camera_microphone_location_payment_or_usb(client):
    policy = client.get(reverse("login")).headers["Permissions-Policy"]

    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in policy


def test_the_editor_import_map_carries_the_nonce_of_the_header(client, agreement, nav_leder):
    s = section(agreement, "2.0")
    client.force_login(nav_leder)

    response = client.get(
        reverse("agreements:section_detail", kwargs={"pk": agreement.pk, "section_pk": s.pk})
    )

    script_src = directives(response)["script-src"]
    assert "'unsafe-inline'" not in script_src
    [nonce] = [value[len("'nonce-") : -1] for value in script_src if value.startswith("'nonce-")]
    importmap = re.search(r'<script[^>]*type="importmap"[^>]*>', response.text).group(0)
    assert f'nonce="{nonce}"' in importmap
