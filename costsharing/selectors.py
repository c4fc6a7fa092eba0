"""Reads of driftsavtaler, behind the partnership's permission gate, and the translation of
stored rows into the one computation in ``split``."""

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import formats
from django.utils.translation import gettext as _

from agreements.models import Agreement, Attachment
from archive.models import FiledDocument
from partnerships.models import Municipality, Partnership
from partnerships.selectors import PartnershipAccess, child_get, partnership_get_for_user

from . import split
from .models import (
    CostKey,
    ExpenseLine,
    MunicipalWeight,
    OperatingAgreement,
    OperatingAgreementEvent,
    StaffingPeriod,
    gap_key,
)

# The kind of the driftsavtale's attachment to the partnership agreement; also the kind its
# PDF and its archive record go by (documents.KIND).
ATTACHMENT_KIND = "driftsavtale"


def keeps_operating_agreements(partnership: Partnership) -> bool:
    """Whether the partnership has running costs to share: a local one, with its NAV office
    (a central partnership has no office)."""
    return partnership.kind == Partnership.Kind.LOCAL


def operating_agreement_may_create(access: PartnershipAccess) -> bool:
    """Whether the user whose access this is may start a driftsavtale in the partnership."""
    return access.can_edit and keeps_operating_agreements(access.partnership)


@dataclass(frozen=True)
class CostAccess:
    access: PartnershipAccess
    agreement: OperatingAgreement

    @property
    def can_edit(self) -> bool:
        return self.access.can_edit


def operating_agreement_get_for_user(user, pk) -> CostAccess:
    """The gate: a driftsavtale is seen by those who may see its partnership (404 for
    everyone else). One query for the driftsavtale, then the partnership gate's."""
    agreement = OperatingAgreement.objects.filter(pk=pk).order_by().first()
    if agreement is None:
        raise Http404
    access = partnership_get_for_user(user, agreement.partnership_id)
    agreement.partnership = access.partnership
    return CostAccess(access, agreement)


def operating_agreement_get_for_edit(user, pk) -> CostAccess:
    cost_access = operating_agreement_get_for_user(user, pk)
    if not cost_access.can_edit:
        raise PermissionDenied
    return cost_access


def operating_agreements_of(partnership: Partnership) -> list[OperatingAgreement]:
    return list(partnership.operating_agreements.order_by("-year"))


def line_get(agreement: OperatingAgreement, pk) -> ExpenseLine:
    return child_get(agreement.lines, pk)


def period_get(agreement: OperatingAgreement, pk) -> StaffingPeriod:
    return child_get(agreement.periods, pk)


def sharing_municipalities(partnership: Partnership, covered=None) -> list[Municipality]:
    """The host and the covered municipalities of a vertskommune; empty for any other
    partnership (there the municipal share is not divided again). One query, unless the
    covered municipalities (ordered by name) are given."""
    if covered is None:
        covered = list(partnership.covered_municipalities.order_by("name"))
    return [partnership.municipal_party, *covered] if covered else []


@dataclass(frozen=True)
class Gap:
    side: str
    start: dt.date
    end: dt.date


@dataclass
class CostOverview:
    agreement: OperatingAgreement
    lines: list[ExpenseLine]
    periods: list[StaffingPeriod]
    municipalities: list[Municipality]
    weights: dict[int, Decimal]
    basis: split.Basis
    split_lines: list[split.Line]
    sub_key: split.SubKey | None
    result: split.Result | None = None
    error: str = ""
    gaps: list[Gap] = field(default_factory=list)

    @property
    def periods_by_side(self) -> dict[str, list[StaffingPeriod]]:
        return {side: [p for p in self.periods if p.side == side] for side in split.PARTIES}

    @property
    def municipal_rows(self) -> list[tuple[Municipality, Decimal, Decimal, Decimal]]:
        """(municipality, figure, budget share, actual share) for a vertskommune; empty until
        the municipal share is divided (no municipality has a figure yet)."""
        if self.result is None or self.sub_key is None:
            return []
        return [
            (
                m,
                self.weights.get(m.pk, Decimal(0)),
                self.result.municipal_budget.get(m.pk, Decimal("0.00")),
                self.result.municipal_actual.get(m.pk, Decimal("0.00")),
            )
            for m in self.municipalities
        ]

    @property
    def rows(self) -> list[tuple[ExpenseLine, split.LineSplit | None]]:
        """Each stored expense with its split (None when the split cannot be computed)."""
        splits = {s.line.ident: s for s in self.result.lines} if self.result else {}
        return [(line, splits.get(line.pk)) for line in self.lines]

    @property
    def key_share_rows(self) -> list[tuple[str, Decimal, Decimal]]:
        """(key, state's percent, municipality's percent) for each key in use."""
        if self.result is None:
            return []
        labels = dict(CostKey.choices)
        return [
            (str(labels[kind]), shares[split.STATE], shares[split.MUNICIPAL])
            for kind, shares in self.result.key_shares.items()
        ]

    def recompute(self, *, basis=None, split_lines=None) -> "CostOverview":
        """The same driftsavtale computed with other figures (the what-if); saves nothing."""
        other = replace(
            self,
            basis=basis or self.basis,
            split_lines=split_lines or self.split_lines,
            result=None,
            error="",
        )
        return _computed(other)


