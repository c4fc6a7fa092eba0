"""'Venter på meg': what waits for one user across the partnerships they may see.

Points their side has not approved (where they may approve for it), suggested wording from
the other side, threads whose last word is the other side's, and signatures due. Shown on the
home page through the partnerships app's home panels (agreements/panels.py).

A county director sees hundreds of open agreements and the page names ten: what decides
whether an agreement waits is read as plain values (no model instance per point, suggestion
or thread), the points are counted in SQL, and the names are read and the points linked only
for the agreements shown; the links are made without a `{% url %}` per row."""

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Subquery,
    Sum,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, RowNumber

from navpartner.links import path_maker
from partnerships.models import OWNER_SIDES, Partnership
from partnerships.selectors import partnership_access, partnerships_visible_to, user_memberships

from ..models import (
    Agreement,
    AgreementSection,
    AgreementSignature,
    Comment,
    SectionApproval,
    Suggestion,
)
from .access import AgreementAccess

#: While the text is negotiated, points are approved; once approved by both, signed.
APPROVING = (Agreement.Status.DRAFT, Agreement.Status.NEGOTIATION)
#: The home page names this many agreements, and of each this many points per side, and
#: says how many more there are (a county director may have hundreds of points waiting).
AGREEMENTS_SHOWN = 10
POINTS_SHOWN = 5
#: What waits is kept in the cache under what it depends on (waiting_for_cached); at most
#: this long, for what changes outside the services (the admin).
CACHE_SECONDS = 600


@dataclass(frozen=True)
class Item:
    """One thing to do, as the panel shows it: a point (``number`` ``title``) and the link
    to it; ``side`` is whose suggestion it is, ``body`` the thread's first comment."""

    number: str
    title: str
    url: str
    side: str = ""
    body: str = ""


@dataclass
class WaitingAgreement:
    """What waits for the user in one agreement. ``to_approve``: per side the user may
    approve for, how many points that side has not approved, and ``approve`` the first
    POINTS_SHOWN of them (``first_points``: their pk, number and title as read); ``sign_for``:
    the sides the user may sign for that have not signed. The names and links
    (``agreement.partnership`` with its parties, ``url``, ``approve``) are filled only for
    the agreements shown."""

    agreement: Agreement
    sign_for: list[str] = field(default_factory=list)
    to_approve: dict[str, int] = field(default_factory=dict)
    approve: dict[str, list[Item]] = field(default_factory=dict)
    first_points: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)
    suggestions: list[Item] = field(default_factory=list)
    threads: list[Item] = field(default_factory=list)
    url: str = ""
    sign_url: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.sign_for or self.to_approve or self.suggestions or self.threads)

    @property
    def approve_rows(self) -> list[tuple[str, list[Item], int]]:
        """Per side: the points shown and how many more wait."""
        return [
            (side, self.approve.get(side, []), count - len(self.approve.get(side, [])))
            for side, count in self.to_approve.items()
        ]


@dataclass
class Waiting:
    """What waits for the user: the first AGREEMENTS_SHOWN agreements, and how many more."""

    agreements: list[WaitingAgreement]
    more: int = 0


