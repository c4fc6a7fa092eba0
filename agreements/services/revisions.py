"""Keeping every text of every section, and every approval that no longer stands."""

from collections.abc import Iterable

from ..models import (
    AgreementSection,
    SectionApproval,
    SectionRevision,
    WithdrawnApproval,
    content_hash,
)


def section_content_hash(section: AgreementSection) -> str:
    return content_hash(title=section.title, body=section.body, structured=section.structured)


def revisions_keep(
    *, sections: Iterable[AgreementSection], author, suggestion=None
) -> list[SectionRevision]:
    """Keep each section's text as it stands now, as its revision `section.revision` (the
    callers have saved it; one insert for all). Part of the caller's transaction."""
    return SectionRevision.objects.bulk_create(
        SectionRevision(
            section=section,
            number=section.revision,
            title=section.title,
            body=section.body,
            structured=section.structured,
            content_hash=section_content_hash(section),
            author=author,
            created_at=section.updated_at or section.agreement.created_at,
            suggestion=suggestion,
        )
        for section in sections
    )


def approvals_withdraw(
    *, approvals: Iterable[SectionApproval], user, reason: str
) -> list[WithdrawnApproval]:
    """Delete the approvals, keeping each as a WithdrawnApproval: which side approved which
    text, and why it no longer stands."""
    approvals = list(approvals)
    kept = WithdrawnApproval.objects.bulk_create(
        WithdrawnApproval(
            section_id=a.section_id,
            side=a.side,
            approved_by_id=a.approved_by_id,
            approved_at=a.approved_at,
            section_revision=a.section_revision,
            content_hash=a.content_hash,
            reason=reason,
            withdrawn_by=user,
        )
        for a in approvals
    )
    SectionApproval.objects.filter(pk__in=[a.pk for a in approvals]).delete()
    return kept
