"""The driftsavtale as spreadsheets: the split of the costs and the quarterly settlement.

Each table is built once from a ``CostOverview`` (``split_rows``, ``settlement_rows``) as plain
cells — text, or ``Decimal`` amounts — and then serialised by ``as_csv`` or ``as_xlsx``, so the
two formats always hold the same figures. Pure functions: no queries, no request.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import split
from .models import CostKey, MunicipalKey
from .selectors import kroner, party_names, quarter_label, who_owes_whom

HEADER, DATA, TOTAL, BLANK = "header", "data", "total", "blank"
MONEY_FORMAT = "#,##0.00"
# A text cell starting with one of these is read as a formula by spreadsheet programs
# (CSV injection); such text is written with a leading apostrophe in the CSV file.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | Decimal | None


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    style: str = DATA  # HEADER, DATA, TOTAL or BLANK


@dataclass(frozen=True)
class Table:
    """One exported table: ``rows[0]`` is the header; ``about`` are the lines that say what it
    is (title, partnership, year), put above the table in a workbook."""

    title: str
    about: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)


def municipal_figure_label(agreement) -> str:
    """What a vertskommune municipality's figure is, by the agreement's municipal key."""
    return {
        MunicipalKey.ARSVERK: _("Årsverk"),
        MunicipalKey.POPULATION: _("Population"),
        MunicipalKey.PERCENTAGE: _("Percentage"),
    }.get(agreement.municipal_key, _("Figure"))


def _about(overview, what: str) -> tuple[str, ...]:
    agreement = overview.agreement
    partnership = agreement.partnership
    names = party_names(partnership)
    return (
        _("Driftsavtale %(year)s") % {"year": agreement.year} + f" – {what}",
        _("%(partnership)s: %(municipal)s and %(state)s")
        % {
            "partnership": partnership,
            "municipal": names[split.MUNICIPAL],
            "state": names[split.STATE],
        },
        _("Budget year %(year)s") % {"year": agreement.year},
    )


def _result(overview) -> split.Result:
    if overview.result is None:
        raise ValueError(f"The driftsavtale cannot be split: {overview.error}")
    return overview.result


def split_rows(overview) -> Table:
    """One row per expense (its key, the budget and the actuals, each in total and per
    party), then the totals; for a vertskommune, a second block with each municipality's
    part of the municipal share."""
    result = _result(overview)
    names = party_names(overview.agreement.partnership)
    state, municipal = names[split.STATE], names[split.MUNICIPAL]
    keys = dict(CostKey.choices)
    rows = [
        Row(
            (
                _("Expense"),
                _("Key"),
                _("Budget"),
                _("Budget, %(party)s") % {"party": state},
                _("Budget, %(party)s") % {"party": municipal},
                _("Actual"),
                _("Actual, %(party)s") % {"party": state},
                _("Actual, %(party)s") % {"party": municipal},
            ),
            HEADER,
        )
    ]
    for line_split in result.lines:
        line = line_split.line
        rows.append(
            Row(
                (
                    line.name,
                    str(keys.get(line.key, line.key)),
                    line.budget,
                    line_split.budget[split.STATE],
                    line_split.budget[split.MUNICIPAL],
                    line_split.actual_total,
                    line_split.actual[split.STATE],
                    line_split.actual[split.MUNICIPAL],
                )
            )
        )
    rows.append(
        Row(
            (
                _("Total"),
                "",
                result.budget_total,
                result.budget_totals[split.STATE],
                result.budget_totals[split.MUNICIPAL],
                result.actual_total,
                result.actual_totals[split.STATE],
                result.actual_totals[split.MUNICIPAL],
            ),
            TOTAL,
        )
    )
    municipal_rows = overview.municipal_rows
    if municipal_rows:
        rows += [
            Row((), BLANK),
            Row(
                (
                    _("Municipality"),
                    municipal_figure_label(overview.agreement),
                    _("Share of the municipal budget"),
                    _("Share of the municipal actuals"),
                ),
                HEADER,
            ),
            *(
                Row((municipality.name, weight, budget, actual))
                for municipality, weight, budget, actual in municipal_rows
            ),
            Row(
                (
                    _("Total, %(party)s") % {"party": municipal},
                    "",
                    result.budget_totals[split.MUNICIPAL],
                    result.actual_totals[split.MUNICIPAL],
                ),
                TOTAL,
            ),
        ]
    return Table(_("Split of the costs"), _about(overview, _("split of the costs")), rows)


def settlement_rows(overview) -> Table:
    """Per quarter and for the year: the actual costs, each party's share, what the party
    that is not the tenant paid on account, the balance and who owes whom."""
    result = _result(overview)
    names = party_names(overview.agreement.partnership)
    payer, tenant = names[result.non_tenant], names[result.tenant]
    rows = [
        Row(
            (
                _("Period"),
                _("Actual costs"),
                _("Share, %(party)s") % {"party": names[split.STATE]},
                _("Share, %(party)s") % {"party": names[split.MUNICIPAL]},
                _("Paid on account by %(party)s") % {"party": payer},
                _("Balance (positive: %(payer)s owes %(tenant)s)")
                % {"payer": payer, "tenant": tenant},
                _("Who owes whom"),
            ),
            HEADER,
        )
    ]
    for settlement in [*result.quarters, result.year_settlement]:
        rows.append(
            Row(
                (
                    quarter_label(settlement.quarter),
                    settlement.actual_total,
                    settlement.shares[split.STATE],
                    settlement.shares[split.MUNICIPAL],
                    settlement.paid_on_account,
                    settlement.balance,
                    who_owes_whom(overview, settlement),
                ),
                TOTAL if settlement.quarter == 0 else DATA,
            )
        )
    return Table(_("Settlement"), _about(overview, _("settlement")), rows)


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def as_csv(table: Table) -> bytes:
    """The table as CSV the way Norwegian Excel and accounting imports read it: UTF-8 with a
    byte order mark (so Excel does not guess Windows-1252), ``;`` between fields, amounts with
    a decimal comma and no thousands separator (``1200000,00``), CRLF line ends. The header
    is the first line (the title lines are left out so the file imports as it is); text that
    a spreadsheet would run as a formula is prefixed with an apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row.cells])
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(title: str) -> str:
    cleaned = "".join(c for c in title if c not in "[]:*?/\\").strip("'")
    return cleaned[:31] or "Ark"


