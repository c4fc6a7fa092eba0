"""The year plan (årshjul) in a real browser: the demo's NAV-leder adds a fixed item for a
month on the year-plan page, plans a meeting in that month from the forum page, and the new
meeting's agenda has the item. axe-core runs on every page the journey reaches."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from django.utils.dates import MONTHS
from playwright.sync_api import expect

from .test_meeting_journey import FORUM, SECRETARY, field, messages, open_forum

pytestmark = pytest.mark.e2e

TITLE = "Gjennomgang av lokale samarbeidsavtaler"


def test_a_year_plan_item_lands_on_a_new_meeting(login, demo, assert_accessible):
    day = timezone.localdate() + dt.timedelta(days=75)
    page = login(SECRETARY)
    open_forum(page)
    expect(page.get_by_role("heading", name=re.compile(r"^Årshjul \d{4}$"))).to_be_visible()
    assert_accessible(page)

    page.get_by_test_id("year-plan-link").click()
    expect(page.locator("h1")).to_have_text("Årshjul")
    expect(page.get_by_test_id("year-plan-item")).to_have_count(4)  # the demo's
    assert_accessible(page)
    form = page.get_by_test_id("year-plan-form")
    form.get_by_label(field("Tittel")).fill(TITLE)
    form.get_by_label(field("Type")).select_option(label="Drøftingssak")
    form.get_by_label(field("Måned")).select_option(value=str(day.month))
    with page.expect_navigation():
        form.get_by_role("button", name="Legg til i årshjulet").click()
    expect(messages(page)).to_contain_text(f"Lagt til i årshjulet: {TITLE}")
    row = page.get_by_test_id("year-plan-item").filter(has_text=TITLE)
    expect(row).to_contain_text(re.compile(f"Hver {MONTHS[day.month]}", re.IGNORECASE))
    assert_accessible(page)

    page.get_by_role("navigation", name="Brødsmulesti").get_by_role(
        "link", name=FORUM, exact=True
    ).click()
    plan = page.get_by_test_id("plan-form")
    plan.get_by_label(field("Dato")).fill(day.isoformat())
    plan.get_by_label(field("Starter")).fill("09:00")
    plan.get_by_label(field("Slutter")).fill("11:00")
    plan.get_by_label(field("Sted")).fill("NAV Grorud, møterom Alna")
    with page.expect_navigation():
        plan.get_by_role("button", name="Planlegg møtet").click()
    expect(messages(page)).to_contain_text("Møtet er planlagt.")
    expect(page.get_by_test_id("agenda-row").filter(has_text=TITLE)).to_have_count(1)
    assert_accessible(page)
