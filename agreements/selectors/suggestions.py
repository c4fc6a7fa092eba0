"""What the section page shows of the wording proposed for the section."""

from dataclasses import dataclass

from django.http import Http404
from django.utils.safestring import SafeString

from partnerships.models import OWNER_SIDES, Side

from ..models import AgreementSection, Suggestion
from ..redline import FieldChange, has_changes, redline_html, structured_changes
from .access import AgreementAccess


@dataclass(frozen=True)
class SuggestionRow:
    suggestion: Suggestion
    party: str  # the proposing owner by name ("Bydel Grorud")
    outdated: bool
    title_changed: bool
    text_changed: bool
    redline: SafeString  # the current text → the suggested text
    structured_changes: list[FieldChange]  # the structured part, field by field
    may_answer: bool  # accept or reject: the other side
    may_withdraw: bool  # the proposing side


def suggestion_get(section: AgreementSection, suggestion_pk) -> Suggestion:
    """A suggestion of a section the caller already has through the gate."""
    suggestion = (
        Suggestion.objects.filter(section=section, pk=suggestion_pk)
        .select_related("author")
        .first()
    )
    if suggestion is None:
        raise Http404
    suggestion.section = section
    return suggestion


def suggestion_side(access: AgreementAccess) -> str | None:
    """The side a user proposes wording for: the owner they may approve for. The NAV office
    approves nothing, so its secretary edits the text but proposes nothing."""
    return next((s for s in OWNER_SIDES if access.access.can_approve_for(s)), None)


def suggestions_may_propose(access: AgreementAccess) -> bool:
    """May propose wording now: has a side, and the text can still change. Reads the
    agreement's prefetched signatures."""
    return (
        access.can_edit
        and not access.agreement.signatures.all()
        and suggestion_side(access) is not None
    )


def _party_name(access: AgreementAccess, side: str) -> str:
    partnership = access.agreement.partnership
    party = partnership.municipal_party if side == Side.MUNICIPAL else partnership.state_party
    return party.name


def section_suggestions_context(section: AgreementSection, access: AgreementAccess, user) -> dict:
    """The section's suggestions, open ones with their redline against the current text and
    what this user may do with them; one query however many there are (reads the section
    from section_get and the agreement from the gate)."""
    suggestions = list(
        Suggestion.objects.filter(section=section)
        .select_related("author", "decided_by")
        .order_by("created_at", "pk")
    )
    kind = section.template_section.structured if section.template_section is not None else None
    is_open = access.can_edit and not access.agreement.signatures.all()
    open_rows, decided = [], []
    for suggestion in suggestions:
        if suggestion.status != Suggestion.Status.OPEN:
            decided.append(suggestion)
            continue
        other = next(s for s in OWNER_SIDES if s != suggestion.side)
        open_rows.append(
            SuggestionRow(
                suggestion=suggestion,
                party=_party_name(access, suggestion.side),
                outdated=suggestion.is_outdated(section),
                title_changed=suggestion.title != section.title,
                text_changed=has_changes(section.body, suggestion.body),
                redline=redline_html(section.body, suggestion.body),
                structured_changes=structured_changes(
                    kind, access.agreement.template, section.structured, suggestion.structured
                ),
                may_answer=is_open and access.access.can_approve_for(other),
                may_withdraw=access.access.can_approve_for(suggestion.side),
            )
        )
    decided.reverse()
    return {
        "suggestions_open": open_rows,
        "suggestions_decided": decided,
        "may_propose": suggestions_may_propose(access),
    }