def cost_overview(agreement: OperatingAgreement) -> CostOverview:
    """Everything a driftsavtale's pages, exports and PDF show, computed once. Four queries
    however many lines, årsverk periods and municipalities: lines, periods, covered
    municipalities, their figures (the partnership's municipal party comes with the gate)."""
    municipalities = sharing_municipalities(agreement.partnership)
    return _cost_overview_of(
        agreement,
        lines=list(agreement.lines.all()),
        periods=list(agreement.periods.all()),
        municipalities=municipalities,
        weights=municipal_weights_of(agreement) if municipalities else {},
    )


def _cost_overview_of(
    agreement: OperatingAgreement,
    *,
    lines: list[ExpenseLine],
    periods: list[StaffingPeriod],
    municipalities: list[Municipality],
    weights: dict[int, Decimal],
) -> CostOverview:
    """The driftsavtale computed from its rows, however they were loaded (no queries)."""
    overview = CostOverview(
        agreement=agreement,
        lines=lines,
        periods=periods,
        municipalities=municipalities,
        weights=weights,
        basis=split.Basis(
            year=agreement.year,
            periods=tuple(
                split.Period(side=p.side, start=p.starts_on, end=p.ends_on, fte=p.fte)
                for p in periods
            ),
            percentages=_pair(agreement.state_percentage, agreement.municipal_percentage),
            areas=_pair(agreement.state_area, agreement.municipal_area),
        ),
        split_lines=[
            split.Line(
                ident=line.pk,
                name=str(line),
                key=line.key or agreement.key,
                budget=line.budget,
                actuals=line.actuals,
            )
            for line in lines
        ],
        sub_key=(
            split.SubKey(
                kind=agreement.municipal_key,
                weights={m.pk: weights.get(m.pk, Decimal(0)) for m in municipalities},
                names={m.pk: m.name for m in municipalities},
            )
            if municipalities and any(weights.values())
            else None
        ),
        gaps=_gaps(periods, agreement.year),
    )
    return _computed(overview)


def _computed(overview: CostOverview) -> CostOverview:
    try:
        overview.result = split.compute(
            basis=overview.basis,
            lines=overview.split_lines,
            tenant=overview.agreement.tenant,
            paid_on_account=overview.agreement.paid_on_account,
            sub_key=overview.sub_key,
        )
    except split.SplitError as error:
        overview.result, overview.error = None, str(error)
    return overview


def _pair(state: Decimal | None, municipal: Decimal | None) -> dict[str, Decimal] | None:
    if state is None or municipal is None:
        return None
    return {split.STATE: state, split.MUNICIPAL: municipal}


def _gaps(periods: list[StaffingPeriod], year: int) -> list[Gap]:
    """The days of the year on which a party has no årsverk registered (counted as zero)."""
    gaps = []
    for side in split.PARTIES:
        day = dt.date(year, 1, 1)
        for period in sorted((p for p in periods if p.side == side), key=lambda p: p.starts_on):
            if period.starts_on > day:
                gaps.append(Gap(side, day, period.starts_on - dt.timedelta(days=1)))
            day = max(day, period.ends_on + dt.timedelta(days=1))
        if day <= dt.date(year, 12, 31):
            gaps.append(Gap(side, day, dt.date(year, 12, 31)))
    return gaps


def what_if(
    overview: CostOverview,
    *,
    state_fte: Decimal | None = None,
    municipal_fte: Decimal | None = None,
    key: str = "",
) -> CostOverview:
    """The driftsavtale as it would be with other årsverk for the whole year (either party,
    or both) and/or one key for every line. Nothing is saved."""
    year = overview.agreement.year
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    periods = list(overview.basis.periods)
    for side, fte in ((split.STATE, state_fte), (split.MUNICIPAL, municipal_fte)):
        if fte is not None:
            periods = [p for p in periods if p.side != side]
            periods.append(split.Period(side=side, start=first, end=last, fte=fte))
    lines = overview.split_lines
    if key:
        lines = [replace(line, key=key) for line in lines]
    return overview.recompute(
        basis=replace(overview.basis, periods=tuple(periods)), split_lines=lines
    )


