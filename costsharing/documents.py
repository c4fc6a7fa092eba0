"""The printed driftsavtale, as HTML for navpartner.pdf.render_pdf; registered with the
document pipeline from ``CostsharingConfig.ready``.

Everything the template shows is taken from a computed ``CostOverview`` (which loaded it in a
fixed number of queries); the template only reads it. The note is plain text: the template
escapes it and keeps its line breaks.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from archive.selectors import archive_references
from navpartner.documents import DocumentPage, Printable, document_kind_register
from navpartner.models import RenderedDocument

from . import split
from .exports import municipal_figure_label
from .models import CostKey, MunicipalKey, OperatingAgreement
from .rules import split_rules
from .selectors import (
    CostAccess,
    cost_overview,
    gap_sentences,
    gaps_to_acknowledge,
    gaps_unacknowledged,
    municipal_statements,
    operating_agreement_attach_target,
    operating_agreement_get_for_user,
    party_names,
    settlement_display,
)

KIND = "driftsavtale"


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
        # The gaps an editor confirmed before the PDF could be made, in words.
        "gap_notes": gap_sentences(overview, gaps_to_acknowledge(overview)),
        "lines": lines,
        "municipal_rows": overview.municipal_rows,
        "municipal_key": str(dict(MunicipalKey.choices).get(agreement.municipal_key, "")),
        "figure_label": municipal_figure_label(agreement),
        "settlements": settlement_display(overview),
        "statements": municipal_statements(overview),
        "rules": split_rules(vertskommune=overview.sub_key is not None),
        # The date the figures were last changed, not the time of printing: the same
        # figures give the same document (and the same PDF, made once).
        "as_of": agreement.updated_at,
        "archive": archive_references(partnership, KIND, agreement.pk),
    }


def operating_agreement_html(overview) -> str:
    """The driftsavtale for one year: the parties, who holds the lease and re-invoices, the
    key with each party's share, the årsverk, the split of every expense, the vertskommune
    division, the quarterly settlement and the note."""
    return render_to_string("pdf/driftsavtale.html", operating_agreement_context(overview))


def operating_agreement_printable(agreement: OperatingAgreement) -> Printable:
    """The driftsavtale as it stands; a ValidationError says why one that cannot be split
    cannot be printed yet."""
    overview = cost_overview(agreement)
    if overview.result is None:
        raise ValidationError(overview.error)
    if gaps_unacknowledged(overview):
        raise ValidationError(
            _(
                "Some days have no årsverk registered for a party. An editor must confirm "
                "that this is right before the driftsavtale is printed."
            )
        )
    title = _("Driftsavtale %(year)s") % {"year": agreement.year}
    return Printable(
        title=f"{title} – {agreement.partnership}",
        html=operating_agreement_html(overview),
        pdf_variant="pdf/ua-1",
    )


def operating_agreement_document_page(
    access: CostAccess, document: RenderedDocument
) -> DocumentPage:
    """An editor of a ready PDF is offered to attach it to the partnership agreement being
    prepared (one query for that agreement)."""
    agreement = access.agreement
    can_attach = access.can_edit and document.status == RenderedDocument.Status.READY
    context = {"agreement": agreement, "partnership": agreement.partnership}
    context["can_attach"] = can_attach
    if can_attach:
        context["target"] = operating_agreement_attach_target(agreement)
    return DocumentPage(
        template="costsharing/document_detail.html",
        retry_url=reverse("costsharing:pdf", args=[agreement.pk]),
        context=context,
        reload_when_ready=access.can_edit,
    )


def documents_register() -> None:
    document_kind_register(
        kind=KIND,
        model=OperatingAgreement,
        get_for_user=operating_agreement_get_for_user,
        build=operating_agreement_printable,
        page=operating_agreement_document_page,
        language=lambda agreement: agreement.partnership.document_language,
    )
