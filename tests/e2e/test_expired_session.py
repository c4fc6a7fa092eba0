"""An expired session in Chromium: a request htmx makes from the page (the status of a PDF
being made, which a page asks for every second) sends the whole page to the login page (and back
to where the user was after logging in), instead of the login page being swapped into the part
of the page that asked. Every htmx endpoint: tests/test_htmx_login.py."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

USERNAME = "navleder.grorud"
PASSWORD = "navpartner-demo"  # demo.DEMO_PASSWORD
STATUS = "/dokumenter/agreement/1/1/"  # documents:detail; the login check comes first


def test_an_expired_session_sends_the_whole_page_to_the_login(login, demo, assert_accessible):
    page = login(USERNAME)
    page.goto(f"{demo}/kalender/")
    expect(page.get_by_test_id("notifications-link")).to_be_visible()

    page.context.clear_cookies()  # the session is gone, as when it expires
    # The page asks over htmx, as one showing a PDF being made does every second.
    with page.expect_navigation():
        page.evaluate(
            """(url) => htmx.ajax("GET", url, {target: "#main", swap: "innerHTML"})""",
            STATUS,
        )

    expect(page).to_have_url(re.compile(r"/konto/logg-inn/\?next=/kalender/$"))
    expect(page.locator('[id="main"]')).to_have_count(1)
    expect(page.locator("input[name=password]")).to_have_count(1)
    expect(page.get_by_test_id("notifications-link")).to_have_count(0)
    assert_accessible(page)

    # Logging in again leads back to the page the user was on.
    page.fill("input[name=username]", USERNAME)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form:has(input[name=username]) button[type=submit]")
    expect(page).to_have_url(f"{demo}/kalender/")
    expect(page.locator('[id="main"]')).to_have_count(1)
