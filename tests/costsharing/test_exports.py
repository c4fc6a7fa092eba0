"""The driftsavtale's split and settlement as CSV and Excel files, read back the way a user's
spreadsheet or accounting import would read them.

The figures are those of the ``driftsavtale`` fixture (Grorud 2026, the bydel the tenant),
worked out by hand:

Årsverk-days of the year: the state 12 × 181 (1 Jan–30 Jun) + 10 × 184 (1 Jul–31 Dec) = 4012,
the bydel 8 × 365 = 2920; together 6932.

Budget, split by the year's årsverk-days, in whole øre (largest remainder):
  husleie 1 200 000 × 4012/6932 = 694 518,1765… → state 694 518,18, bydel 505 481,82
  renhold   240 000 × 4012/6932 = 138 903,6353… → state 138 903,64, bydel 101 096,36
  totals: state 833 421,82, bydel 606 578,18, together 1 440 000,00

Actuals, a quarter of the budget each quarter, split by that quarter's årsverk-days:
  Q1 (90 days) and Q2 (91 days): 12 : 8 → the state 60 %
      husleie 300 000 → 180 000,00 / 120 000,00; renhold 60 000 → 36 000,00 / 24 000,00
  Q3 and Q4 (92 days each): 10 : 8 → the state 5/9
      husleie 300 000 × 5/9 = 166 666,666… → 166 666,67 / 133 333,33
      renhold  60 000 × 5/9 =  33 333,333… →  33 333,33 /  26 666,67
  husleie: state 180 000 + 180 000 + 166 666,67 + 166 666,67 = 693 333,34, bydel 506 666,66
  renhold: state  36 000 +  36 000 +  33 333,33 +  33 333,33 = 138 666,66, bydel 101 333,34
  totals: state 832 000,00, bydel 608 000,00, together 1 440 000,00

Settlement (the state pays on account to the bydel, the tenant), with 250 000 paid in Q1:
  Q1 state share 216 000,00 − 250 000,00 = −34 000,00: Bydel Grorud owes NAV Oslo 34 000,00
  Q2 216 000,00 − 0 = 216 000,00: NAV Oslo owes Bydel Grorud 216 000,00
  Q3, Q4 200 000,00 each; the year 832 000,00 − 250 000,00 = 582 000,00 owed by NAV Oslo
"""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from costsharing import exports, selectors
from tests.factories import (
    ExpenseLineFactory,
    MunicipalityFactory,
    OperatingAgreementFactory,
    StaffingPeriodFactory,
)

D = Decimal


pytestmark = pytest.mark.usefixtures("bokmal")


def url(agreement, what="fordeling", fmt="csv"):
    return reverse("costsharing:export", args=[agreement.pk, what, fmt])


def read_csv(content: bytes) -> list[list[str]]:
    """The table: the rows up to the (last) blank line, before the notes that state the
    rules."""
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark, for Excel
    text = content.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    blank = len(rows) - 1 - rows[::-1].index([])
    assert rows[blank + 1 :], "the notes follow the table"
    return rows[:blank]


def owes(debtor, creditor, amount):
    kroner = formats.number_format(D(amount), 2, use_l10n=True, force_grouping=True)
    return _("%(debtor)s owes %(creditor)s %(amount)s kr") % {
        "debtor": debtor,
        "creditor": creditor,
        "amount": kroner,
    }


