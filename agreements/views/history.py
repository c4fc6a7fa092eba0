"""A section's kept texts: its history, any two compared, and the page that answers an act
on a text that changed meanwhile (409)."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from ..selectors.revisions import (
    revisions_compare,
    section_as_revision,
    section_history,
    section_revision_get,
    section_revisions_get,
    section_seen,
)


@require_GET
def section_history_page(request, pk, section_pk):
    """Every kept text of the section, newest first; pick two to compare."""
    agreement_access = selectors.agreement_get_for_user(request.user, pk)
    section = selectors.section_get(agreement_access.agreement, section_pk)
    page = section_history(section, request.GET.get("page"))
    context = {
        "agreement": agreement_access.agreement,
        "partnership": agreement_access.agreement.partnership,
        "section": section,
        "page": page,
    }
    return render(request, "agreements/section_history.html", context)


@require_GET
def section_compare(request, pk, section_pk):
    """Two texts of the section (`fra`, `til`: revision numbers) as a redline."""
    agreement_access = selectors.agreement_get_for_user(request.user, pk)
    section = selectors.section_get(agreement_access.agreement, section_pk)
    numbers = [_number(request.GET.get("fra")), _number(request.GET.get("til"))]
    if None in numbers:
        numbers = [max(section.revision - 1, 1), section.revision]
    old, new = section_revisions_get(section, sorted(numbers))
    context = {
        "agreement": agreement_access.agreement,
        "partnership": agreement_access.agreement.partnership,
        "section": section,
        "comparison": revisions_compare(section, old, new),
    }
    return render(request, "agreements/section_compare.html", context)


def _number(value) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 9 else None


def section_stale_response(request, agreement_access, section, *, seen_revision, action, side=""):
    """409: the user acted (`action`: approve, withdraw, answer) on a text that changed since
    they loaded it. Shows what changed since that text and offers the act on the current one."""
    seen = section_revision_get(section, seen_revision) if seen_revision else None
    comparison = revisions_compare(section, seen, section_as_revision(section)) if seen else None
    approvals = {a.side: a for a in section.approvals.all()}
    context = {
        "agreement": agreement_access.agreement,
        "partnership": agreement_access.agreement.partnership,
        "section": section,
        "comparison": comparison,
        "action": action,
        "side": side,
        "may_act": bool(side) and agreement_access.may_approve_for(side),
        "side_approves": side in approvals,
        "seen_text": section_seen(section),
    }
    return render(request, "agreements/stale.html", context, status=409)
