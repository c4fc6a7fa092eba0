"""Days without årsverk in a real browser (issue 20, point 6): the NAV-leder at Grorud finds
that the bydel has no årsverk registered for the first quarter, confirms it with the keyboard
alone, and the PDF button comes back. axe-core runs before and after.

Built on the demo's Grorud driftsavtale for the current year, with the bydel's årsverk moved
to start on 1 April."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from costsharing.models import OperatingAgreement

pytestmark = pytest.mark.e2e

NAV_LEDER = "navleder.grorud"


def _tab_to(page, test_id: str, limit: int = 80) -> None:
    """Press Tab until the element with the test id has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement?.dataset.testid") == test_id:
            return
    pytest.fail(f"{test_id} cannot be reached with Tab")


def test_an_editor_confirms_the_days_without_arsverk_with_the_keyboard(
    login, demo, page, assert_accessible
):
    year = timezone.localdate().year
    login(NAV_LEDER)
    agreement = OperatingAgreement.objects.get(partnership__office__name="NAV Grorud", year=year)
    agreement.periods.filter(side="municipal").update(starts_on=dt.date(year, 4, 1))

    page.goto(demo + reverse("costsharing:detail", args=[agreement.pk]))
    warning = page.get_by_test_id("gaps-warning")
    expect(warning).to_contain_text(
        f"Bydel Grorud har ingen årsverk registrert 01.01.{year}–31.03.{year}"
    )
    expect(page.get_by_test_id("make-pdf")).to_have_count(0)
    assert_accessible(page)

    page.locator("body").focus()
    _tab_to(page, "gaps-acknowledge")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Dagene uten årsverk er bekreftet.")
    expect(page.get_by_test_id("gaps-warning")).to_have_count(0)
    expect(page.get_by_test_id("make-pdf")).to_be_visible()
    assert_accessible(page)
    agreement.refresh_from_db()
    assert agreement.gaps_acknowledged == [f"municipal:{year}-01-01:{year}-03-31"]
