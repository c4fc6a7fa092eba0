"""The overview a fylkesdirektør opens to see where each partnership stands: the agreement
(status, version, in force since, when it ends and is due for evaluation, what it still
lacks), the partnership meetings (last and next, whether the forum meets as often as agreed,
open and overdue actions) and this year's driftsavtale (each party's share, the settlement).

Each figure comes from the definition its own app uses (agreement_deadlines, the frequency
rule, the split), loaded in bulk: a constant number of queries however many partnerships.
Every cell carries the address of the page where it can be put right.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from agreements.models import Agreement
from agreements.selectors.agreements import (
    CompletenessCounts,
    agreement_counts,
    agreement_status_rows,
)
from agreements.selectors.deadlines import AgreementDeadlines, agreement_deadlines
from costsharing import split
from costsharing.models import OperatingAgreement
from costsharing.selectors import cost_overviews, settlement_words, who_owes_whom
from meetings.models import Action, Forum, Meeting
from meetings.selectors import HELD_STATUSES, FrequencyStatus, MeetingTime, forums_frequency
from navpartner.links import path_maker
from partnerships.models import Partnership
from partnerships.selectors import partnerships_visible_to, user_memberships

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# A deadline this close is shown as coming up.
SOON = dt.timedelta(days=90)
NO_AGREEMENT = "none"
STATUS_ORDER = {status: n for n, status in enumerate(Agreement.Status.values)}


@dataclass(frozen=True)
class Scope:
    """A part of what the user may see that they answer for as a whole: their county, their
    central partnership (with its local ones) or their municipality (with its bydeler and
    the municipalities it hosts)."""

    key: str
    label: str
    filter: Q


def overview_scopes(user) -> list[Scope]:
    """The scopes the user's memberships give, in the order county, central partnership,
    municipality. No query beyond the (cached) memberships, except one for the names of
    central partnerships when the user is a member of one."""
    memberships = user_memberships(user)
    scopes = {}
    for m in memberships:
        if m.county is not None:
            scopes[f"county-{m.county_id}"] = Scope(
                f"county-{m.county_id}", m.county.name, Q(state_party_id=m.county_id)
            )
    central_ids = {
        m.partnership_id
        for m in memberships
        if m.partnership is not None and m.partnership.kind == Partnership.Kind.CENTRAL
    }
    if central_ids:
        for central in Partnership.objects.filter(pk__in=central_ids).select_related(
            "municipal_party", "state_party"
        ):
            scopes[f"central-{central.pk}"] = Scope(
                f"central-{central.pk}", str(central), Q(pk=central.pk) | Q(parent_id=central.pk)
            )
    for m in memberships:
        municipality = m.municipality
        if municipality is not None:
            covered = Partnership.covered_municipalities.through.objects.filter(
                municipality_id=municipality.pk
            ).values("partnership_id")
            scopes[f"municipality-{municipality.pk}"] = Scope(
                f"municipality-{municipality.pk}",
                municipality.name,
                Q(municipal_party_id=municipality.pk)
                | Q(municipal_party__parent_id=municipality.pk)
                | Q(pk__in=covered),
            )
    return list(scopes.values())


@dataclass
class OverviewRow:
    """One partnership's line. A ``*_url`` is where that cell can be put right."""

    today: dt.date
    partnership: Partnership
    url: str
    # The agreement being worked on, else the one in force; the partnership page starts one.
    agreement: Agreement | None
    agreement_url: str
    # The agreement in force, else one signed and waiting for its first day.
    in_force: Agreement | None
    in_force_url: str
    deadlines: AgreementDeadlines | None
    completeness: CompletenessCounts | None
    questions_url: str
    attachments_url: str
    approvals_url: str
    # No forum yet (the partnership page makes it) counts as no meetings: behind.
    forum: Forum | None
    forum_url: str
    frequency: FrequencyStatus | None
    last_meeting_at: dt.datetime | None
    last_meeting_url: str
    next_meeting_url: str
    open_actions: int
    overdue_actions: int
    actions_url: str
    # This year's driftsavtale (see overview_add_costs): whether there is one, whether its
    # split can be computed, its budget and each party's share; without one, the links go to
    # the partnership's list of driftsavtaler, where one is made.
    has_cost: bool = False
    cost_computable: bool = False
    budget_total: Decimal | None = None
    state_share: Decimal | None = None
    municipal_share: Decimal | None = None
    cost_url: str = ""
    settlement_url: str = ""
    settlement: str = ""

    # --- the agreement ------------------------------------------------------------------

    @property
    def ends_on(self) -> dt.date | None:
        return self.deadlines.ends_on if self.deadlines else None

    @property
    def evaluation_due(self) -> dt.date | None:
        return self.deadlines.evaluation_due if self.deadlines else None

    @property
    def ends_overdue(self) -> bool:
        return self.ends_on is not None and self.ends_on < self.today

    @property
    def ends_soon(self) -> bool:
        return self.ends_on is not None and self.today <= self.ends_on <= self.today + SOON

    @property
    def evaluation_overdue(self) -> bool:
        return self.evaluation_due is not None and self.evaluation_due < self.today

    @property
    def evaluation_soon(self) -> bool:
        due = self.evaluation_due
        return due is not None and self.today <= due <= self.today + SOON

    @property
    def next_deadline(self) -> dt.date | None:
        dates = [d for d in (self.ends_on, self.evaluation_due) if d]
        return min(dates) if dates else None

    @property
    def missing(self) -> int | None:
        """Empty sections, open questions, missing attachments and approvals still to come,
        together."""
        return self.completeness.missing if self.completeness else None

    # --- the meetings -------------------------------------------------------------------

    @property
    def behind(self) -> bool:
        return self.frequency is None or self.frequency.behind

    @property
    def next_meeting(self) -> MeetingTime | None:
        return self.frequency.next_meeting if self.frequency else None

    # --- for the filters ----------------------------------------------------------------

    @property
    def status(self) -> str:
        return self.agreement.status if self.agreement else NO_AGREEMENT

    @property
    def overdue(self) -> bool:
        """Anything past its date: the agreement's end, its evaluation, an action."""
        return self.ends_overdue or self.evaluation_overdue or self.overdue_actions > 0


