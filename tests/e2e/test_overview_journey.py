"""The Oslo director's overview in a real browser: every Oslo partnership on one page, the
filter "behind on meetings", and a link from a row to the forum where it is put right.

In the demo, NAV Grorud's forum meets as agreed (two meetings held this year, the next
planned); Oslo's central committee has held none in the last half-year; NAV Østensjø and
NAV Frogner have no forum yet. axe-core runs on every page the journey reaches. Assertions
are on data and data-testid, not on UI labels (they change with the translation catalogue).
"""

import re

import pytest
from playwright.sync_api import expect

from meetings.models import Forum

pytestmark = pytest.mark.e2e

DIRECTOR = "fylkesdirektor.oslo"
CENTRAL_OSLO = "Oslo kommune – NAV Oslo"
ALL_OSLO = {CENTRAL_OSLO, "NAV Grorud", "NAV Østensjø", "NAV Frogner"}
BEHIND = {CENTRAL_OSLO, "NAV Østensjø", "NAV Frogner"}


def row_names(page) -> set[str]:
    return {
        text.strip()
        for text in page.locator('[data-testid="overview-row"] th[scope="row"] a').all_inner_texts()
    }


def test_the_director_finds_the_forum_that_is_behind(login, demo, assert_accessible):
    page = login(DIRECTOR)
    page.emulate_media(reduced_motion="reduce")

    # 1. The overview: every partnership of NAV Oslo, in one table.
    page.get_by_test_id("overview-link").click()
    expect(page).to_have_url(re.compile(r"/oversikt/$"))
    expect(page.get_by_test_id("overview-table")).to_be_visible()
    assert row_names(page) == ALL_OSLO
    count = page.get_by_test_id("overview-count")
    expect(count).to_have_attribute("data-shown", "4")
    assert_accessible(page)

    # 2. Only those behind on their meetings.
    filters = page.get_by_test_id("overview-filters")
    filters.locator("#id_behind").check()
    with page.expect_navigation():
        filters.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"behind=1"))
    assert row_names(page) == BEHIND
    expect(count).to_have_attribute("data-shown", "3")
    expect(count).to_have_attribute("data-total", "4")
    expect(filters.locator("#id_behind")).to_be_checked()
    assert_accessible(page)

    # 3. Sorting by a column keeps the filter, and says so to assistive technology.
    page.get_by_test_id("sort-next_meeting").click()
    expect(page).to_have_url(re.compile(r"behind=1.*sort=next_meeting"))
    expect(page.locator('th[aria-sort="ascending"]')).to_have_count(1)
    assert row_names(page) == BEHIND
    assert_accessible(page)

    # 4. From the central committee's row to its forum page.
    forum = Forum.objects.get(partnership__kind="central", partnership__state_party__number="03")
    central_row = page.get_by_test_id("overview-row").filter(
        has=page.get_by_role("link", name=CENTRAL_OSLO, exact=True)
    )
    central_row.get_by_test_id("forum-link").click()
    expect(page).to_have_url(re.compile(rf"/forum/{forum.pk}/$"))
    expect(page.locator("h1")).to_have_text(forum.name)
    expect(page.get_by_test_id("frequency-behind")).to_be_visible()
    assert_accessible(page)
