"""The overview a fylkesdirektør opens to see where each partnership stands: the agreement
(status, version, in force since, when it ends and is due for evaluation, what it still
lacks), the partnership meetings (last and next, whether the forum meets as often as agreed,
open and overdue actions) and this year's driftsavtale (each party's share, the settlement).

Each figure comes from the definition its own app uses (agreement_deadlines, the frequency
rule, the split). What a row is made of is kept per partnership (PartnershipSummary, by the
services after each change), so the overview reads one row per partnership and decides only
what depends on the day. Every cell carries the address of the page where it can be put
right.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, cached_property
from typing import Any, NamedTuple

import orjson
from django.db.models import FilteredRelation, OuterRef, Q, Subquery, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from agreements.models import Agreement
from agreements.selectors.agreements import CompletenessCounts, agreement_status_rows
from agreements.selectors.deadlines import AgreementDeadlines, agreement_deadlines
from costsharing import split
from costsharing.models import OperatingAgreement
from costsharing.selectors import cost_overviews, settlement_words, who_owes_whom
from meetings.models import Action, Forum, Meeting
from meetings.selectors import (
    HELD_STATUSES,
    FrequencyStatus,
    MeetingTime,
    MeetingTimes,
    agreed_meetings_per_year,
    first_open_meeting,
    forums_meeting_times,
    frequency_status,
)
from navpartner.links import path_maker
from partnerships.models import Partnership, Side
from partnerships.selectors import partnership_name, partnerships_visible_to, user_memberships

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


# The shape of overview_inputs' values, stored in PartnershipSummary.version: a deploy that
# changes it bumps this, and the summaries of the old shape are computed again when read.
SUMMARY_VERSION = 1


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _moment(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def overview_inputs(partnerships: Sequence[Partnership], today: dt.date) -> dict[int, dict]:
    """What each partnership's row is made of, keyed by partnership id, as JSON values (days
    and times as ISO text): good for ``today`` and every later day until the partnership's
    agreements or meetings change, for it leaves to the reading what depends on the day (an
    evaluation overdue, a forum behind, the next meeting). PartnershipSummary keeps them.

    A constant number of queries however many partnerships: their agreements with what the
    current one lacks, counted (agreement_status_rows); the evaluation intervals; the forums
    with their last meeting held; point 3.1 of the agreements in force (also of the central
    partnerships, whose 3.1 a bydel without its own follows); the meetings held in the year
    and those to come; the open actions. Reads ``partnership.parent_id`` and ``kind`` only.
    How each forum keeps the agreed frequency is stored for ``today`` as well."""
    partnerships = list(partnerships)
    kinds = {p.pk: p.kind for p in partnerships}
    agreement_rows = agreement_status_rows(partnerships)
    # The agreement that binds the parties: the one in force, else one signed and waiting.
    binding = {}
    for row in agreement_rows:
        if row.in_force is not None:
            binding[row.partnership.pk] = row.in_force
        elif row.agreement is not None and row.agreement.status == Agreement.Status.SIGNED:
            binding[row.partnership.pk] = row.agreement
    deadlines = agreement_deadlines(
        binding.values(),
        revised_ids=[a.pk for a in binding.values() if getattr(a, "has_newer", False)],
    )
    forums = _forums([p.pk for p in partnerships])
    agreed = agreed_meetings_per_year(partnerships)
    times = forums_meeting_times([f["pk"] for f in forums.values()], today)
    dues = _open_action_dues([f["pk"] for f in forums.values()])
    inputs = {}
    for row in agreement_rows:
        pk, current, c = row.partnership.pk, row.agreement, row.completeness
        valid, forum = binding.get(pk), forums.get(pk)
        due = deadlines.get(valid.pk) if valid else None
        inputs[pk] = {
            "agreement": (
                [current.pk, current.version, current.status, current.based_on_id]
                if current
                else None
            ),
            "in_force": (
                [
                    valid.pk,
                    valid.version,
                    valid.status,
                    _iso(valid.in_force_from),
                    bool(getattr(valid, "has_newer", False)),
                ]
                if valid
                else None
            ),  # fmt: skip
            "ends_on": _iso(due.ends_on) if due else None,
            "evaluation_due": _iso(due.evaluation_due) if due else None,
            "completeness": (
                [
                    c.empty_sections,
                    c.open_questions,
                    c.missing_attachments,
                    {str(side): n for side, n in c.awaiting.items()},
                ]
                if c
                else None
            ),  # fmt: skip
            "forum": ([forum["pk"], agreed.get(pk, forum["meetings_per_year"])] if forum else None),
            "last_held": (
                [forum["last_held_pk"], _iso(forum["last_held_at"])]
                if forum and forum["last_held_pk"]
                else None
            ),
            "held": [_iso(s) for s in times[forum["pk"]].held] if forum else [],
            "upcoming": (
                [[m.pk, _iso(m.starts_at)] for m in times[forum["pk"]].upcoming] if forum else []
            ),
            "actions": [_iso(d) for d in dues.get(forum["pk"], [])] if forum else [],
        }
        # How the forum keeps the agreed frequency, for the day computed on (a summary read
        # on that day needs not work it out for every row again; on a later day it does).
        central = kinds[pk] == Partnership.Kind.CENTRAL
        inputs[pk]["frequency_on"] = today.isoformat()
        inputs[pk]["frequency"] = _frequency_facts(_frequency(inputs[pk], central, today))
    return inputs


def _frequency(inputs: dict, central: bool, today: dt.date) -> FrequencyStatus | None:
    """How the forum keeps the agreed frequency on ``today``, from its stored meetings; None
    without a forum."""
    stored = inputs["forum"]
    if stored is None:
        return None
    times = MeetingTimes(
        [dt.datetime.fromisoformat(s) for s in inputs["held"]],
        [MeetingTime(pk, dt.datetime.fromisoformat(s)) for pk, s in inputs["upcoming"]],
    )
    return frequency_status(
        required_per_year=stored[1],
        central=central,
        held_starts=times.held,
        next_meeting=first_open_meeting(times, today),
        today=today,
    )


# Where _frequency_facts puts whether the forum is behind.
FREQUENCY_BEHIND = 3


def _frequency_facts(status: FrequencyStatus | None) -> list | None:
    """A FrequencyStatus as JSON values (_frequency_of reads them back)."""
    if status is None:
        return None
    following = status.next_meeting
    return [
        status.required_per_year,
        status.held_last_12_months,
        [following.pk, following.starts_at.isoformat()] if following else None,
        status.behind,
        status.required_per_half_year,
        status.held_last_half_year,
    ]


def _frequency_of(facts: list) -> FrequencyStatus:
    required, held, following, behind, required_half, held_half = facts
    return FrequencyStatus(
        required_per_year=required,
        held_last_12_months=held,
        next_meeting=(
            MeetingTime(following[0], dt.datetime.fromisoformat(following[1]))
            if following
            else None
        ),
        behind=behind,
        required_per_half_year=required_half,
        held_last_half_year=held_half,
    )


@cache
def _paths() -> dict[str, Callable[..., str]]:
    """The pages a row links to, each reversed once (path_maker)."""
    names = {
        "partnership": "partnerships:partnership_detail",
        "agreement": "agreements:agreement_detail",
        "forum": "meetings:forum_detail",
        "meeting": "meetings:meeting_detail",
        "costs": "costsharing:list",
        "cost": "costsharing:detail",
        "settlement": "costsharing:settlement",
    }
    return {key: path_maker(name) for key, name in names.items()}


class Listed(NamedTuple):
    """A partnership as the overview lists, sorts and names it, without its models."""

    pk: int
    kind: str
    parent_id: int | None
    name: str  # str(partnership)
    county: str  # the state party's name
    municipality: str  # the municipal party's name


# The Listed fields, as listed_with_summaries reads them (``listed_name``: partnership_name).
LISTED_VALUES = (
    "pk",
    "kind",
    "parent_id",
    "listed_name",
    "state_party__name",
    "municipal_party__name",
)


def listed_with_summaries(partnerships, today: dt.date, *, budgets: bool = False):
    """The partnerships as the overview lists them, each as its Listed values followed by
    its summary's inputs as JSON text (None without a summary good for ``today``: one of
    another shape, or computed on a later day by a clock set back): one query, no models.
    overview_rows makes the rows of them, decoding the text with orjson (the 400 summaries'
    text decoded through psycopg's JSON loader cost 1.3 ms more). With ``budgets``, then this
    year's driftsavtale as its summary has it (id, computable, budget; None, None, None
    without one), to sort by the costs."""
    fresh = Q(summary__version=SUMMARY_VERSION, summary__computed_on__lte=today)
    annotations: dict[str, Any] = {
        "fresh": FilteredRelation("summary", condition=fresh),
        "fresh_inputs": Cast("fresh__inputs", TextField()),
    }
    values = [*LISTED_VALUES, "fresh_inputs"]
    if budgets:
        this_year = Q(operating_agreements__year=today.year)
        annotations["cost"] = FilteredRelation("operating_agreements", condition=this_year)
        values += ["cost__pk", "cost__summary__computable", "cost__summary__budget_total"]
    return partnerships.annotate(listed_name=partnership_name(), **annotations).values_list(*values)


class OverviewRow:
    """One partnership's line, made from its overview_inputs for a day (``today``). A
    ``*_url`` is where that cell can be put right. What a page does not show of a row it
    never makes (the properties are computed when first read); the costs only for the rows
    given to overview_add_costs."""

    def __init__(self, listed: Listed, inputs: dict, today: dt.date):
        self.today = today
        # The stored days are ISO text, which sorts as the days do: what is overdue or behind
        # is decided on the text, for every row, without making dates of it.
        self.today_iso = today.isoformat()
        self.listed = listed
        self.inputs = inputs
        # This year's driftsavtale (see overview_add_costs): whether there is one, whether
        # its split can be computed, its budget and each party's share; without one, the
        # links go to the partnership's list of driftsavtaler, where one is made.
        self.has_cost = False
        self.cost_computable = False
        self.budget_total: Decimal | None = None
        self.state_share: Decimal | None = None
        self.municipal_share: Decimal | None = None
        self.cost_url = ""
        self.settlement_url = ""
        # The year's balance as stored (tenant, balance): worded when shown (settlement).
        self.balance: tuple[str, Decimal] | None = None
        self._settlement = ""  # the words, for a driftsavtale computed here

    @property
    def settlement(self) -> str:
        """Who owes whom for the year, in words."""
        if self.balance is None:
            return self._settlement
        tenant, balance = self.balance
        names = {split.STATE: self.listed.county, split.MUNICIPAL: self.listed.municipality}
        return settlement_words(names, tenant, balance)

    # --- the agreement ------------------------------------------------------------------

    @cached_property
    def agreement(self) -> Agreement | None:
        """The agreement being worked on, else the one in force; the partnership page starts
        one."""
        stored = self.inputs["agreement"]
        if stored is None:
            return None
        pk, version, status, based_on_id = stored
        return Agreement(
            pk=pk,
            partnership_id=self.listed.pk,
            version=version,
            status=status,
            based_on_id=based_on_id,
        )

    @cached_property
    def in_force(self) -> Agreement | None:
        """The agreement in force, else one signed and waiting for its first day, with
        ``has_newer``: whether a newer version exists."""
        stored = self.inputs["in_force"]
        if stored is None:
            return None
        pk, version, status, in_force_from, has_newer = stored
        agreement = Agreement(
            pk=pk,
            partnership_id=self.listed.pk,
            version=version,
            status=status,
            in_force_from=_date(in_force_from),
        )
        agreement.has_newer = has_newer  # type: ignore[attr-defined]  # as annotated in SQL
        return agreement

    @property
    def status(self) -> str:
        stored = self.inputs["agreement"]
        return stored[2] if stored else NO_AGREEMENT

    @cached_property
    def deadlines(self) -> AgreementDeadlines | None:
        if self.in_force is None:
            return None
        return AgreementDeadlines(
            self.in_force, _date(self.inputs["ends_on"]), _date(self.inputs["evaluation_due"])
        )

    @cached_property
    def completeness(self) -> CompletenessCounts | None:
        stored = self.inputs["completeness"]
        if stored is None:
            return None
        empty, questions, attachments, awaiting = stored
        return CompletenessCounts(
            empty_sections=empty,
            open_questions=questions,
            missing_attachments=attachments,
            awaiting={Side(side): n for side, n in awaiting.items()},
        )

    @property
    def ends_on(self) -> dt.date | None:
        return _date(self.inputs["ends_on"])

    @property
    def evaluation_due(self) -> dt.date | None:
        return _date(self.inputs["evaluation_due"])

    @cached_property
    def _soon_iso(self) -> str:
        return (self.today + SOON).isoformat()

    @property
    def ends_overdue(self) -> bool:
        ends = self.inputs["ends_on"]
        return ends is not None and ends < self.today_iso

    @property
    def ends_soon(self) -> bool:
        ends = self.inputs["ends_on"]
        return ends is not None and self.today_iso <= ends <= self._soon_iso

    @property
    def evaluation_overdue(self) -> bool:
        due = self.inputs["evaluation_due"]
        return due is not None and due < self.today_iso

    @property
    def evaluation_soon(self) -> bool:
        due = self.inputs["evaluation_due"]
        return due is not None and self.today_iso <= due <= self._soon_iso

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

    @cached_property
    def forum(self) -> Forum | None:
        """No forum yet (the partnership page makes it) counts as no meetings: behind."""
        stored = self.inputs["forum"]
        if stored is None:
            return None
        return Forum(pk=stored[0], partnership_id=self.listed.pk, meetings_per_year=stored[1])

    @cached_property
    def frequency(self) -> FrequencyStatus | None:
        """As stored for the day the summary was computed on, else worked out for
        ``today`` from the stored meetings."""
        if self.inputs["forum"] is None:
            return None
        # A summary stored before the frequency was has no "frequency_on": worked out.
        if self.inputs.get("frequency_on") == self.today_iso:
            return _frequency_of(self.inputs["frequency"])
        return _frequency(self.inputs, self.listed.kind == Partnership.Kind.CENTRAL, self.today)

    @property
    def behind(self) -> bool:
        inputs = self.inputs
        if inputs["forum"] is None:
            return True
        if inputs.get("frequency_on") == self.today_iso:  # as stored (read without the rest)
            return inputs["frequency"][FREQUENCY_BEHIND]
        return self.frequency.behind  # type: ignore[union-attr]  # there is a forum

    @property
    def next_meeting(self) -> MeetingTime | None:
        return self.frequency.next_meeting if self.frequency else None

    @property
    def last_meeting_at(self) -> dt.datetime | None:
        stored = self.inputs["last_held"]
        return _moment(stored[1]) if stored else None

    @property
    def open_actions(self) -> int:
        return len(self.inputs["actions"])

    @cached_property
    def overdue_actions(self) -> int:
        today = self.today_iso
        return sum(1 for due in self.inputs["actions"] if due is not None and due < today)

    # --- for the filters ----------------------------------------------------------------

    @property
    def overdue(self) -> bool:
        """Anything past its date: the agreement's end, its evaluation, an action."""
        return self.ends_overdue or self.evaluation_overdue or self.overdue_actions > 0

    # --- where each cell is put right ---------------------------------------------------

    @property
    def url(self) -> str:
        return _paths()["partnership"](self.listed.pk)

    @property
    def agreement_url(self) -> str:
        stored = self.inputs["agreement"]
        return _paths()["agreement"](stored[0]) if stored else self.url

    @property
    def in_force_url(self) -> str:
        stored = self.inputs["in_force"]
        return _paths()["agreement"](stored[0]) if stored else self.url

    @property
    def questions_url(self) -> str:
        return self.agreement_url + "#sections-heading" if self.inputs["agreement"] else self.url

    approvals_url = questions_url

    @property
    def attachments_url(self) -> str:
        return self.agreement_url + "#attachments" if self.inputs["agreement"] else self.url

    @property
    def forum_url(self) -> str:
        stored = self.inputs["forum"]
        return _paths()["forum"](stored[0]) if stored else self.url + "#forum-heading"

    @property
    def last_meeting_url(self) -> str:
        stored = self.inputs["last_held"]
        return _paths()["meeting"](stored[0]) if stored else self.forum_url

    @property
    def next_meeting_url(self) -> str:
        if self.next_meeting:
            return _paths()["meeting"](self.next_meeting.pk)
        return self.forum_url + "#plan-meeting" if self.inputs["forum"] else self.forum_url

    @property
    def actions_url(self) -> str:
        return self.forum_url + "#open-actions" if self.inputs["forum"] else self.forum_url