def _partnership_order(partnership: Partnership) -> tuple:
    """By county, each central partnership before the local ones, then by name."""
    return (
        partnership.state_party.name,
        partnership.kind != Partnership.Kind.CENTRAL,
        str(partnership).lower(),
    )


def partnership_overview(
    user,
    *,
    today=None,
    scope: Scope | None = None,
    with_costs: bool = True,
    with_completeness: bool = True,
) -> list[OverviewRow]:
    """One row per partnership the user may see (within ``scope``), central partnerships
    before their local ones, then by name. A constant number of queries however many
    partnerships: the partnerships; their agreements with what they lack, counted; their
    veileder revisions and the kinds of their attachments; the evaluation intervals; the
    forums with their last meeting held; point 3.1 of the agreements in force and the
    meetings that decide the frequency; the open actions; and (``with_costs``) the one of
    overview_add_costs.

    The costs are read from the driftsavtaler's summaries, except where one is missing or
    cannot be computed, which are split there and then; a page that shows only some rows
    passes ``with_costs=False`` and adds the costs to the rows it shows, so that only those
    are ever split. Likewise ``with_completeness=False`` leaves out what each agreement
    lacks (``completeness`` None), for overview_add_completeness to count for the rows
    shown."""
    today = today or timezone.localdate()
    visible = partnerships_visible_to(user)
    if scope is not None:
        visible = visible.filter(scope.filter)
    partnerships = sorted(
        visible.select_related("office", "municipal_party", "state_party"),
        key=_partnership_order,
    )
    by_pk = {p.pk: p for p in partnerships}
    agreement_rows = agreement_status_rows(partnerships, counted=with_completeness)

    # The agreement that binds the parties: the one in force, else one signed and waiting.
    in_force = {}
    for row in agreement_rows:
        current = row.agreement
        if row.in_force is not None:
            in_force[row.partnership.pk] = row.in_force
        elif current is not None and current.status == Agreement.Status.SIGNED:
            in_force[row.partnership.pk] = current
    deadlines = agreement_deadlines(
        in_force.values(),
        revised_ids=[a.pk for a in in_force.values() if getattr(a, "has_newer", False)],
    )

    forums = _forums(by_pk)
    frequency = forums_frequency(forums.values(), today)
    actions = _action_counts(forums.values(), today)

    partnership_url = path_maker("partnerships:partnership_detail")
    agreement_url = path_maker("agreements:agreement_detail")
    forum_url, meeting_url = (
        path_maker("meetings:forum_detail"),
        path_maker("meetings:meeting_detail"),
    )
    cost_list_url = path_maker("costsharing:list")

    rows = []
    for agreement_row in agreement_rows:
        p = agreement_row.partnership
        agreement = agreement_row.agreement
        valid = in_force.get(p.pk)
        forum = forums.get(p.pk)
        here = partnership_url(p.pk)
        at = agreement_url(agreement.pk) if agreement else here
        forum_here = forum_url(forum.pk) if forum else here + "#forum-heading"
        freq = frequency.get(forum.pk) if forum else None
        open_actions, overdue_actions = actions.get(forum.pk, (0, 0)) if forum else (0, 0)
        rows.append(
            OverviewRow(
                today=today,
                partnership=p,
                url=here,
                agreement=agreement,
                agreement_url=at,
                in_force=valid,
                in_force_url=agreement_url(valid.pk) if valid else here,
                deadlines=deadlines.get(valid.pk) if valid else None,
                completeness=agreement_row.completeness,
                questions_url=at + "#sections-heading" if agreement else here,
                attachments_url=at + "#attachments" if agreement else here,
                approvals_url=at + "#sections-heading" if agreement else here,
                forum=forum,
                forum_url=forum_here,
                frequency=freq,
                last_meeting_at=forum.last_held_at if forum else None,
                last_meeting_url=(
                    meeting_url(forum.last_held_pk) if forum and forum.last_held_pk else forum_here
                ),
                next_meeting_url=(
                    meeting_url(freq.next_meeting.pk)
                    if freq and freq.next_meeting
                    else (forum_here + "#plan-meeting" if forum else forum_here)
                ),
                open_actions=open_actions,
                overdue_actions=overdue_actions,
                actions_url=forum_here + "#open-actions" if forum else forum_here,
                cost_url=cost_list_url(p.pk),
                settlement_url=cost_list_url(p.pk),
            )
        )
    if with_costs:
        overview_add_costs(rows)
    return rows


