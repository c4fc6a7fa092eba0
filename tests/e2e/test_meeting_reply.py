"""A member answers the invitation in Chromium: an absence with a substitute; the secretary
sees the reply in the list before the meeting (issue 15). axe-core on both pages."""

import pytest
from playwright.sync_api import expect

from meetings.models import Meeting

pytestmark = pytest.mark.e2e


def test_a_member_sends_an_absence_with_a_substitute_and_the_secretary_sees_it(
    login, page, demo, assert_accessible
):
    upcoming = Meeting.objects.get(
        forum__partnership__office__name="NAV Grorud", status=Meeting.Status.PLANNED
    )
    login("bydelsdirektor.grorud")
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{demo}/moter/{upcoming.pk}/")
    reply = page.get_by_role("region", name="Ditt svar")
    assert_accessible(page)

    reply.get_by_label("Nei, jeg kan ikke komme (forfall)").check()
    reply.get_by_label("Vararepresentant", exact=True).fill("Ola Vara")
    reply.get_by_label("Vararepresentantens e-post").fill("ola.vara@example.org")
    reply.get_by_role("button", name="Send svaret").click()

    expect(page.get_by_text("Forfallet ditt er registrert")).to_be_visible()
    expect(page.get_by_test_id("my-response")).to_contain_text("Ola Vara")
    assert_accessible(page)

    page.locator('header form[action="/konto/logg-ut/"] button[type=submit]').click()
    login("navleder.grorud")
    page.goto(f"{demo}/moter/{upcoming.pk}/")
    replies = page.get_by_test_id("replies")
    expect(replies.get_by_role("row", name="Anders Lie")).to_contain_text("Forfall")
    expect(replies.get_by_role("row", name="Anders Lie")).to_contain_text("Ola Vara")
    assert_accessible(page)
