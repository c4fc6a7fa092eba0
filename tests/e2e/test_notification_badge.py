"""The unread count on the menu's "Varsler" link comes with the page, as the browser first
paints it: no second request asks for it. Reading a notification lowers it on the next page."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from oversight.models import Kind, Notification

pytestmark = pytest.mark.e2e

USERNAME = "navleder.grorud"


def unread(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def test_the_badge_comes_with_the_page(login, demo, assert_accessible):
    user = get_user_model().objects.get(username=USERNAME)
    for number in (1, 2):
        Notification.objects.create(
            user=user, kind=Kind.ACTION_DUE, message=f"Tiltak {number} forfaller", url="/"
        )
    count = unread(user)
    page = login(USERNAME)
    asked: list[str] = []
    page.on(
        "request",
        lambda request: (
            asked.append(request.url) if request.resource_type in {"xhr", "fetch"} else None
        ),
    )

    response = page.goto(f"{demo}/kalender/")

    # In the HTML the server sent, so on the first paint; and shown.
    assert f'data-testid="unread-badge">{count}<' in response.text()
    badge = page.get_by_test_id("notifications-link").get_by_test_id("unread-badge")
    expect(badge).to_have_text(f"{count} uleste")
    page.wait_for_load_state("networkidle")
    assert asked == []
    assert_accessible(page)

    # Opening a notification reads it: the page it leads to counts one less.
    page.get_by_test_id("notifications-link").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Tiltak 2 forfaller").click()
    expect(badge).to_have_text(f"{count - 1} uleste")
    assert unread(user) == count - 1
