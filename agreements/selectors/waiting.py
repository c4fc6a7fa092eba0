"""'Venter på meg': what waits for one user across the partnerships they may see.

Points their side has not approved (where they may approve for it), suggested wording from
the other side, threads whose last word is the other side's, and signatures due. Shown on the
home page through the partnerships app's home panels (agreements/panels.py)."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from partnerships.models import OWNER_SIDES
from partnerships.selectors import PartnershipAccess

from ..models import Agreement, AgreementSection, Comment, SectionApproval, Suggestion
from .access import AgreementAccess

#: While the text is negotiated, points are approved; once approved by both, signed.
APPROVING = (Agreement.Status.DRAFT, Agreement.Status.NEGOTIATION)


@dataclass
class WaitingAgreement:
    """What waits for the user in one agreement. ``approve``: per side the user may approve
    for, the points that side has not approved; ``sign_for``: the sides the user may sign
    for that have not signed."""

    agreement: Agreement
    sign_for: list[str] = field(default_factory=list)
    approve: dict[str, list[AgreementSection]] = field(default_factory=dict)
    suggestions: list[Suggestion] = field(default_factory=list)
    threads: list[Comment] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.sign_for or self.approve or self.suggestions or self.threads)


def waiting_for(user, accesses: Sequence[PartnershipAccess]) -> list[WaitingAgreement]:
    """Per open agreement of the given partnerships (the user's access to each, already
    loaded), in their order, what waits for the user; agreements where nothing waits are left
    out. Five queries however many partnerships, points, suggestions and threads: the open
    agreements, their signatures, the points not approved by both, the open suggestions, the
    open threads with the side of their last comment."""
    by_partnership = {a.partnership.pk: a for a in accesses}
    agreements = list(
        Agreement.objects.filter(
            partnership__in=list(by_partnership), status__in=Agreement.OPEN_STATUSES
        ).prefetch_related("signatures")
    )
    if not agreements:
        return []
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
    return sorted(
        (w for w in waiting.values() if not w.is_empty),
        key=lambda w: order[w.agreement.partnership_id],
    )


def _points_to_approve(
    gates: dict[int, AgreementAccess], waiting: dict[int, WaitingAgreement]
) -> None:
    ids = [
        pk
        for pk, gate in gates.items()
        if gate.agreement.status in APPROVING and gate.approving_sides
    ]
    approved = {
        side: Exists(SectionApproval.objects.filter(section=OuterRef("pk"), side=side))
        for side in OWNER_SIDES
    }
    sections = (
        # An empty point cannot be approved; it is written first.
        AgreementSection.objects.filter(agreement__in=ids, is_empty=False)
        .only("pk", "agreement_id", "number", "title", "position")
        .annotate(**{f"approved_{side.value}": exists for side, exists in approved.items()})
        .exclude(**{f"approved_{side.value}": True for side in OWNER_SIDES})
        .order_by("agreement", "position")
    )
    for section in sections:
        gate = gates[section.agreement_id]
        section.agreement = gate.agreement
        for side in gate.approving_sides:
            if not getattr(section, f"approved_{side}"):
                waiting[section.agreement_id].approve.setdefault(side, []).append(section)


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
