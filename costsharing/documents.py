"""The printed driftsavtale, as HTML for navpartner.pdf.render_pdf.

Everything the template shows is taken from a computed ``CostOverview`` (which loaded it in a
fixed number of queries); the template only reads it. The note is plain text: the template
escapes it and keeps its line breaks.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string

from . import split
from .exports import municipal_figure_label
from .models import CostKey, MunicipalKey
from .selectors import party_names, quarter_label, who_owes_whom


@dataclass(frozen=True)
class PrintedLine:
    name: str
    key: str
    budget: Decimal
    budget_state: Decimal
    budget_municipal: Decimal
    actual: Decimal
    actual_state: Decimal
    actual_municipal: Decimal


@dataclass(frozen=True)
class PrintedKey:
    label: str
    state: Decimal
    municipal: Decimal


@dataclass(frozen=True)
class PrintedSettlement:
    label: str
    settlement: split.QuarterSettlement
    state: Decimal
    municipal: Decimal
    owes: str
    is_year: bool


def operating_agreement_context(overview) -> dict:
    """The context of templates/pdf/driftsavtale.html. Needs a computed split."""
    result = overview.result
    if result is None:
        raise ValueError(f"The driftsavtale cannot be split: {overview.error}")
    agreement = overview.agreement
    partnership = agreement.partnership
    names = party_names(partnership)
    keys = dict(CostKey.choices)
    lines = [
        PrintedLine(
            name=s.line.name,
            key=str(keys.get(s.line.key, s.line.key)),
            budget=s.line.budget,
            budget_state=s.budget[split.STATE],
            budget_municipal=s.budget[split.MUNICIPAL],
            actual=s.actual_total,
            actual_state=s.actual[split.STATE],
            actual_municipal=s.actual[split.MUNICIPAL],
        )
        for s in result.lines
    ]
    key_rows = [
        PrintedKey(str(keys[kind]), shares[split.STATE], shares[split.MUNICIPAL])
        for kind, shares in result.key_shares.items()
    ]
    settlements = [
        PrintedSettlement(
            label=quarter_label(s.quarter),
            settlement=s,
            state=s.shares[split.STATE],
            municipal=s.shares[split.MUNICIPAL],
            owes=who_owes_whom(overview, s),
            is_year=s.quarter == 0,
        )
        for s in [*result.quarters, result.year_settlement]
    ]
    return {
        "overview": overview,
        "agreement": agreement,
        "partnership": partnership,
        "result": result,
        "state_name": names[split.STATE],
        "municipal_name": names[split.MUNICIPAL],
        "tenant_name": names[result.tenant],
        "payer_name": names[result.non_tenant],
        "agreement_key": str(keys.get(agreement.key, agreement.key)),
        "key_rows": key_rows,
        "periods": [(p, names[p.side]) for p in overview.periods],
        "gaps": [(g, names[g.side]) for g in overview.gaps],
        "lines": lines,
        "municipal_rows": overview.municipal_rows,
        "municipal_key": str(dict(MunicipalKey.choices).get(agreement.municipal_key, "")),
        "figure_label": municipal_figure_label(agreement),
        "settlements": settlements,
        # The date the figures were last changed, not the time of printing: the same
        # figures give the same document (and the same PDF, made once).
        "as_of": agreement.updated_at,
    }


def operating_agreement_html(overview) -> str:
    """The driftsavtale for one year: the parties, who holds the lease and re-invoices, the
    key with each party's share, the årsverk, the split of every expense, the vertskommune
    division, the quarterly settlement and the note."""
    return render_to_string("pdf/driftsavtale.html", operating_agreement_context(overview))