def _partnership_order(listed: Listed) -> tuple:
    """By county, each central partnership before the local ones, then by name."""
    return (listed.county, listed.kind != Partnership.Kind.CENTRAL, listed.name.lower())


def partnership_overview(
    user,
    *,
    today=None,
    scope: Scope | None = None,
    with_details: bool = True,
    with_budgets: bool = False,
) -> list[OverviewRow]:
    """One row per partnership the user may see (within ``scope``), central partnerships
    before their local ones, then by name. One query however many partnerships: the
    partnerships with their summaries (listed_with_summaries; no models). With
    ``with_details``, the costs (overview_add_costs); a page that shows only some rows passes
    False and adds them to the rows it shows, so that only those are ever read. With
    ``with_budgets``, this year's budget alone, of every row, in the same query (to sort by)."""
    today = today or timezone.localdate()
    # Sorted here (_partnership_order), not by the database: the partnerships' default order
    # would join the county and the municipality again and sort every row for nothing.
    visible = partnerships_visible_to(user).order_by()
    if scope is not None:
        visible = visible.filter(scope.filter)
    listed = list(listed_with_summaries(visible, today, budgets=with_budgets))
    rows = overview_rows(listed, today)
    if with_budgets:
        _add_budgets(rows, [values[LISTED_WITH_INPUTS:] for values in listed])
    rows.sort(key=lambda row: _partnership_order(row.listed))
    if with_details:
        overview_add_costs(rows)
    return rows


