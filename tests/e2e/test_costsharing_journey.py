"""The driftsavtale in a real browser: the NAV-leder at Grorud adds an expense and a change
of årsverk, sees the split change, tries a what-if, and downloads the split as Excel.

Built on the demo's Grorud driftsavtale for the current year. axe-core runs on every page."""

import re
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from costsharing.models import ExpenseLine, OperatingAgreement
from costsharing.selectors import cost_overview

pytestmark = pytest.mark.e2e

NAV_LEDER = "navleder.grorud"


def _total_state(page) -> str:
    return page.get_by_test_id("budget-state").inner_text()


def test_nav_leder_keeps_the_driftsavtale(login, page, assert_accessible, tmp_path):
    year = timezone.localdate().year
    login(NAV_LEDER)
    page.get_by_role("link", name="NAV Grorud", exact=True).click()
    page.get_by_test_id("costs-link").click()
    expect(page.locator("h1")).to_have_text("Driftsavtaler")
    assert_accessible(page)

    page.get_by_role("link", name=f"Driftsavtale {year}").click()
    expect(page.locator("h1")).to_have_text(f"Driftsavtale {year}")
    assert_accessible(page)
    rows_before = page.get_by_test_id("split-row").count()
    state_before = _total_state(page)

    # An expense the key did not cover yet
    page.get_by_text("Legg til en utgift").click()
    form = page.get_by_test_id("line-form")
    form.get_by_label("Utgift").select_option("other")
    form.get_by_label("Navn").fill("Parkering")
    form.get_by_label("Budsjett for året (kr)").fill("120 000")
    with page.expect_navigation():
        form.get_by_role("button", name="Legg til utgift").click()
    expect(page.get_by_role("status")).to_contain_text("fordelingen er oppdatert")
    expect(page.get_by_test_id("split-row")).to_have_count(rows_before + 1)
    expect(page.get_by_role("rowheader", name="Parkering")).to_be_visible()
    state_with_parking = _total_state(page)
    assert state_with_parking != state_before
    assert_accessible(page)

    # The state moves staff out from 1 October: its share of the year falls
    page.get_by_text("Registrer årsverk eller en endring").click()
    form = page.get_by_test_id("staffing-form")
    form.get_by_label("Part").select_option("state")
    form.get_by_label("Fra").fill(f"{year}-10-01")
    form.get_by_label("Årsverk").fill("9,5")
    with page.expect_navigation():
        form.get_by_role("button", name="Registrer").click()
    expect(page.get_by_test_id("periods-state")).to_contain_text(f"01.10.{year}")
    state_after_change = _total_state(page)
    assert _kroner(state_after_change) < _kroner(state_with_parking)
    assert_accessible(page)

    # The page shows exactly what the one computation gives
    agreement = OperatingAgreement.objects.get(partnership__office__name="NAV Grorud", year=year)
    result = cost_overview(agreement).result
    assert _kroner(state_after_change) == result.budget_totals["state"]
    assert ExpenseLine.objects.filter(agreement=agreement, name="Parkering").exists()

    # What if the state had 16 årsverk all year?
    page.get_by_test_id("what-if-link").click()
    form = page.get_by_test_id("what-if-form")
    form.get_by_label("Statens årsverk").fill("16")
    with page.expect_navigation():
        form.get_by_role("button", name="Sammenlign").click()
    state_row = page.get_by_test_id("what-if-state")
    expect(state_row).to_contain_text(state_after_change)
    assert_accessible(page)
    after = _kroner(state_row.locator("td").nth(1).inner_text().split("(")[0])
    assert after > result.budget_totals["state"]
    assert agreement.periods.filter(side="state", fte=Decimal("16")).count() == 0  # not saved

    page.get_by_role("link", name=f"Driftsavtale {year}").click()
    page.get_by_test_id("settlement-link").click()
    expect(page.locator("h1")).to_have_text("Avregning")
    expect(page.get_by_test_id("settlement-row")).to_have_count(5)
    assert_accessible(page)

    # The split as Excel: real numbers, the same as the page
    page.get_by_role("link", name=f"Driftsavtale {year}").click()
    with page.expect_download() as download_info:
        page.get_by_test_id("export-xlsx").click()
    path = tmp_path / "fordeling.xlsx"
    download_info.value.save_as(path)
    sheet = openpyxl.load_workbook(path, data_only=True).active  # the figures as cached
    numbers = [
        Decimal(str(cell.value)).quantize(Decimal("0.01"))
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "n" and isinstance(cell.value, (int, float))
    ]
    assert result.budget_totals["state"] in numbers
    assert result.budget_total in numbers

    # The driftsavtale as a PDF, attached to the agreement under negotiation (veileder 3.8)
    with page.expect_navigation():
        page.get_by_test_id("make-pdf").click()
    expect(page.get_by_test_id("document-status")).to_have_attribute("data-status", "ready")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_test_id("attach").get_by_role("button").click()
    expect(page.get_by_role("status")).to_contain_text("Driftsavtalen er lagt ved")
    expect(page.get_by_text(f"Driftsavtale {year}").first).to_be_visible()


def _kroner(text: str) -> Decimal:
    """“1 234 567,89” (with non-breaking spaces) as a Decimal."""
    return Decimal(re.sub(r"[\s\u00a0\u202f]", "", text).replace(",", "."))