def municipal_weights_of(agreement: OperatingAgreement) -> dict[int, Decimal]:
    return {w.municipality_id: w.weight for w in agreement.municipal_weights.all()}


def recent_events(agreement: OperatingAgreement, limit: int = 10) -> list[OperatingAgreementEvent]:
    return list(agreement.events.select_related("user")[:limit])


def _days(year: int) -> int:
    return (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1


def average_fte(overview: CostOverview) -> dict[str, Decimal]:
    """Each party's årsverk over the year, weighted by the days each figure was in force."""
    year = overview.agreement.year
    days = split.fte_days(overview.basis.periods, dt.date(year, 1, 1), dt.date(year, 12, 31))
    return {side: (days[side] / _days(year)).quantize(split.ORE) for side in split.PARTIES}


@dataclass(frozen=True)
class Segment:
    period: StaffingPeriod | None  # None for a gap
    start: dt.date
    end: dt.date
    left: Decimal  # percent of the year before it starts
    width: Decimal  # percent of the year it lasts


def staffing_timeline(overview: CostOverview) -> dict[str, list[Segment]]:
    """Each party's periods and gaps laid out on the year, for the årsverk timeline."""
    year = overview.agreement.year
    first, days = dt.date(year, 1, 1), Decimal(_days(year))

    def segment(period, start, end):
        left = Decimal((start - first).days) * 100 / days
        width = Decimal((end - start).days + 1) * 100 / days
        return Segment(period, start, end, left.quantize(split.ORE), width.quantize(split.ORE))

    timeline = {}
    for side, periods in overview.periods_by_side.items():
        segments = [segment(p, p.starts_on, p.ends_on) for p in periods]
        segments += [segment(None, g.start, g.end) for g in overview.gaps if g.side == side]
        timeline[side] = sorted(segments, key=lambda s: s.start)
    return timeline


@dataclass(frozen=True)
class Comparison:
    side: str
    before: Decimal
    after: Decimal
    share_before: Decimal
    share_after: Decimal

    @property
    def difference(self) -> Decimal:
        return self.after - self.before


def what_if_comparison(before: CostOverview, after: CostOverview) -> list[Comparison]:
    """Each party's budgeted cost for the year before and after; empty if either cannot be
    computed (the page then shows why)."""
    if before.result is None or after.result is None:
        return []
    b, a = before.result, after.result

    def share(result, side):
        if not result.budget_total:
            return Decimal("0.00")
        return (result.budget_totals[side] * 100 / result.budget_total).quantize(split.ORE)

    return [
        Comparison(
            side, b.budget_totals[side], a.budget_totals[side], share(b, side), share(a, side)
        )
        for side in split.PARTIES
    ]


def party_names(partnership: Partnership) -> dict[str, str]:
    return {
        split.STATE: partnership.state_party.name,
        split.MUNICIPAL: partnership.municipal_party.name,
    }


def kroner(amount: Decimal) -> str:
    """An amount as written in the active language, e.g. ``12 345,67`` in Norwegian."""
    return formats.number_format(amount, 2, use_l10n=True, force_grouping=True)


def who_owes_whom(overview: CostOverview, settlement: split.QuarterSettlement) -> str:
    """The settlement's balance in plain words, e.g. "Bydel Grorud owes NAV Oslo 12 345,67
    kr" (see settlement_words); for a quarter with no costs registered, or whose costs cannot
    be split yet, what is the case instead."""
    result = overview.result
    # A settlement is part of a computed split, so whoever holds one has the result.
    assert result is not None, "a settlement without a computed split"
    if settlement.quarter and settlement.missing:
        return _("Not settled: %(reason)s") % {"reason": settlement.missing}
    if settlement.quarter and not settlement.registered:
        return _("Not registered: no actual costs are entered for this quarter yet.")
    if not settlement.quarter and not settlement.covers:
        return _("Nothing to settle yet: no quarter has actual costs registered.")
    names = party_names(overview.agreement.partnership)
    return settlement_words(names, result.tenant, settlement.balance)


def settlement_words(names: dict[str, str], tenant: str, balance: Decimal) -> str:
    """A balance in plain words, the parties named by ``names`` (party_names). A positive
    balance is owed by the party that is not the tenant to the tenant."""
    other = split.MUNICIPAL if tenant == split.STATE else split.STATE
    if balance > 0:
        debtor, creditor = other, tenant
    elif balance < 0:
        debtor, creditor = tenant, other
    else:
        return _("Settled: neither party owes the other anything.")
    return _("%(debtor)s owes %(creditor)s %(amount)s kr") % {
        "debtor": names[debtor],
        "creditor": names[creditor],
        "amount": kroner(abs(balance)),
    }


def quarter_label(quarter: int) -> str:
    """“1st quarter” … “4th quarter”; 0 is the whole year."""
    return {
        1: _("1st quarter"),
        2: _("2nd quarter"),
        3: _("3rd quarter"),
        4: _("4th quarter"),
    }.get(quarter, _("The whole year"))


def settlement_label(settlement: split.QuarterSettlement) -> str:
    """A quarter's label; the year's says which quarters it adds up when not all four."""
    if settlement.quarter or settlement.covers == (1, 2, 3, 4):
        return quarter_label(settlement.quarter)
    if not settlement.covers:
        return _("The whole year (no quarter settled yet)")
    return _("The whole year (only quarters %(quarters)s)") % {
        "quarters": ", ".join(str(q) for q in settlement.covers)
    }


@dataclass(frozen=True)
class SettlementRow:
    settlement: split.QuarterSettlement
    label: str
    owes: str
    # The quarter's key for each key in use: (key, state's percent, municipality's percent).
    keys: tuple[tuple[str, Decimal, Decimal], ...]


def settlement_display(overview: CostOverview) -> list[SettlementRow]:
    """The settlement as every page, export and PDF shows it: the four quarters, each with
    its key, then the year."""
    result = overview.result
    if result is None:
        return []
    labels = dict(CostKey.choices)
    rows = []
    for settlement in [*result.quarters, result.year_settlement]:
        shares = result.quarter_key_shares[settlement.quarter - 1] if settlement.quarter else {}
        keys = tuple(
            (str(labels[kind]), share[split.STATE], share[split.MUNICIPAL])
            for kind, share in shares.items()
        )
        rows.append(
            SettlementRow(
                settlement, settlement_label(settlement), who_owes_whom(overview, settlement), keys
            )
        )
    return rows


@dataclass(frozen=True)
class QuarterPart:
    """One municipality's part of one quarter: ``amount`` when the quarter is ``settled``;
    else the quarter has no costs registered, or they cannot be split yet (``missing``)."""

    amount: Decimal | None
    settled: bool
    missing: bool


@dataclass(frozen=True)
class MunicipalStatement:
    """What one municipality of a vertskommune owes the host: its part of the municipal
    share of the actual costs, per quarter and for the year so far."""

    municipality: Municipality
    figure: Decimal
    quarters: tuple[QuarterPart, ...]
    year: Decimal
    is_host: bool


def municipal_statements(overview: CostOverview) -> list[MunicipalStatement]:
    """A vertskommune's quarterly division of the municipal share, one statement per
    municipality (the host first); empty for any other partnership or before it is divided."""
    result = overview.result
    if result is None or overview.sub_key is None:
        return []
    host = overview.agreement.partnership.municipal_party_id
    return [
        MunicipalStatement(
            municipality=m,
            figure=overview.weights.get(m.pk, Decimal(0)),
            quarters=tuple(
                QuarterPart(part[m.pk] if part else None, q.settled, bool(q.missing))
                for part, q in zip(result.municipal_quarters, result.quarters, strict=True)
            ),
            year=result.municipal_actual.get(m.pk, Decimal("0.00")),
            is_host=m.pk == host,
        )
        for m in overview.municipalities
    ]


def cost_overviews(agreements) -> dict[int, CostOverview]:
    """``cost_overview`` of many driftsavtaler at once, keyed by driftsavtale id, computed by
    the same code. Four queries however many: lines, periods, covered municipalities, their
    figures. Reads ``agreement.partnership.municipal_party`` (select it with them)."""
    agreements = list(agreements)
    if not agreements:
        return {}
    ids = [a.pk for a in agreements]
    lines: dict[int, list[ExpenseLine]] = {pk: [] for pk in ids}
    for line in ExpenseLine.objects.filter(agreement__in=ids):
        lines[line.agreement_id].append(line)
    periods: dict[int, list[StaffingPeriod]] = {pk: [] for pk in ids}
    for period in StaffingPeriod.objects.filter(agreement__in=ids):
        periods[period.agreement_id].append(period)
    covered: dict[int, list[Municipality]] = {}
    for row in (
        Partnership.covered_municipalities.through.objects.filter(
            partnership_id__in={a.partnership_id for a in agreements}
        )
        .select_related("municipality")
        .order_by("municipality__name")
    ):
        covered.setdefault(row.partnership_id, []).append(row.municipality)
    weights: dict[int, dict[int, Decimal]] = {pk: {} for pk in ids}
    for weight in MunicipalWeight.objects.filter(agreement__in=ids):
        weights[weight.agreement_id][weight.municipality_id] = weight.weight
    result = {}
    for agreement in agreements:
        municipalities = sharing_municipalities(
            agreement.partnership, covered.get(agreement.partnership_id, [])
        )
        result[agreement.pk] = _cost_overview_of(
            agreement,
            lines=lines[agreement.pk],
            periods=periods[agreement.pk],
            municipalities=municipalities,
            weights=weights[agreement.pk] if municipalities else {},
        )
    return result


def operating_agreement_attach_target(agreement: OperatingAgreement) -> Agreement | None:
    """The partnership agreement a driftsavtale's PDF is attached to: the partnership's
    latest agreement whose text can still change (``Agreement.is_editable``) and whose
    signing has not begun. There is at most one (one agreement is prepared at a time)."""
    return (
        agreement.partnership.agreements.filter(
            status__in=Agreement.EDITABLE_STATUSES, signatures__isnull=True
        )
        .order_by("-version")
        .first()
    )


def operating_agreement_delete_blockers(
    agreement: OperatingAgreement, lines: list[ExpenseLine] | None = None
) -> list[str]:
    """Why the driftsavtale can no longer be deleted, in words; empty while nothing is
    settled: no actual costs in any quarter, no payment on account, and no PDF of it attached
    to a partnership agreement or filed in the archive. Two queries, three unless its
    ``lines`` are given."""
    if lines is None:
        lines = list(agreement.lines.all())
    reasons = []
    if any(any(line.actuals) for line in lines):
        reasons.append(_("Actual costs are registered."))
    if any(agreement.paid_on_account):
        reasons.append(_("Payments on account are registered."))
    if Attachment.objects.filter(
        agreement__partnership=agreement.partnership_id,
        kind=ATTACHMENT_KIND,
        title__endswith=f" {agreement.year}",
    ).exists():
        reasons.append(_("Its PDF is attached to the partnership agreement."))
    if FiledDocument.objects.filter(kind=ATTACHMENT_KIND, object_id=agreement.pk).exists():
        reasons.append(_("It is filed in the archive."))
    return reasons


def gaps_to_acknowledge(overview) -> list:
    """The gaps in the årsverk that move costs from one party to the other, and so must be
    confirmed before the settlement is final: every gap, as long as some cost is shared by
    årsverk (under another key a gap changes nothing). None while the costs cannot be split
    at all: the page then says why, and that comes first. No queries."""
    if overview.result is None:
        return []
    keys = {line.key for line in overview.split_lines} or {overview.agreement.key}
    return list(overview.gaps) if CostKey.ARSVERK in keys else []


def gap_keys(gaps) -> list[str]:
    return sorted(gap_key(gap.side, gap.start, gap.end) for gap in gaps)


def gaps_unacknowledged(overview) -> list:
    """The gaps still to confirm: those of gaps_to_acknowledge, unless an editor confirmed
    exactly these (a change that alters the gaps voids the confirmation). No queries."""
    gaps = gaps_to_acknowledge(overview)
    if not gaps or overview.agreement.gaps_are_acknowledged(gap_keys(gaps)):
        return []
    return gaps


def gap_sentences(overview, gaps) -> list[str]:
    """Each gap in words, e.g. "Bydel Grorud has no årsverk registered 01.01.2026–31.03.2026:
    the costs of that period are shared by NAV Oslo alone." No queries."""
    names = party_names(overview.agreement.partnership)
    other = {split.STATE: split.MUNICIPAL, split.MUNICIPAL: split.STATE}
    return [
        _(
            "%(party)s has no årsverk registered %(start)s–%(end)s: the costs of that period "
            "are shared by %(other)s alone."
        )
        % {
            "party": names[gap.side],
            "start": formats.date_format(gap.start, "SHORT_DATE_FORMAT"),
            "end": formats.date_format(gap.end, "SHORT_DATE_FORMAT"),
            "other": names[other[gap.side]],
        }
        for gap in gaps
    ]