# How many of listed_with_summaries' values make a row (the Listed fields and the inputs).
LISTED_WITH_INPUTS = len(LISTED_VALUES) + 1


def overview_rows(listed: Iterable[tuple], today: dt.date) -> list[OverviewRow]:
    """The rows of these partnerships (already through the gate; listed_with_summaries'
    values), in their order; a partnership without a summary good for ``today`` (made before
    summaries existed, or whose services' refresh failed) has its inputs computed here
    (overview_inputs' queries, once for all of them), and nothing is written."""
    pairs = [
        (Listed(*values[: LISTED_WITH_INPUTS - 1]), _decoded(values[LISTED_WITH_INPUTS - 1]))
        for values in listed
    ]
    missing = [
        Partnership(pk=p.pk, kind=p.kind, parent_id=p.parent_id)
        for p, inputs in pairs
        if inputs is None
    ]
    computed = overview_inputs(missing, today) if missing else {}
    return [
        OverviewRow(p, inputs if inputs is not None else computed[p.pk], today)
        for p, inputs in pairs
    ]


def _decoded(text: str | None) -> dict | None:
    return None if text is None else orjson.loads(text)


def agreement_status_listed(user, today: dt.date):
    """The partnerships the user may see as the agreement status list lists them
    (listed_with_summaries' values): by county, then by name, in SQL, so that a page of them
    is read without the others (overview_rows makes the rows of those on the page)."""
    return listed_with_summaries(
        partnerships_visible_to(user).order_by("state_party__name", partnership_name().asc(), "pk"),
        today,
    )


