"""The workbook's print set-up, its SUM formulas and the notes below the table (issue 20,
point 6), read back with openpyxl the way Excel reads them: once as formulas, once as the
values Excel shows before it computes anything.

The figures are the ``driftsavtale`` fixture's (worked out in test_exports.py): the split's
data rows are sheet rows 6 (renhold) and 7 (husleie), the total row 8:
  budget 240 000 + 1 200 000 = 1 440 000; state 138 903,64 + 694 518,18 = 833 421,82;
  bydel 101 096,36 + 505 481,82 = 606 578,18; actual state 138 666,66 + 693 333,34 = 832 000.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from costsharing import exports
from costsharing.exports import BLANK, HEADER, TOTAL, Row, Table

D = Decimal

pytestmark = pytest.mark.usefixtures("bokmal")


def split_xlsx(client, agreement) -> bytes:
    response = client.get(reverse("costsharing:export", args=[agreement.pk, "fordeling", "xlsx"]))
    assert response.status_code == 200
    return response.content


def both(content: bytes):
    """The sheet as formulas and as cached values."""
    formulas = load_workbook(io.BytesIO(content)).active
    values = load_workbook(io.BytesIO(content), data_only=True).active
    return formulas, values


def test_each_amount_of_the_total_row_is_a_sum_with_the_figure_as_its_value(
    client, reader, driftsavtale
):
    client.force_login(reader)

    formulas, values = both(split_xlsx(client, driftsavtale))

    assert formulas["A8"].value == "Totalt"
    for column in "CDEFGH":
        assert formulas[f"{column}8"].value == f"=SUM({column}6:{column}7)"
        assert formulas[f"{column}8"].number_format == "#,##0.00"
        assert formulas[f"{column}8"].font.bold
    expected = ["1440000", "833421.82", "606578.18", "1440000", "832000", "608000"]
    for column, figure in zip("CDEFGH", expected, strict=True):
        assert Decimal(str(values[f"{column}8"].value)) == D(figure)
    # the data rows stay plain numbers
    assert formulas["D7"].value == pytest.approx(694518.18)


def test_the_printout_is_landscape_a4_one_page_wide_with_the_header_on_every_page(
    client, reader, driftsavtale
):
    client.force_login(reader)

    sheet, _ = both(split_xlsx(client, driftsavtale))

    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # 1 is the default of fitToWidth in Office Open XML, which XlsxWriter then leaves out
    assert sheet.page_setup.fitToWidth in (None, 1, "1")
    assert int(sheet.page_setup.fitToHeight) == 0
    assert sheet.print_title_rows == "$5:$5"  # the header row
    assert sheet.freeze_panes == "A6"


def test_a_total_that_is_not_the_sum_of_its_rows_stays_a_plain_value():
    table = Table(
        "T",
        ("Title",),
        [
            Row(("Name", "Amount", "Other"), HEADER),
            Row(("a", D("1.10"), D("2.00"))),
            Row(("b", D("2.20"), D("3.00"))),
            Row(("Sum", D("3.30"), D("9.99")), TOTAL),
            Row((), BLANK),
            Row(("Name", "Amount"), HEADER),
            Row(("c", D("5.00"))),
            Row(("Sum", D("5.00")), TOTAL),
        ],
    )

    formulas, values = both(exports.as_xlsx(table, "T"))

    # title on row 1, blank row 2, header row 3, data 4–5, total 6; second block 8–10
    assert formulas["B6"].value == "=SUM(B4:B5)"
    assert values["B6"].value == pytest.approx(3.3)
    assert formulas["C6"].value == pytest.approx(9.99)  # 2 + 3 is not 9,99: no formula
    assert formulas["B10"].value == "=SUM(B9:B9)"  # the second block's own rows only
    assert values["B10"].value == 5


def test_text_that_looks_like_a_formula_stays_text_and_control_characters_go():
    table = Table("T", (), [Row(("Name",), HEADER), Row(("=SUM(A1:A9)\x07",))])

    sheet, _ = both(exports.as_xlsx(table, "T"))

    assert sheet["A2"].value == "=SUM(A1:A9)"
    assert sheet["A2"].data_type == "s"


def test_the_workbook_names_its_title_and_creator(client, reader, driftsavtale):
    client.force_login(reader)

    workbook = load_workbook(io.BytesIO(split_xlsx(client, driftsavtale)))

    assert workbook.properties.title.startswith("Driftsavtale 2026")
    assert workbook.properties.creator == "navpartner"


NOTES = (
    "Budsjettet fordeles etter årets nøkkel; de faktiske kostnadene etter hvert kvartals.",
    "Like rester: den største andelen får øret.",
)


def test_the_notes_come_below_the_table_in_the_workbook_across_its_width():
    table = Table(
        "T",
        ("Title",),
        [Row(("Name", "A", "B"), HEADER), Row(("a", D("1.00"), D("2.00")))],
        notes=NOTES,
    )

    sheet, _ = both(exports.as_xlsx(table, "T"))

    # title 1, blank 2, header 3, data 4, blank 5, notes 6 and 7
    assert sheet["A6"].value == NOTES[0]
    assert sheet["A7"].value == NOTES[1]
    assert sheet["A6"].alignment.wrap_text
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A6:C6", "A7:C7"} <= merged


def test_the_notes_come_after_the_table_in_the_csv():
    table = Table(
        "T", (), [Row(("Name", "A"), HEADER), Row(("a", D("1.00")))], notes=(*NOTES, "=1+1")
    )

    text = exports.as_csv(table).decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows == [["Name", "A"], ["a", "1,00"], [], [NOTES[0]], [NOTES[1]], ["'=1+1"]]


def test_a_table_without_notes_ends_with_its_last_row():
    table = Table("T", (), [Row(("Name", "A"), HEADER), Row(("a", D("1.00")))])

    assert exports.as_csv(table).decode("utf-8-sig").endswith("a;1,00\r\n")
