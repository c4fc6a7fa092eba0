"""An htmx request without a login (an expired session) gets an answer htmx acts on: 401 with
`HX-Redirect` to the login page, `next` the page the user was on. Not the redirect, which
htmx would follow and whose login page it would swap into the menu. In Chromium:
tests/e2e/test_expired_session.py."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

LOGIN = "/konto/logg-inn/"
PAGE = "/avtaler/1/"  # the page the htmx request was made from (HX-Current-URL)

# Every endpoint a template asks over htmx, by URL name; the arguments need only resolve,
# since the login check comes before any lookup.
ENDPOINTS = [
    ("documents:detail", "get", ["agreement", 1, 1]),
    ("agreements:question_update", "post", [1, 1, 1]),
    ("agreements:comment_thread_start", "post", [1, 1]),
    ("agreements:comment_reply", "post", [1, 1, 1]),
    ("agreements:comment_thread_resolve", "post", [1, 1, 1]),
    ("agreements:comment_thread_reopen", "post", [1, 1, 1]),
    ("agreements:docx_import_progress", "get", [1, 1]),
]
HX_URL = re.compile(r"""hx-(?:get|post|put|patch|delete)="\{% url '([\w:]+)'""")
# Asked through a variable the view fills, not a {% url %} in the template.
BY_VARIABLE = {"documents:detail"}


def htmx_headers(current_url=f"http://testserver{PAGE}"):
    return {"HX-Request": "true", "HX-Current-URL": current_url}


def test_every_htmx_endpoint_in_the_templates_is_covered():
    templates = Path(settings.BASE_DIR) / "templates"
    asked = {
        name for path in templates.rglob("*.html") for name in HX_URL.findall(path.read_text())
    }

    assert asked | BY_VARIABLE == {name for name, _, _ in ENDPOINTS}


@pytest.mark.parametrize(("name", "method", "args"), ENDPOINTS)
def test_an_htmx_request_without_a_login_is_sent_to_the_login_page(client, db, name, method, args):
    response = getattr(client, method)(reverse(name, args=args), headers=htmx_headers())

    assert response.status_code == 401
    assert response["HX-Redirect"] == f"{LOGIN}?next={PAGE}"
    assert b'id="main"' not in response.content
    assert b"password" not in response.content


def test_the_login_page_leads_back_home_when_the_page_is_from_elsewhere(client, db):
    response = client.get(
        reverse("oversight:notifications"),
        headers=htmx_headers(current_url="https://elsewhere.example/avtaler/1/"),
    )

    assert response.status_code == 401
    assert response["HX-Redirect"] == f"{LOGIN}?next=/"


def test_a_plain_request_without_a_login_is_still_redirected(client, db):
    response = client.get(reverse("oversight:notifications"))

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next={reverse('oversight:notifications')}"
    assert "HX-Redirect" not in response


def test_a_logged_in_htmx_request_is_answered_as_before(client, reader):
    client.force_login(reader)

    response = client.get(reverse("oversight:notifications"), headers=htmx_headers())

    assert response.status_code == 200
    assert "HX-Redirect" not in response