def _add_budgets(rows: list[OverviewRow], costs: list[tuple]) -> None:
    """Give each row this year's budget alone, to sort by the costs without the models: from
    its driftsavtale's summary as listed_with_summaries read it (``costs``, in the rows'
    order); a driftsavtale without a summary is computed (overview_add_costs' way, for those
    only)."""
    by_partnership = {r.listed.pk: r for r in rows}
    unsummarised: list[int] = []
    for row, (pk, computable, budget) in zip(rows, costs, strict=True):
        if pk is not None and computable is None:
            unsummarised.append(pk)
        elif computable:
            row.budget_total = budget
    if not unsummarised:
        return
    live = OperatingAgreement.objects.filter(pk__any=unsummarised).select_related(
        "partnership__municipal_party"
    )
    for cost in cost_overviews(live).values():
        if cost.result is not None:
            by_partnership[cost.agreement.partnership_id].budget_total = cost.result.budget_total


def overview_add_costs(rows: list[OverviewRow]) -> None:
    """Give each row the year's driftsavtale (the year of the row's ``today``): each party's
    share and the settlement in words, from the summaries its services keep (CostSummary),
    read as plain values. One query however many rows; a driftsavtale without a summary
    (made before summaries existed, until ``summaries_rebuild``), or whose split cannot be
    computed (to say why), is computed by the driftsavtale's own code."""
    if not rows:
        return
    by_partnership = {r.listed.pk: r for r in rows}
    for row in rows:
        row.cost_url = row.settlement_url = _paths()["costs"](row.listed.pk)
    detail_url, settlement_url = _paths()["cost"], _paths()["settlement"]
    live = []
    for (
        pk,
        partnership_id,
        tenant,
        computable,
        budget,
        state,
        municipal,
        balance,
    ) in (
        OperatingAgreement.objects.filter(
            partnership__any=list(by_partnership), year=rows[0].today.year
        )
        .order_by()  # in no order: the default one joins three tables to sort
        .values_list(
            "pk",
            "partnership_id",
            "tenant",
            "summary__computable",
            "summary__budget_total",
            "summary__state_share",
            "summary__municipal_share",
            "summary__balance",
        )
    ):
        row = by_partnership[partnership_id]
        row.has_cost = True
        row.cost_url = detail_url(pk)
        row.settlement_url = settlement_url(pk)
        if not computable or balance is None:  # no summary, or a split not computable
            live.append(pk)
            continue
        row.cost_computable = True
        row.budget_total, row.state_share, row.municipal_share = budget, state, municipal
        row.balance = (tenant, balance)
    agreements = OperatingAgreement.objects.filter(pk__any=live).select_related(
        "partnership__municipal_party", "partnership__state_party"
    )
    for cost in cost_overviews(agreements if live else []).values():
        row = by_partnership[cost.agreement.partnership_id]
        result = cost.result
        if result is None:
            row._settlement = cost.error
            continue
        row.cost_computable = True
        row.budget_total = result.budget_total
        row.state_share = result.budget_totals[split.STATE]
        row.municipal_share = result.budget_totals[split.MUNICIPAL]
        row._settlement = who_owes_whom(cost, result.year_settlement)


