"""The calendar page's three buttons pressed in Chromium: get an address, make a new one, stop
the feed. Each lands back on the page with its result, not on CSRF's 403 "Origin checking
failed - null" that a `no-referrer` page gets (the browser then sends `Origin: null`).
axe-core runs on every state of the page. The headers alone:
tests/oversight/test_calendar_headers.py.
"""

import re

import pytest
from playwright.sync_api import expect

from oversight.models import CalendarFeed

pytestmark = pytest.mark.e2e

USERNAME = "navleder.grorud"


def feed_token(username: str) -> str | None:
    feed = CalendarFeed.objects.filter(user__username=username).first()
    return feed.token if feed else None


def press(page, testid: str):
    with page.expect_navigation() as navigation:
        page.get_by_test_id(testid).click()
    response = navigation.value
    assert response is not None
    assert response.status == 200, f"{testid}: {response.status} at {page.url}"
    expect(page).to_have_url(re.compile(r"/kalender/$"))


def test_the_calendar_feed_is_switched_on_renewed_and_stopped(login, demo, assert_accessible):
    page = login(USERNAME)
    assert feed_token(USERNAME) is None

    page.get_by_role("navigation").get_by_role("link", name="Kalender").click()
    expect(page).to_have_url(re.compile(r"/kalender/$"))
    expect(page.get_by_test_id("feed-address")).to_have_count(0)
    assert_accessible(page)

    # 1. Switch on: the page now shows the address of the feed just made.
    press(page, "feed-create")
    token = feed_token(USERNAME)
    assert token is not None
    address = page.get_by_test_id("feed-address")
    expect(address).to_have_value(re.compile(rf"/kalender/{token}\.ics$"))
    assert_accessible(page)

    # 2. A new address: another token, shown on the page, with the confirmation.
    press(page, "feed-renew")
    renewed = feed_token(USERNAME)
    assert renewed not in (None, token)
    expect(address).to_have_value(re.compile(rf"/kalender/{renewed}\.ics$"))
    expect(page.locator("#main .messages .alert-success")).to_have_count(1)
    assert_accessible(page)

    # 3. Stop: no feed left, the page offers a new one again.
    press(page, "feed-revoke")
    assert feed_token(USERNAME) is None
    expect(page.get_by_test_id("feed-address")).to_have_count(0)
    expect(page.get_by_test_id("feed-create")).to_be_visible()
    expect(page.locator("#main .messages .alert-success")).to_have_count(1)
    assert_accessible(page)