class TestSplitCsv:
    def test_one_row_per_expense_with_the_hand_computed_figures(self, client, reader, driftsavtale):
        client.force_login(reader)

        response = client.get(url(driftsavtale))

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"] == (
            'attachment; filename="driftsavtale-2026-nav-grorud-fordeling.csv"'
        )
        header, cleaning, rent, total = read_csv(response.content)
        assert header == [
            _("Expense"),
            _("Key"),
            _("Budget"),
            _("Budget, %(party)s") % {"party": "NAV Oslo"},
            _("Budget, %(party)s") % {"party": "Bydel Grorud"},
            _("Actual"),
            _("Actual, %(party)s") % {"party": "NAV Oslo"},
            _("Actual, %(party)s") % {"party": "Bydel Grorud"},
        ]
        by_arsverk = _("By årsverk")
        # Decimal comma, no thousands separator: what Norwegian Excel reads as a number.
        # Actuals on the year to date: the state's exact share of renhold is 60 000 × 12/20
        # × 2 + 60 000 × 10/18 × 2 = 138 666.666…, rounded once: 138 666.67 (husleie: 693
        # 333.333… -> 693 333.33, the bydel's rest .67 is the larger).
        assert cleaning == [
            _("Cleaning"),
            by_arsverk,
            "240000,00",
            "138903,64",
            "101096,36",
            "240000,00",
            "138666,67",
            "101333,33",
        ]
        assert rent == [
            _("Rent (husleie)"),
            by_arsverk,
            "1200000,00",
            "694518,18",
            "505481,82",
            "1200000,00",
            "693333,33",
            "506666,67",
        ]
        assert total == [
            _("Total"),
            "",
            "1440000,00",
            "833421,82",
            "606578,18",
            "1440000,00",
            "832000,00",
            "608000,00",
        ]

    def test_a_vertskommune_gets_a_block_per_municipality(self, client, reader, world):
        covered = MunicipalityFactory(number="0302", name="Nabokommune")
        world.partnership.covered_municipalities.add(covered)
        agreement = OperatingAgreementFactory(
            partnership=world.partnership, municipal_key="percentage"
        )
        ExpenseLineFactory(agreement=agreement, category="rent", budget=D("100000.00"))
        StaffingPeriodFactory(agreement=agreement, side="state", fte=D("5.00"))
        StaffingPeriodFactory(agreement=agreement, side="municipal", fte=D("5.00"))
        host = world.partnership.municipal_party
        agreement.municipal_weights.create(municipality=host, weight=D("75.00"))
        agreement.municipal_weights.create(municipality=covered, weight=D("25.00"))
        client.force_login(reader)

        rows = read_csv(client.get(url(agreement)).content)

        # 100 000 by 5 : 5 årsverk → 50 000 each; the municipal 50 000 split 75 : 25.
        assert rows[2] == [_("Total"), "", "100000,00", "50000,00", "50000,00"] + ["0,00"] * 3
        assert rows[3] == []
        assert rows[4][0] == _("Municipality")
        assert rows[5:7] == [
            ["Bydel Grorud", "75,00", "37500,00", "0,00"],
            ["Nabokommune", "25,00", "12500,00", "0,00"],
        ]
        assert rows[7] == [
            _("Total, %(party)s") % {"party": "Bydel Grorud"},
            "",
            "50000,00",
            "0,00",
        ]

    def test_a_vertskommune_without_figures_gets_no_block_of_zeros(
        self, client, reader, world, driftsavtale
    ):
        world.partnership.covered_municipalities.add(
            MunicipalityFactory(number="0302", name="Nabokommune")
        )
        client.force_login(reader)

        rows = read_csv(client.get(url(driftsavtale)).content)

        assert len(rows) == 4  # header, two lines, totals: the share is not divided
        assert "Nabokommune" not in str(rows)

    def test_text_that_a_spreadsheet_would_run_is_not_a_formula(self, client, reader, driftsavtale):
        ExpenseLineFactory(
            agreement=driftsavtale, category="other", name='=HYPERLINK("x")', budget=D("0")
        )
        client.force_login(reader)

        rows = read_csv(client.get(url(driftsavtale)).content)

        assert [row[0] for row in rows if "HYPERLINK" in row[0]] == ['\'=HYPERLINK("x")']


