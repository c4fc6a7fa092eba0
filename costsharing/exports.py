"""The driftsavtale as spreadsheets: the split of the costs and the quarterly settlement.

Each table is built once from a ``CostOverview`` (``split_rows``, ``settlement_rows``) as plain
cells — text, or ``Decimal`` amounts — and then serialised by ``as_csv`` or ``as_xlsx``, so the
two formats always hold the same figures. Pure functions: no queries, no request.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext as _
from xlsxwriter.utility import xl_rowcol_to_cell

from . import split
from .models import CostKey, MunicipalKey
from .rules import split_rules
from .selectors import (
    kroner,
    municipal_statements,
    party_names,
    quarter_label,
    settlement_display,
)

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
    is (title, partnership, year), put above the table in a workbook; ``notes`` are the
    sentences that state its rules, put below it."""

    title: str
    about: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)
    notes: tuple[str, ...] = ()


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
    return Table(
        _("Split of the costs"),
        _about(overview, _("split of the costs")),
        rows,
        notes=tuple(split_rules(vertskommune=bool(municipal_rows))),
    )


def settlement_rows(overview) -> Table:
    """Per quarter and for the year: the quarter's key, the actual costs, each party's share,
    what the party that is not the tenant paid on account, the balance and who owes whom (or
    why a quarter is not settled)."""
    result = _result(overview)
    names = party_names(overview.agreement.partnership)
    payer, tenant = names[result.non_tenant], names[result.tenant]
    rows = [
        Row(
            (
                _("Period"),
                _("The quarter's key (%(state)s / %(municipal)s)")
                % {"state": names[split.STATE], "municipal": names[split.MUNICIPAL]},
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
    for row in settlement_display(overview):
        settlement = row.settlement
        split_yet = not settlement.missing
        rows.append(
            Row(
                (
                    row.label,
                    "; ".join(
                        (f"{label}: " if len(row.keys) > 1 else "")
                        + f"{percent(state)} / {percent(municipal)}"
                        for label, state, municipal in row.keys
                    ),
                    settlement.actual_total,
                    settlement.shares[split.STATE] if split_yet else "",
                    settlement.shares[split.MUNICIPAL] if split_yet else "",
                    settlement.paid_on_account,
                    settlement.balance if split_yet else "",
                    row.owes,
                ),
                TOTAL if settlement.quarter == 0 else DATA,
            )
        )
    return Table(
        _("Settlement"),
        _about(overview, _("settlement")),
        rows,
        notes=tuple(split_rules(vertskommune=overview.sub_key is not None)),
    )


def percent(value: Decimal) -> str:
    return f"{kroner(value)} %"


def municipal_statement_rows(overview) -> Table:
    """A vertskommune's quarterly statements: per municipality its figure, its part of the
    municipal share of each quarter's actual costs, and of the year so far; then the
    municipal share. A quarter that is not settled says why instead of an amount."""
    result = _result(overview)
    names = party_names(overview.agreement.partnership)
    rows = [
        Row(
            (
                _("Municipality"),
                municipal_figure_label(overview.agreement),
                *(quarter_label(q.quarter) for q in result.quarters),
                _("The year so far"),
            ),
            HEADER,
        )
    ]
    for statement in municipal_statements(overview):
        rows.append(
            Row(
                (
                    statement.municipality.name,
                    statement.figure,
                    *(_part(part) for part in statement.quarters),
                    statement.year,
                )
            )
        )
    rows.append(
        Row(
            (
                _("Total, %(party)s") % {"party": names[split.MUNICIPAL]},
                "",
                *(q.shares[split.MUNICIPAL] if q.settled else "" for q in result.quarters),
                result.year_settlement.shares[split.MUNICIPAL],
            ),
            TOTAL,
        )
    )
    return Table(
        _("Statements for the municipalities"),
        _about(overview, _("statements for the municipalities")),
        rows,
        notes=tuple(split_rules(vertskommune=True)),
    )


def _part(part) -> Cell:
    if part.missing:
        return _("not split yet")
    if not part.settled:
        return _("not registered")
    return part.amount


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
    a spreadsheet would run as a formula is prefixed with an apostrophe. The notes follow the
    table after one blank line, one per line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in table.rows:
        writer.writerow([_csv_cell(value) for value in row.cells])
    if table.notes:
        writer.writerow([])
        for note in table.notes:
            writer.writerow([_csv_cell(note)])
    return buffer.getvalue().encode("utf-8-sig")


def _sheet_title(title: str) -> str:
    cleaned = "".join(c for c in title if c not in "[]:*?/\\").strip("'")
    return cleaned[:31] or "Ark"


def _sums(rows: list[Row], first: int) -> dict[tuple[int, int], str]:
    """The ``=SUM(...)`` of each amount in a TOTAL row over the data rows of its block (the
    rows since the block's header), keyed by (sheet row, column), both counted from 0. An
    amount that is not exactly the sum of those rows keeps its plain value: a formula must
    never show another figure than the table's."""
    sums: dict[tuple[int, int], str] = {}
    block: list[int] = []  # indexes into rows of the current block's data rows
    for index, row in enumerate(rows):
        if row.style in (HEADER, BLANK):
            block = []
        elif row.style == DATA:
            block.append(index)
        elif block:  # a TOTAL row after data rows
            for column, value in enumerate(row.cells):
                if not isinstance(value, Decimal):
                    continue
                parts = [
                    rows[i].cells[column] if column < len(rows[i].cells) else None for i in block
                ]
                if sum((p for p in parts if isinstance(p, Decimal)), Decimal(0)) != value:
                    continue
                top = xl_rowcol_to_cell(first + block[0], column)
                bottom = xl_rowcol_to_cell(first + block[-1], column)
                sums[(first + index, column)] = f"=SUM({top}:{bottom})"
    return sums


def as_xlsx(table: Table, sheet_title: str) -> bytes:
    """The table as an Excel workbook: the title lines first, then the table with a bold,
    frozen header; amounts are numeric cells formatted ``#,##0.00`` (Excel shows them in the
    reader's own locale), text is always text (never a formula). Each amount of a total row
    is a ``SUM`` of its block's rows, stored with the figure as its computed value, so the
    sheet stays right when someone adds a row. Printed landscape on A4, one page wide, with
    the header on every page; the notes below the table, each across its width."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet(_sheet_title(sheet_title))
    workbook.set_properties(
        {
            "title": _text(table.about[0] if table.about else table.title),
            "author": "navpartner",
        }
    )
    title_format = workbook.add_format({"bold": True, "font_size": 14})
    about_format = workbook.add_format({"italic": True})
    formats = {
        (HEADER, False): workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
        (TOTAL, False): workbook.add_format({"bold": True}),
        (DATA, False): None,
        (HEADER, True): workbook.add_format({"bold": True, "num_format": MONEY_FORMAT}),
        (TOTAL, True): workbook.add_format({"bold": True, "num_format": MONEY_FORMAT}),
        (DATA, True): workbook.add_format({"num_format": MONEY_FORMAT}),
    }
    note_format = workbook.add_format({"text_wrap": True, "valign": "top"})
    widths: dict[int, int] = {}

    for index, line in enumerate(table.about):
        sheet.write_string(index, 0, _text(line), title_format if index == 0 else about_format)
    first = len(table.about) + 1 if table.about else 0  # a blank line after the title lines
    sums = _sums(table.rows, first)

    for offset, row in enumerate(table.rows):
        for column, value in enumerate(row.cells):
            at = (first + offset, column)
            style = row.style if row.style in (HEADER, TOTAL) else DATA
            if isinstance(value, Decimal):
                cell_format = formats[(style, True)]
                if at in sums:
                    sheet.write_formula(*at, sums[at], cell_format, value)
                else:
                    sheet.write_number(*at, value, cell_format)
                shown = len(kroner(value))
            else:
                text = _text(value or "")
                sheet.write_string(*at, text, formats[(style, False)])
                shown = len(text)
                if row.style == HEADER:
                    shown = min(shown, 24)  # long headers wrap rather than widen
            widths[column] = max(widths.get(column, 0), shown)

    for column, width in widths.items():
        sheet.set_column(column, column, min(max(width + 2, 10), 60))
    last_column = max(widths, default=0)
    row_index = first + len(table.rows) + 1  # a blank line between the table and the notes
    line_width = sum(min(max(w + 2, 10), 60) for w in widths.values()) or 10
    for note in table.notes:
        text = _text(note)
        if last_column:
            sheet.merge_range(row_index, 0, row_index, last_column, text, note_format)
        else:
            sheet.write_string(row_index, 0, text, note_format)
        sheet.set_row(row_index, 15 * max(1, -(-len(text) // line_width)))
        row_index += 1

    sheet.freeze_panes(first + 1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages long as it takes
    if table.rows:
        sheet.repeat_rows(first)
    workbook.close()
    return buffer.getvalue()


# Control characters other than tab, line feed and carriage return, which XML 1.0 (and so a
# workbook) cannot hold.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(value) -> str:
    """Text a workbook can hold: control characters are dropped."""
    return _CONTROL_CHARACTERS.sub("", str(value))