def overview_add_costs(rows: list[OverviewRow]) -> None:
    """Give each row the year's driftsavtale (the year of the row's ``today``): each party's
    share and the settlement in words, from the summaries its services keep (CostSummary).
    One query however many rows; a driftsavtale without a summary (made before summaries
    existed, until ``summaries_rebuild``), or whose split cannot be computed (to say why), is
    computed by the driftsavtale's own code."""
    if not rows:
        return
    by_partnership = {r.partnership.pk: r for r in rows}
    agreements = list(
        OperatingAgreement.objects.filter(
            partnership__any=list(by_partnership), year=rows[0].today.year
        ).select_related("summary")
    )
    detail_url, settlement_url = (
        path_maker("costsharing:detail"),
        path_maker("costsharing:settlement"),
    )
    live = []
    for agreement in agreements:
        row = by_partnership[agreement.partnership_id]
        agreement.partnership = row.partnership
        row.has_cost = True
        row.cost_url = detail_url(agreement.pk)
        row.settlement_url = settlement_url(agreement.pk)
        summary = getattr(agreement, "summary", None)
        if summary is None or not summary.computable:
            live.append(agreement)
            continue
        row.cost_computable = True
        row.budget_total = summary.budget_total
        row.state_share, row.municipal_share = summary.state_share, summary.municipal_share
        row.settlement = settlement_words(row.partnership, agreement.tenant, summary.balance)
    for cost in cost_overviews(live).values():
        row = by_partnership[cost.agreement.partnership_id]
        result = cost.result
        if result is None:
            row.settlement = cost.error
            continue
        row.cost_computable = True
        row.budget_total = result.budget_total
        row.state_share = result.budget_totals[split.STATE]
        row.municipal_share = result.budget_totals[split.MUNICIPAL]
        row.settlement = who_owes_whom(cost, result.year_settlement)