class TestSplitXlsx:
    def test_amounts_are_numbers_and_the_totals_add_up(self, client, reader, driftsavtale):
        client.force_login(reader)

        response = client.get(url(driftsavtale, fmt="xlsx"))

        assert response.status_code == 200
        assert response["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"] == (
            'attachment; filename="driftsavtale-2026-nav-grorud-fordeling.xlsx"'
        )
        sheet = load_workbook(io.BytesIO(response.content), data_only=True).active  # cached values
        assert sheet["A1"].value.startswith(_("Driftsavtale %(year)s") % {"year": 2026})
        assert "NAV Grorud" in sheet["A2"].value
        assert "2026" in sheet["A3"].value
        header_row = 5
        assert sheet.cell(header_row, 1).value == _("Expense")
        assert sheet.cell(header_row, 1).font.bold
        assert sheet.freeze_panes == f"A{header_row + 1}"
        assert sheet.column_dimensions["A"].width >= 10

        rows = [
            [cell for cell in row]
            for row in sheet.iter_rows(min_row=header_row + 1, max_row=header_row + 3)
        ]
        expected = [
            ["240000", "138903.64", "101096.36", "240000", "138666.67", "101333.33"],
            ["1200000", "694518.18", "505481.82", "1200000", "693333.33", "506666.67"],
            ["1440000", "833421.82", "606578.18", "1440000", "832000", "608000"],
        ]
        for row, figures in zip(rows, expected, strict=True):
            amounts = row[2:8]
            for cell, figure in zip(amounts, figures, strict=True):
                assert isinstance(cell.value, (int, float)), cell.coordinate
                assert cell.data_type == "n"
                assert cell.number_format == "#,##0.00"
                assert Decimal(str(cell.value)) == Decimal(figure)
        assert rows[0][0].value == _("Cleaning") and rows[0][0].data_type == "s"
        assert rows[2][0].value == _("Total") and rows[2][0].font.bold
        for column in range(2, 8):  # the totals row is the exact sum of the lines
            lines = sum(Decimal(str(row[column].value)) for row in rows[:2])
            assert lines == Decimal(str(rows[2][column].value))
        # and each party's share adds up to the line's amount
        for row in rows:
            for total, state, municipal in ((2, 3, 4), (5, 6, 7)):
                parts = Decimal(str(row[state].value)) + Decimal(str(row[municipal].value))
                assert parts == Decimal(str(row[total].value))

    def test_text_is_never_a_formula(self, client, reader, driftsavtale):
        ExpenseLineFactory(agreement=driftsavtale, category="other", name="=1+1", budget=D("0"))
        client.force_login(reader)

        sheet = load_workbook(io.BytesIO(client.get(url(driftsavtale, fmt="xlsx")).content)).active

        cell = next(c for c in sheet["A"] if c.value == "=1+1")
        assert cell.data_type == "s"


class TestSettlement:
    def test_each_quarter_and_the_year_say_who_owes_whom(self, client, reader, driftsavtale):
        driftsavtale.paid_q1 = D("250000.00")
        driftsavtale.save()
        client.force_login(reader)

        response = client.get(url(driftsavtale, "avregning"))

        assert response["Content-Disposition"] == (
            'attachment; filename="driftsavtale-2026-nav-grorud-avregning.csv"'
        )
        header, q1, q2, q3, q4, year = read_csv(response.content)
        assert header[0] == _("Period")
        assert header[1] == _("The quarter's key (%(state)s / %(municipal)s)") % {
            "state": "NAV Oslo",
            "municipal": "Bydel Grorud",
        }
        assert header[5] == _("Paid on account by %(party)s") % {"party": "NAV Oslo"}
        # Each quarter's key beside it: 12 : 8 in the first half, 10 : 8 in the second
        # (10 000 × 10/18 = 5 555.56 -> 55.56 %).
        assert [q[1] for q in (q1, q2, q3, q4)] == ["60,00 % / 40,00 %"] * 2 + [
            "55,56 % / 44,44 %"
        ] * 2
        assert year[1] == ""
        assert q1 == [
            _("1st quarter"),
            "60,00 % / 40,00 %",
            "360000,00",
            "216000,00",
            "144000,00",
            "250000,00",
            "-34000,00",
            owes("Bydel Grorud", "NAV Oslo", "34000.00"),
        ]
        assert q2[2:] == [
            "360000,00",
            "216000,00",
            "144000,00",
            "0,00",
            "216000,00",
            owes("NAV Oslo", "Bydel Grorud", "216000.00"),
        ]
        assert q3[3:7] == q4[3:7] == ["200000,00", "160000,00", "0,00", "200000,00"]
        assert year == [
            _("The whole year"),
            "",
            "1440000,00",
            "832000,00",
            "608000,00",
            "250000,00",
            "582000,00",
            owes("NAV Oslo", "Bydel Grorud", "582000.00"),
        ]
        assert "Bydel Grorud" in q1[7] and "34\xa0000,00" in q1[7]  # as a user writes it

    def test_a_settled_quarter_says_so(self, driftsavtale):
        driftsavtale.paid_q1 = D("216000.00")
        driftsavtale.save()
        overview = selectors.cost_overview(driftsavtale)

        table = exports.settlement_rows(overview)

        assert table.rows[1].cells[6] == D("0.00")
        assert table.rows[1].cells[7] == _("Settled: neither party owes the other anything.")

    def test_the_workbook_has_numeric_balances(self, client, reader, driftsavtale):
        driftsavtale.paid_q1 = D("250000.00")
        driftsavtale.save()
        client.force_login(reader)

        response = client.get(url(driftsavtale, "avregning", "xlsx"))

        sheet = load_workbook(io.BytesIO(response.content), data_only=True).active
        q1 = [cell for cell in sheet[6]]
        assert q1[0].value == _("1st quarter")
        assert q1[6].data_type == "n" and q1[6].value == -34000
        assert q1[7].value == owes("Bydel Grorud", "NAV Oslo", "34000.00")
        year = [cell for cell in sheet[10]]
        assert year[0].font.bold and year[6].value == 582000


