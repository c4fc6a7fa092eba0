"""The gate to agreements and the rules of who may do what with one.

Views ask ``agreement_get_for_user``/``..._for_edit`` (outsiders 404, read-only members 403);
services, which get the agreement itself, ask ``agreement_access``. Both then apply the same
rule of ``AgreementAccess`` (``may_edit``, ``may_approve_for``, ``may_sign_for``), so a page
never offers what the service refuses, nor the other way round."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404

from partnerships.models import OWNER_SIDES, Membership
from partnerships.selectors import (
    PartnershipAccess,
    child_get,
    partnership_access,
    partnership_prefetch,
    partnership_visible_access,
    partnerships_visible_to,
)

from ..models import (
    Agreement,
    AgreementSection,
    AgreementSignature,
    Attachment,
    QuestionAnswer,
    SectionApproval,
)


@dataclass(frozen=True)
class AgreementAccess:
    agreement: Agreement
    access: PartnershipAccess

    @property
    def may_edit(self) -> bool:
        """The rule for changing the agreement (its text, questions, sections, attachments):
        the user's role writes. Whether the agreement is still open is the service's check."""
        return self.access.can_edit

    @property
    def can_edit(self) -> bool:
        """May change the text now: the role allows it and the agreement is still open."""
        return self.may_edit and self.agreement.is_editable

    def may_approve_for(self, side: str) -> bool:
        """The rule for giving and withdrawing `side`'s approval of a section: an editor or
        signatory of that side, while the agreement is open."""
        return self.agreement.status in Agreement.OPEN_STATUSES and self.access.can_approve_for(
            side
        )

    def may_sign_for(self, side: str) -> bool:
        """The rule for signing, withdrawing a signature and giving notice for `side`: a
        signatory of that side."""
        return self.access.can_sign_for(side)

    @property
    def approving_sides(self) -> list[str]:
        return [side for side in OWNER_SIDES if self.may_approve_for(side)]

    @property
    def signing_sides(self) -> list[str]:
        """The sides this user may still sign for now."""
        if self.agreement.status != Agreement.Status.APPROVED:
            return []
        signed = {s.side for s in self.agreement.signatures.all()}
        return [s for s in self.signing_sides_including_signed if s not in signed]

    @property
    def signing_sides_including_signed(self) -> list[str]:
        return [side for side in OWNER_SIDES if self.may_sign_for(side)]


def agreement_access(user, agreement: Agreement) -> AgreementAccess:
    """The user's access to an agreement the caller already holds (a service, under its lock).
    Reads agreement.partnership and its covered municipalities: up to two queries."""
    return AgreementAccess(agreement, partnership_access(user, agreement.partnership))


def agreements_visible_to(user):
    return Agreement.objects.filter(partnership__in=partnerships_visible_to(user))


def agreement_get_for_user(user, pk) -> AgreementAccess:
    agreement = (
        Agreement.objects.select_related("template", "based_on", "archive")
        .prefetch_related(
            partnership_prefetch(),
            "signatures",
        )
        .filter(pk=pk)
        .order_by()
        .first()
    )
    if agreement is None:
        raise Http404
    return AgreementAccess(agreement, partnership_visible_access(user, agreement.partnership))


def agreement_get_for_edit(user, pk) -> AgreementAccess:
    """For writes: 404 for outsiders, 403 for members whose role only reads."""
    agreement_access = agreement_get_for_user(user, pk)
    if not agreement_access.may_edit:
        raise PermissionDenied
    return agreement_access


def section_get(agreement: Agreement, section_pk) -> AgreementSection:
    """A section of an agreement the caller already passed through the gate.

    Each query is ordered within the one section: the models' default orderings go through
    section, agreement and partnership to the parties' names, four joins PostgreSQL plans
    for nothing."""
    section = (
        agreement.sections.select_related("template_section", "updated_by")
        .prefetch_related(
            Prefetch(
                "approvals",
                queryset=SectionApproval.objects.select_related("approved_by").order_by("side"),
            ),
            Prefetch(
                "answers",
                queryset=QuestionAnswer.objects.select_related("question").order_by(
                    "question__position"
                ),
            ),
        )
        .filter(pk=section_pk)
        .order_by()
        .first()
    )
    if section is None:
        raise Http404
    section.agreement = agreement
    return section


def question_answer_get(section: AgreementSection, answer_pk) -> QuestionAnswer:
    """An answer of a section from section_get (its answers are prefetched: no query)."""
    answer = next((a for a in section.answers.all() if a.pk == int(answer_pk)), None)
    if answer is None:
        raise Http404
    return answer


def attachment_get(agreement: Agreement, attachment_pk) -> Attachment:
    return child_get(agreement.attachments, attachment_pk)


def signature_get(agreement: Agreement, signature_pk) -> AgreementSignature:
    return child_get(agreement.signatures, signature_pk)


def signature_initial(user, agreement_access: AgreementAccess) -> dict:
    """Name and title for the signature form, from the user and their membership."""
    titles = [
        m.title
        for m in agreement_access.access.memberships
        if m.role == Membership.Role.SIGNATORY and m.title
    ]
    return {"name": user.get_full_name(), "title": titles[0] if titles else ""}


def section_approval_rows(section: AgreementSection, agreement_access: AgreementAccess):
    """Per side: its approval of the section (from section_get: no query) and whether this
    user may give or withdraw it."""
    approvals = {a.side: a for a in section.approvals.all()}
    return [
        {
            "side": side,
            "label": side.label,
            "approval": approvals.get(side),
            "can_act": agreement_access.may_approve_for(side),
        }
        for side in OWNER_SIDES
    ]