def overview_add_completeness(rows: list[OverviewRow]) -> None:
    """Give each row that partnership_overview left without it what its agreement still
    lacks, counted; two queries however many rows (agreement_counts)."""
    uncounted = [r for r in rows if r.agreement is not None and r.completeness is None]
    counts = agreement_counts([r.agreement for r in uncounted if r.agreement is not None])
    for row in uncounted:
        if row.agreement is not None:
            row.completeness = counts[row.agreement.pk]


class _LastHeld(TypedDict):
    last_held_at: dt.datetime | None
    last_held_pk: int | None


def _forums(
    partnerships: dict[int, Partnership],
) -> "dict[int, WithAnnotations[Forum, _LastHeld]]":
    """The partnerships' forums by partnership id, each with its last meeting held (time
    and id); one query."""
    held = Meeting.objects.filter(forum=OuterRef("pk"), status__in=HELD_STATUSES).order_by(
        "-starts_at", "-pk"
    )
    forums: dict[int, WithAnnotations[Forum, _LastHeld]] = {}
    for forum in Forum.objects.filter(partnership__any=list(partnerships)).annotate(
        last_held_at=Subquery(held.values("starts_at")[:1]),
        last_held_pk=Subquery(held.values("pk")[:1]),
    ):
        forum.partnership = partnerships[forum.partnership_id]
        forums[forum.partnership_id] = forum
    return forums


def _action_counts(forums, today: dt.date) -> dict[int, tuple[int, int]]:
    """Open and overdue (due before today) actions by forum id; one query."""
    rows = (
        Action.objects.filter(item__forum__any=[f.pk for f in forums], status=Action.Status.OPEN)
        .values("item__forum_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    )
    return {r["item__forum_id"]: (r["open"], r["overdue"]) for r in rows}


# --- filtering and sorting --------------------------------------------------------------------


def filter_rows(
    rows: list[OverviewRow], *, status: str = "", overdue: bool = False, behind: bool = False
) -> list[OverviewRow]:
    """The rows with the agreement status given (``"none"``: no agreement), with anything
    overdue, and/or whose forum is behind its agreed frequency."""
    return [
        r
        for r in rows
        if (not status or r.status == status)
        and (not overdue or r.overdue)
        and (not behind or r.behind)
    ]


@dataclass(frozen=True)
class Sort:
    key: str
    value: Callable[["OverviewRow"], Any]  # a comparable value, or None (always sorted last)
    descending_first: bool = False  # the first click on the column: most urgent on top


SORTS = {
    s.key: s
    for s in (
        Sort("partnership", lambda r: _partnership_order(r.partnership)),
        Sort("agreement", lambda r: STATUS_ORDER.get(r.agreement.status) if r.agreement else None),
        Sort("in_force", lambda r: r.in_force.in_force_from if r.in_force else None),
        Sort("deadline", lambda r: r.next_deadline),
        Sort("missing", lambda r: r.missing, descending_first=True),
        Sort("last_meeting", lambda r: r.last_meeting_at),
        Sort("next_meeting", lambda r: r.next_meeting.starts_at if r.next_meeting else None),
        Sort("frequency", lambda r: r.behind, descending_first=True),
        Sort("actions", lambda r: (r.overdue_actions, r.open_actions), descending_first=True),
        Sort("costs", lambda r: r.budget_total, descending_first=True),
    )
}
DEFAULT_SORT = "partnership"


def sort_rows(rows: list[OverviewRow], key: str, *, descending: bool = False):
    """The rows ordered by one of ``SORTS``; rows without a value come last either way, and
    rows with the same value keep their order (central first, then by name)."""
    value = SORTS[key].value
    with_value = [r for r in rows if value(r) is not None]
    without = [r for r in rows if value(r) is None]
    return sorted(with_value, key=value, reverse=descending) + without


def overview_summary(rows: list[OverviewRow]) -> dict[str, int]:
    """How many of the rows have each kind of problem, for the page's summary."""
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts["overdue"] += r.overdue
        counts["behind"] += r.behind
        counts["no_agreement"] += r.agreement is None
    return dict(counts)
