"""'Venter på meg': what waits for one user across the partnerships they may see.

Points their side has not approved (where they may approve for it), suggested wording from
the other side, threads whose last word is the other side's, and signatures due. Shown on the
home page through the partnerships app's home panels (agreements/panels.py)."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from partnerships.models import OWNER_SIDES
from partnerships.selectors import PartnershipAccess

from ..models import Agreement, AgreementSection, Comment, SectionApproval, Suggestion
from .access import AgreementAccess

#: While the text is negotiated, points are approved; once approved by both, signed.
APPROVING = (Agreement.Status.DRAFT, Agreement.Status.NEGOTIATION)
#: The home page names this many agreements, and of each this many points per side, and
#: says how many more there are (a county director may have hundreds of points waiting).
AGREEMENTS_SHOWN = 10
POINTS_SHOWN = 5


@dataclass
class WaitingAgreement:
    """What waits for the user in one agreement. ``to_approve``: per side the user may
    approve for, how many points that side has not approved, and ``approve`` the first
    POINTS_SHOWN of them (filled only for the agreements shown); ``sign_for``: the sides the
    user may sign for that have not signed."""

    agreement: Agreement
    sign_for: list[str] = field(default_factory=list)
    to_approve: dict[str, int] = field(default_factory=dict)
    approve: dict[str, list[AgreementSection]] = field(default_factory=dict)
    suggestions: list[Suggestion] = field(default_factory=list)
    threads: list[Comment] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.sign_for or self.to_approve or self.suggestions or self.threads)

    @property
    def approve_rows(self) -> list[tuple[str, list[AgreementSection], int]]:
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


def waiting_for(
    user, accesses: Sequence[PartnershipAccess], *, shown: int | None = None
) -> Waiting:
    """Per open agreement of the given partnerships (the user's access to each, already
    loaded), in their order, what waits for the user; agreements where nothing waits are left
    out, and only the first ``shown`` (default AGREEMENTS_SHOWN) are given. Six queries however many
    partnerships, points, suggestions and threads: the open agreements, their signatures, the
    points not approved per agreement and side (counted), the open suggestions, the open
    threads with the side of their last comment, and the first points of the agreements
    shown."""
    by_partnership = {a.partnership.pk: a for a in accesses}
    agreements = list(
        Agreement.objects.filter(
            partnership__in=list(by_partnership), status__in=Agreement.OPEN_STATUSES
        ).prefetch_related("signatures")
    )
    if not agreements:
        return Waiting([])
    gates: dict[int, AgreementAccess] = {}
    for agreement in agreements:
        access = by_partnership[agreement.partnership_id]
        agreement.partnership = access.partnership
        gates[agreement.pk] = AgreementAccess(agreement, access)
    waiting = {
        pk: WaitingAgreement(gate.agreement, sign_for=gate.signing_sides)
        for pk, gate in gates.items()
    }
    _points_to_approve(gates, waiting)
    _suggestions_to_answer(gates, waiting)
    _threads_to_answer(gates, waiting)
    order = {p: i for i, p in enumerate(by_partnership)}
    found = sorted(
        (w for w in waiting.values() if not w.is_empty),
        key=lambda w: order[w.agreement.partnership_id],
    )
    shown = AGREEMENTS_SHOWN if shown is None else shown
    _points_shown(found[:shown])
    return Waiting(found[:shown], more=max(len(found) - shown, 0))


def _not_approved():
    """The points written (an empty point is written first, not approved), each annotated
    with whether each side has approved it."""
    return AgreementSection.objects.filter(is_empty=False).annotate(
        **{
            f"approved_{side}": Exists(
                SectionApproval.objects.filter(section=OuterRef("pk"), side=side)
            )
            for side in OWNER_SIDES
        }
    )


def _points_to_approve(
    gates: dict[int, AgreementAccess], waiting: dict[int, WaitingAgreement]
) -> None:
    """How many points each side the user approves for has not approved, per agreement."""
    ids = [
        pk
        for pk, gate in gates.items()
        if gate.agreement.status in APPROVING and gate.approving_sides
    ]
    counts = (
        _not_approved()
        .filter(agreement__in=ids)
        .order_by()
        .values("agreement")
        .annotate(
            **{side: Count("pk", filter=Q(**{f"approved_{side}": False})) for side in OWNER_SIDES}
        )
    )
    for row in counts:
        for side in gates[row["agreement"]].approving_sides:
            if row[side]:
                waiting[row["agreement"]].to_approve[side] = row[side]


def _points_shown(shown: list[WaitingAgreement]) -> None:
    """The first POINTS_SHOWN points of each side still to approve, in the agreements
    shown; one query per side the user approves for (a window per agreement)."""
    by_side: dict[str, dict[int, WaitingAgreement]] = {}
    for w in shown:
        for side in w.to_approve:
            by_side.setdefault(side, {})[w.agreement.pk] = w
    for side, agreements in by_side.items():
        sections = (
            _not_approved()
            .filter(agreement__in=list(agreements), **{f"approved_{side}": False})
            .only("pk", "agreement_id", "number", "title", "position")
            .annotate(
                rank=Window(RowNumber(), partition_by=F("agreement"), order_by=F("position").asc())
            )
            .filter(rank__lte=POINTS_SHOWN)
            .order_by("agreement", "position")
        )
        for section in sections:
            w = agreements[section.agreement_id]
            section.agreement = w.agreement
            w.approve.setdefault(side, []).append(section)


def _answers_for(gate: AgreementAccess, side: str) -> bool:
    """May answer what `side` wrote: may edit, and approve for another owner side."""
    return gate.may_edit and any(s != side for s in gate.approving_sides)


def _suggestions_to_answer(
    gates: dict[int, AgreementAccess], waiting: dict[int, WaitingAgreement]
) -> None:
    ids = [pk for pk, gate in gates.items() if gate.agreement.is_editable and gate.may_edit]
    for suggestion in (
        Suggestion.objects.filter(section__agreement__in=ids, status=Suggestion.Status.OPEN)
        .select_related("section")
        .order_by("section__agreement", "section__position", "created_at", "pk")
    ):
        gate = gates[suggestion.section.agreement_id]
        if _answers_for(gate, suggestion.side):
            waiting[gate.agreement.pk].suggestions.append(suggestion)


def _threads_to_answer(
    gates: dict[int, AgreementAccess], waiting: dict[int, WaitingAgreement]
) -> None:
    """Open threads for both sides whose last comment is from a side the user is not on
    (an internal thread is only ever its own side's)."""
    ids = [pk for pk, gate in gates.items() if gate.agreement.is_editable and gate.may_edit]
    last_side = Comment.objects.filter(thread=OuterRef("pk")).order_by("-created_at", "-pk")
    for thread in (
        Comment.objects.filter(
            section__agreement__in=ids,
            thread__isnull=True,
            resolved_at__isnull=True,
            visibility=Comment.Visibility.BOTH,
        )
        .annotate(last_side=Coalesce(Subquery(last_side.values("side")[:1]), F("side")))
        .select_related("section")
        .order_by("section__agreement", "section__position", "created_at", "pk")
    ):
        gate = gates[thread.section.agreement_id]
        sides = gate.access.sides
        if thread.last_side not in sides and _answers_for(gate, thread.last_side):
            waiting[gate.agreement.pk].threads.append(thread)