def as_xlsx(table: Table, sheet_title: str) -> bytes:
    """The table as an Excel workbook: the title lines first, then the table with a bold,
    frozen header; amounts are numeric cells formatted ``#,##0.00`` (Excel shows them in the
    reader's own locale), text is always text (never a formula)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(sheet_title)
    workbook.properties.title = table.about[0] if table.about else table.title
    workbook.properties.creator = "navpartner"
    bold = Font(bold=True)
    widths: dict[int, int] = {}

    for index, line in enumerate(table.about):
        cell = sheet.cell(row=index + 1, column=1, value=_text(line))
        cell.data_type = "s"
        cell.font = Font(bold=True, size=14) if index == 0 else Font(italic=index > 0)
    first = len(table.about) + 2 if table.about else 1  # a blank line after the title lines

    for offset, row in enumerate(table.rows):
        for column, value in enumerate(row.cells, start=1):
            cell = sheet.cell(row=first + offset, column=column)
            if isinstance(value, Decimal):
                cell.value = value
                cell.number_format = MONEY_FORMAT
                shown = len(kroner(value))
            else:
                cell.value = _text(value or "")
                cell.data_type = "s"
                shown = len(cell.value)
                if row.style == HEADER:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                    shown = min(shown, 24)  # long headers wrap rather than widen
            if row.style in (HEADER, TOTAL):
                cell.font = bold
            widths[column] = max(widths.get(column, 0), shown)

    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 10), 60)
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value) -> str:
    """Text openpyxl accepts: control characters (which it refuses) are dropped."""
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))
