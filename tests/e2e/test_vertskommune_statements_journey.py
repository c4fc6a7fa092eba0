"""The vertskommune's quarterly statements in a real browser: the kommunedirektør of Grong (the
host of NAV Indre Namdal) goes from the driftsavtale to the settlement, reads each quarter's
key and the stated rules, opens the statements for the municipalities by keyboard, and
downloads them as Excel. axe-core runs on every page.

Built on the demo's Indre Namdal driftsavtale for the current year (population key; actual
costs for the quarters that have passed)."""

import openpyxl
import pytest
from django.utils import formats, timezone
from playwright.sync_api import expect

from costsharing.models import OperatingAgreement
from costsharing.selectors import cost_overview, municipal_statements

pytestmark = pytest.mark.e2e

HOST = "radmann.grong"


def kroner(amount) -> str:
    return formats.number_format(amount, 2, use_l10n=True, force_grouping=True)


def test_the_host_reads_and_downloads_the_quarterly_statements(
    login, page, assert_accessible, tmp_path
):
    year = timezone.localdate().year
    login(HOST)
    page.get_by_role("link", name="NAV Indre Namdal", exact=True).click()
    page.get_by_test_id("costs-link").click()
    with page.expect_navigation():
        page.get_by_role("link", name=f"Driftsavtale {year}").click()
    with page.expect_navigation():
        page.get_by_test_id("settlement-link").click()
    expect(page.locator("h1")).to_have_text("Avregning")
    # Each quarter's key beside it, and the rules the figures follow.
    expect(page.get_by_test_id("quarter-key").first).to_contain_text("%")
    expect(page.get_by_test_id("split-rules")).to_contain_text(
        "hvert kvartal faktureres med differansen"
    )
    assert_accessible(page)

    # To the statements by keyboard: focus the link, press Enter.
    link = page.get_by_test_id("statements-link")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Kvartalsoppgjør for kommunene")
    assert_accessible(page)

    agreement = OperatingAgreement.objects.get(
        partnership__office__name="NAV Indre Namdal", year=year
    )
    statements = {s.municipality.name: s for s in municipal_statements(cost_overview(agreement))}
    hoylandet = statements["Høylandet kommune"]
    rows = page.get_by_test_id("statement-row")
    expect(rows).to_have_count(len(statements))
    row = rows.filter(has_text="Høylandet kommune")
    expect(row).to_contain_text(kroner(hoylandet.year))
    # One statement per municipality the host re-invoices (not the host itself).
    expect(page.get_by_test_id("statement")).to_have_count(len(statements) - 1)
    card = page.get_by_test_id("statement").filter(has_text="Høylandet kommune")
    expect(card).to_contain_text(f"Året så langt: {kroner(hoylandet.year)} kr")

    with page.expect_download() as download:
        page.get_by_test_id("statements-xlsx").click()
    path = tmp_path / "kommuner.xlsx"
    download.value.save_as(path)
    sheet = openpyxl.load_workbook(path, data_only=True).active
    values = {
        row[0].value: row[-1].value for row in sheet.iter_rows() if row[0].value in statements
    }
    assert values["Høylandet kommune"] == pytest.approx(float(hoylandet.year))
