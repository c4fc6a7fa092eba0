"""The NAV-leder keeps the forum in order in a real browser: moves a planned meeting to
another room and adds a member to the forum. axe-core runs on every page reached."""

import re

import pytest
from playwright.sync_api import expect

from meetings.models import ForumMember, Meeting

pytestmark = pytest.mark.e2e

FORUM = "Partnerskapsmøtet – NAV Grorud"


def test_secretary_moves_a_meeting_and_adds_a_member(login, demo, assert_accessible):
    meeting = Meeting.objects.get(
        forum__partnership__office__name="NAV Grorud", status__in=["planned", "published"]
    )
    page = login("navleder.grorud")
    page.goto(f"{demo}/moter/{meeting.pk}/")
    page.get_by_test_id("meeting-edit").click()
    expect(page.locator("h1")).to_have_text("Endre tid og sted")
    assert_accessible(page)

    form = page.get_by_test_id("edit-form")
    form.get_by_label(re.compile(r"^\s*Sted")).fill("Møterom Alna, 3. etasje")
    with page.expect_navigation():
        form.get_by_role("button", name="Lagre endringene").click()
    expect(page.locator(".messages")).to_contain_text("Møtet er endret")
    expect(page.get_by_text("Møterom Alna, 3. etasje").first).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.place == "Møterom Alna, 3. etasje"
    assert_accessible(page)

    page.goto(f"{demo}/forum/{meeting.forum_id}/")
    members_before = page.get_by_test_id("forum-member").count()
    form = page.get_by_test_id("member-add-form")
    form.locator("select").first.select_option(index=1)
    with page.expect_navigation():
        form.get_by_role("button", name="Legg til medlemmet").click()
    expect(page.get_by_test_id("forum-member")).to_have_count(members_before + 1)
    assert ForumMember.objects.filter(forum_id=meeting.forum_id).count() == members_before + 1
    assert_accessible(page)