def waiting_for(user, partnership_ids: Sequence[int], *, shown: int | None = None) -> Waiting:
    """Per open agreement of the given partnerships (among those the user may see), in their
    order, what waits for the user; agreements where nothing waits are left out, and only
    the first ``shown`` (default AGREEMENTS_SHOWN) are given, with how many more.

    Six queries however many partnerships, points, suggestions and threads (one more per
    further side the user approves for, and one for the signatures if an agreement is
    approved): the open agreements (with what the access rule reads of their partnership),
    then as plain values the partnerships' covered municipalities, per side the points not
    approved (counted, and the first of each agreement), the open suggestions and the open
    threads with the side of their last comment; and the partnerships of the agreements
    shown, with the parties they are named by. (The open agreements are passed on as a list
    of ids: for a few hundred, Django compiles that faster than a subquery.)"""
    order = {pk: i for i, pk in enumerate(partnership_ids)}
    agreements = [
        a
        for a in Agreement.objects.filter(
            partnership__in=partnerships_visible_to(user), status__in=Agreement.OPEN_STATUSES
        )
        .select_related("partnership__municipal_party")
        .only(
            "status",
            "version",
            "partnership__state_party_id",
            "partnership__municipal_party__parent_id",
        )
        .order_by()
        if a.partnership_id in order
    ]
    if not agreements:
        return Waiting([])
    covered = _covered_municipalities([a.partnership_id for a in agreements])
    # Only an approved agreement is signed (AgreementAccess.signing_sides reads no others').
    prefetch_related_objects(
        [a for a in agreements if a.status == Agreement.Status.APPROVED],
        Prefetch(
            "signatures",
            queryset=AgreementSignature.objects.only("agreement_id", "side").order_by(),
        ),
    )
    gates = {
        a.pk: AgreementAccess(a, partnership_access(user, a.partnership, covered[a.partnership_id]))
        for a in agreements
    }
    waiting = {
        pk: WaitingAgreement(gate.agreement, sign_for=gate.signing_sides)
        for pk, gate in gates.items()
    }
    _points_to_approve(gates, waiting)
    _suggestions_to_answer(gates, waiting)
    _threads_to_answer(gates, waiting)
    found = sorted(
        (w for w in waiting.values() if not w.is_empty),
        key=lambda w: order[w.agreement.partnership_id],
    )
    shown = AGREEMENTS_SHOWN if shown is None else shown
    _names_and_links(found[:shown])
    return Waiting(found[:shown], more=max(len(found) - shown, 0))


def waiting_for_cached(user, partnership_ids: Sequence[int]) -> Waiting:
    """waiting_for, kept in the cache under all it depends on: the user's memberships, the
    partnerships in their order, and how many writes their agreements have had (the sum of
    Partnership.changes, counted in each write's own transaction, so that the sum has
    changed once a change can be seen). One query when kept: the sum."""
    ids = list(partnership_ids)
    changes = Partnership.objects.filter(pk__any=ids).aggregate(n=Sum("changes"))["n"]
    memberships = [
        (m.pk, m.role, m.side, m.partnership_id, m.county_id, m.municipality_id)
        for m in user_memberships(user)
    ]
    key = (
        "agreements:waiting:"
        + hashlib.sha256(repr((user.pk, memberships, ids, changes)).encode()).hexdigest()
    )
    waiting = cache.get(key)
    if waiting is None:
        waiting = waiting_for(user, ids)
        cache.set(key, waiting, CACHE_SECONDS)
    return waiting


def _covered_municipalities(partnership_ids: list[int]) -> dict[int, set[int]]:
    """The ids of the municipalities each partnership covers (what the access rule needs of
    them), by partnership; one query of plain values."""
    covered: dict[int, set[int]] = defaultdict(set)
    rows = Partnership.covered_municipalities.through.objects.filter(
        partnership_id__in=partnership_ids
    ).values_list("partnership_id", "municipality_id")
    for partnership_id, municipality_id in rows:
        covered[partnership_id].add(municipality_id)
    return covered


def _points_to_approve(
    gates: dict[int, AgreementAccess], waiting: dict[int, WaitingAgreement]
) -> None:
    """Per side the user approves for, the written points (an empty point is written first,
    not approved) that side has not approved: per agreement how many, and the first
    POINTS_SHOWN of them as plain values. One query per such side: a window per agreement
    numbers and counts them; NOT EXISTS lets PostgreSQL probe the approvals' index."""
    approving = {
        pk: gate.approving_sides
        for pk, gate in gates.items()
        if gate.agreement.status in APPROVING and gate.approving_sides
    }
    for side in [s for s in OWNER_SIDES if any(s in sides for sides in approving.values())]:
        rows = (
            AgreementSection.objects.filter(agreement__in=list(approving), is_empty=False)
            .filter(~Exists(SectionApproval.objects.filter(section=OuterRef("pk"), side=side)))
            .annotate(
                rank=Window(RowNumber(), partition_by=F("agreement"), order_by=F("position").asc()),
                waiting=Window(Count("pk"), partition_by=F("agreement")),
            )
            .filter(rank__lte=POINTS_SHOWN)
            .order_by("agreement_id", "position")
            .values_list("pk", "agreement_id", "number", "title", "waiting")
        )
        for pk, agreement_id, number, title, count in rows:
            if side in approving.get(agreement_id, ()):
                w = waiting[agreement_id]
                w.to_approve[side] = count
                w.first_points.setdefault(side, []).append((pk, number, title))