def _forums(partnership_ids: list[int]) -> dict[int, dict[str, Any]]:
    """The partnerships' forums by partnership id: id, stored number of meetings a year, and
    the last meeting held (time and id); one query."""
    held = Meeting.objects.filter(forum=OuterRef("pk"), status__in=HELD_STATUSES).order_by(
        "-starts_at", "-pk"
    )
    forums = (
        Forum.objects.filter(partnership__any=partnership_ids)
        .annotate(
            last_held_at=Subquery(held.values("starts_at")[:1]),
            last_held_pk=Subquery(held.values("pk")[:1]),
        )
        .values("pk", "partnership_id", "meetings_per_year", "last_held_at", "last_held_pk")
    )
    return {forum["partnership_id"]: forum for forum in forums}


def _open_action_dues(forum_ids: list[int]) -> dict[int, list[dt.date | None]]:
    """The due date (None: none set) of each open action, by forum id; one query."""
    dues: dict[int, list[dt.date | None]] = defaultdict(list)
    for forum_id, due in (
        Action.objects.filter(item__forum__any=forum_ids, status=Action.Status.OPEN)
        .order_by("pk")
        .values_list("item__forum_id", "due_date")
    ):
        dues[forum_id].append(due)
    return dues


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
        Sort("partnership", lambda r: _partnership_order(r.listed)),
        Sort("agreement", lambda r: STATUS_ORDER.get(r.status) if r.inputs["agreement"] else None),
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
    valued = [(value(r), r) for r in rows]
    with_value = [pair for pair in valued if pair[0] is not None]
    with_value.sort(key=lambda pair: pair[0], reverse=descending)
    return [r for _, r in with_value] + [r for v, r in valued if v is None]


def overview_summary(rows: list[OverviewRow]) -> dict[str, int]:
    """How many of the rows have each kind of problem, for the page's summary."""
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts["overdue"] += r.overdue
        counts["behind"] += r.behind
        counts["no_agreement"] += r.inputs["agreement"] is None
    return dict(counts)