class TestAccess:
    def test_an_outsider_gets_404(self, client, outsider, driftsavtale):
        client.force_login(outsider)
        assert client.get(url(driftsavtale)).status_code == 404

    def test_anonymous_is_sent_to_log_in(self, client, driftsavtale):
        response = client.get(url(driftsavtale))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    @pytest.mark.parametrize("what", ["fordeling", "avregning"])
    def test_a_reader_may_export(self, client, reader, driftsavtale, what, fmt):
        client.force_login(reader)
        assert client.get(url(driftsavtale, what, fmt)).status_code == 200

    def test_post_is_not_allowed(self, client, municipal_signatory, driftsavtale):
        client.force_login(municipal_signatory)
        assert client.post(url(driftsavtale)).status_code == 405

    @pytest.mark.parametrize(("what", "fmt"), [("budsjett", "csv"), ("fordeling", "pdf")])
    def test_unknown_tables_and_formats_are_404(self, client, reader, driftsavtale, what, fmt):
        client.force_login(reader)
        assert client.get(url(driftsavtale, what, fmt)).status_code == 404

    def test_an_unknown_driftsavtale_is_404(self, client, reader, driftsavtale):
        client.force_login(reader)
        assert (
            client.get(url(driftsavtale).replace(str(driftsavtale.pk), "999999")).status_code == 404
        )


def test_a_driftsavtale_that_cannot_be_split_answers_409_with_the_reason(
    client, reader, driftsavtale
):
    driftsavtale.periods.all().delete()
    overview = selectors.cost_overview(driftsavtale)
    assert overview.result is None and overview.error
    client.force_login(reader)

    for what in ("fordeling", "avregning"):
        response = client.get(url(driftsavtale, what, "xlsx"))
        assert response.status_code == 409
        assert response["Content-Type"].startswith("text/html")
        assert overview.error in response.content.decode()


@pytest.mark.parametrize("count", [2, 12])
def test_the_number_of_queries_does_not_grow_with_the_lines(
    client, reader, world, django_assert_num_queries, count
):
    agreement = OperatingAgreementFactory(partnership=world.partnership)
    for number in range(count):
        ExpenseLineFactory(agreement=agreement, category="other", name=f"Utgift {number}")
    StaffingPeriodFactory(agreement=agreement, side="state")
    StaffingPeriodFactory(agreement=agreement, side="municipal")
    client.force_login(reader)

    # 1 session, 2 user; the gate: 3 the driftsavtale, 4 the user's memberships, 5 the
    # partnership (with its parties), 6 the central partnership above it, 7 its covered
    # municipalities; the overview: 8 the lines, 9 the årsverk periods, 10 the covered
    # municipalities again (no figures are read when there are none).
    with django_assert_num_queries(10):
        response = client.get(url(agreement, fmt="xlsx"))

    assert response.status_code == 200