def _names_and_links(shown: list[WaitingAgreement]) -> None:
    """The partnership of each agreement shown with the parties it is named by, the
    agreement's links and its points to approve, linked; one query."""
    partnerships = (
        Partnership.objects.select_related("office", "municipal_party", "state_party")
        .order_by()
        .in_bulk([w.agreement.partnership_id for w in shown])
    )
    agreement_url = path_maker("agreements:agreement_detail")
    sign_url = path_maker("agreements:agreement_sign")
    section_url = path_maker("agreements:section_detail", 2)
    for w in shown:
        pk = w.agreement.pk
        w.agreement.partnership = partnerships[w.agreement.partnership_id]
        w.url = agreement_url(pk)
        w.sign_url = sign_url(pk)
        w.approve = {
            side: [
                Item(number, title, section_url(pk, section)) for section, number, title in points
            ]
            for side, points in w.first_points.items()
        }


def _answers_for(gate: AgreementAccess, side: str) -> bool:
    """May answer what `side` wrote: may edit, and approve for another owner side."""
    return gate.may_edit and any(s != side for s in gate.approving_sides)


def _suggestions_to_answer(
    gates: dict[int, AgreementAccess], waiting: dict[int, WaitingAgreement]
) -> None:
    ids = [pk for pk, gate in gates.items() if gate.can_edit]
    if not ids:
        return
    section_url = path_maker("agreements:section_detail", 2)
    for pk, section_id, agreement_id, number, title, side in (
        Suggestion.objects.filter(section__agreement__in=ids, status=Suggestion.Status.OPEN)
        .order_by("section__agreement_id", "section__position", "created_at", "pk")
        .values_list(
            "pk", "section_id", "section__agreement_id", "section__number", "section__title", "side"
        )
    ):
        if _answers_for(gates[agreement_id], side):
            waiting[agreement_id].suggestions.append(
                Item(
                    number, title, f"{section_url(agreement_id, section_id)}#suggestion-{pk}", side
                )
            )


def _threads_to_answer(
    gates: dict[int, AgreementAccess], waiting: dict[int, WaitingAgreement]
) -> None:
    """Open threads for both sides whose last comment is from a side the user is not on
    (an internal thread is only ever its own side's)."""
    ids = [pk for pk, gate in gates.items() if gate.can_edit]
    if not ids:
        return
    section_url = path_maker("agreements:section_detail", 2)
    last_side = Comment.objects.filter(thread=OuterRef("pk")).order_by("-created_at", "-pk")
    for pk, section_id, agreement_id, number, title, body, side in (
        Comment.objects.filter(
            section__agreement__in=ids,
            thread__isnull=True,
            resolved_at__isnull=True,
            visibility=Comment.Visibility.BOTH,
        )
        .annotate(last_side=Coalesce(Subquery(last_side.values("side")[:1]), F("side")))
        .order_by("section__agreement_id", "section__position", "created_at", "pk")
        .values_list(
            "pk",
            "section_id",
            "section__agreement_id",
            "section__number",
            "section__title",
            "body",
            "last_side",
        )
    ):
        gate = gates[agreement_id]
        if side not in gate.access.sides and _answers_for(gate, side):
            waiting[agreement_id].threads.append(
                Item(
                    number,
                    title,
                    f"{section_url(agreement_id, section_id)}#comment-{pk}",
                    body=body,
                )
            )
