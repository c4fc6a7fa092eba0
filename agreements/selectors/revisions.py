"""Reads of a section's kept texts: its history, any two compared, the text a user saw, and
what changed since the user's side approved."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.http import Http404
from django.utils.safestring import SafeString

from ..models import (
    Agreement,
    AgreementSection,
    SectionRevision,
    WithdrawnApproval,
    content_hash,
)
from ..redline import FieldChange, redline_html, structured_changes
from .access import AgreementAccess
from .agreements import SectionRow

HISTORY_PAGE_SIZE = 20


def section_seen(section: AgreementSection) -> dict:
    """What a form acting on the section carries of the text shown: its revision and hash."""
    return {
        "revision": section.revision,
        "content_hash": content_hash(
            title=section.title, body=section.body, structured=section.structured
        ),
    }


def section_as_revision(section: AgreementSection) -> SectionRevision:
    """The section's current text as a (not saved) revision: for a section whose texts were
    never kept (made in bulk), and to compare against what stands now."""
    return SectionRevision(
        section=section,
        number=section.revision,
        title=section.title,
        body=section.body,
        structured=section.structured,
        author=section.updated_by,
        created_at=section.updated_at or section.agreement.created_at,
    )


@dataclass
class Comparison:
    old: SectionRevision
    new: SectionRevision
    body: SafeString
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def title_changed(self) -> bool:
        return self.old.title != self.new.title

    @property
    def changed(self) -> bool:
        return self.title_changed or self.old.body != self.new.body or bool(self.fields)


def revisions_compare(
    section: AgreementSection, old: SectionRevision, new: SectionRevision
) -> Comparison:
    """Two texts of the section as a redline, the structured part field by field. No
    queries (section from section_get, its agreement's template loaded)."""
    kind = section.template_section.structured if section.template_section is not None else None
    return Comparison(
        old=old,
        new=new,
        body=redline_html(old.body, new.body),
        fields=structured_changes(kind, section.agreement.template, old.structured, new.structured),
    )


def section_history(section: AgreementSection, page_number) -> Page:
    """The section's kept texts, newest first, a page at a time: two queries (count, page).
    A section whose texts were never kept shows its current text as the only one."""
    revisions = section.revisions.select_related("author", "suggestion__author").order_by("-number")
    page = Paginator(revisions, HISTORY_PAGE_SIZE).get_page(page_number)
    if not page.object_list:
        page = Paginator([section_as_revision(section)], HISTORY_PAGE_SIZE).get_page(1)
    return page


def section_revisions_get(section: AgreementSection, numbers: list[int]) -> list[SectionRevision]:
    """The section's texts with these numbers, in the order asked; one query. The current
    number is found even if it was never kept. 404 for a number the section never had."""
    kept = {
        r.number: r for r in section.revisions.select_related("author").filter(number__in=numbers)
    }
    kept.setdefault(section.revision, section_as_revision(section))
    if any(n not in kept for n in numbers):
        raise Http404
    return [kept[n] for n in numbers]


def section_revision_get(section: AgreementSection, number: int) -> SectionRevision | None:
    """One kept text of the section, or None (never kept); one query."""
    if number == section.revision:
        return section_as_revision(section)
    return section.revisions.select_related("author").filter(number=number).first()


@dataclass
class ChangedSince:
    """The user's side approved an earlier text; an edit took the approval away."""

    side: str
    withdrawn: WithdrawnApproval
    comparison: Comparison | None  # None when the approved text was never kept

    @property
    def side_label(self) -> str:
        return str(self.withdrawn.get_side_display())

    @property
    def changed_by(self) -> str:
        user = self.withdrawn.withdrawn_by
        return (user.get_full_name() or user.get_username()) if user else "–"


def _changed_since(
    section: AgreementSection, access: AgreementAccess
) -> tuple[str, WithdrawnApproval] | None:
    """The newest withdrawal of an approval by a side of this user that has no approval now,
    if an edit caused it; one query (none when every such side approves)."""
    approved = {a.side for a in section.approvals.all()}
    sides = [s for s in access.approving_sides if s not in approved]
    if not sides:
        return None
    newest: dict[str, WithdrawnApproval] = {}
    for withdrawn in section.withdrawn_approvals.filter(side__in=sides).select_related(
        "withdrawn_by"
    ):  # newest first (the model's ordering)
        newest.setdefault(withdrawn.side, withdrawn)
    found = [w for w in newest.values() if w.reason == WithdrawnApproval.Reason.EDITED]
    if not found:
        return None
    withdrawn = max(found, key=lambda w: (w.withdrawn_at, w.pk))
    return withdrawn.side, withdrawn


def section_revision_context(section: AgreementSection, access: AgreementAccess, user) -> dict:
    """For the section page: the text the approval forms carry, and, for a side of the user
    whose approval an edit took away, who changed it, when, and the redline from the text it
    approved to now. At most two queries."""
    context: dict = {"seen_text": section_seen(section), "changed_since": None}
    found = _changed_since(section, access)
    if found:
        side, withdrawn = found
        approved = section_revision_get(section, withdrawn.section_revision)
        comparison = (
            revisions_compare(section, approved, section_as_revision(section))
            if approved is not None
            else None
        )
        context["changed_since"] = ChangedSince(side, withdrawn, comparison)
    return context


def agreement_changed_since(
    agreement: Agreement, access: AgreementAccess, rows: list[SectionRow]
) -> list[AgreementSection]:
    """The sections whose approval by a side of the user an edit took away (and that side
    has not approved again), in agreement order; one query, none if the user approves for
    no side. `rows` from agreement_section_rows."""
    sides = access.approving_sides
    if not sides:
        return []
    newest: dict[tuple[int, str], str] = {}
    for section_id, side, reason in (
        WithdrawnApproval.objects.filter(section__agreement=agreement, side__in=sides)
        .order_by("section", "side", "-withdrawn_at", "-pk")
        .values_list("section_id", "side", "reason")
    ):
        newest.setdefault((section_id, side), reason)
    return [
        row.section
        for row in rows
        if any(
            side not in row.approved_sides
            and newest.get((row.section.pk, side)) == WithdrawnApproval.Reason.EDITED
            for side in sides
        )
    ]
