"""Wording one side proposes for a section instead of editing it, and the other side's answer.

A suggestion is written by someone who may approve for one of the owners (its side); only
someone who may approve for the other side answers it. Accepting writes the text through
``agreement_section_update``, the one way a section's text changes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from partnerships.models import OWNER_SIDES

from .. import structured
from ..models import AgreementSection, SectionRevision, Suggestion
from ..notifications import notify_suggestion_decided, notify_suggestion_made
from ..selectors.access import AgreementAccess, agreement_access
from ..selectors.suggestions import suggestion_side
from .agreements import (
    _kind,
    _lock_agreement,
    _require_editable,
    agreement_section_approve,
    agreement_section_update,
    section_content_clean,
)
from .revisions import section_content_hash

Status = Suggestion.Status


def _own_side(access: AgreementAccess) -> str:
    side = suggestion_side(access)
    if side is None:
        raise PermissionDenied
    return side


def _answering_side(access: AgreementAccess, suggestion: Suggestion) -> str:
    """The other side, which alone answers a suggestion."""
    other = next(s for s in OWNER_SIDES if s != suggestion.side)
    if access.access.can_approve_for(other):
        return other
    if access.access.can_approve_for(suggestion.side):
        raise ValidationError(
            _(
                "Your own side proposed this wording, so the other side must accept or reject "
                "it. You can withdraw it instead."
            ),
            code="own",
        )
    raise PermissionDenied


def _require_open(suggestion: Suggestion) -> None:
    if suggestion.status != Status.OPEN:
        raise ValidationError(
            _("The suggestion was already answered or withdrawn."), code="decided"
        )


def _outdated() -> ValidationError:
    return ValidationError(
        _(
            "The section was changed after this wording was proposed, so it is outdated. "
            "Read the current text; a new suggestion can be made against it."
        ),
        code="outdated",
    )


@transaction.atomic
def suggestion_create(
    *,
    section: AgreementSection,
    user,
    title: str,
    body: str,
    structured_data: dict | None,
    approve_on_accept: bool,
    expected_revision: int,
) -> Suggestion:
    """Propose new wording for a section as it stands at `expected_revision` (refused if it
    was changed since); its text is cleaned and checked as a saved text would be."""
    agreement = _lock_agreement(section.agreement)
    current = AgreementSection.objects.select_related("template_section").get(pk=section.pk)
    access = agreement_access(user, agreement)
    if not access.may_edit:
        raise PermissionDenied
    _require_editable(agreement)
    side = _own_side(access)
    if current.revision != expected_revision:
        raise ValidationError(
            _(
                "Someone changed the section while you were writing. Your wording is still "
                "below: compare it with the current text and propose it again."
            ),
            code="outdated",
        )
    body, data = section_content_clean(
        current, body=body, structured_data=structured_data, template=agreement.written_template
    )
    kind = _kind(current)
    if (title, body, data) == (current.title, current.body, current.structured):
        raise ValidationError(
            _("The wording is the same as the current text. Change something to propose it."),
            code="unchanged",
        )
    if not strip_tags(body).strip() and structured.is_empty(kind, data):
        raise ValidationError(_("Write the wording you propose."), code="empty")
    suggestion = Suggestion(
        section=current,
        base_revision=current.revision,
        title=title,
        body=body,
        structured=data,
        author=user,
        side=side,
        approve_on_accept=approve_on_accept,
    )
    suggestion.full_clean()
    suggestion.save()
    notify_suggestion_made(agreement=agreement, section=current, suggestion=suggestion)
    return suggestion


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, user, expected_revision: int) -> Suggestion:
    """The other side accepts: the wording becomes the section's next revision (linked to
    the suggestion), approved by the accepting side and, if it said so, the proposing side.
    `expected_revision` is the section's revision the user saw the suggestion against."""
    agreement = _lock_agreement(suggestion.section.agreement)
    suggestion = (
        Suggestion.objects.select_for_update().select_related("author").get(pk=suggestion.pk)
    )
    access = agreement_access(user, agreement)
    side = _answering_side(access, suggestion)
    _require_open(suggestion)
    _require_editable(agreement)
    current = AgreementSection.objects.get(pk=suggestion.section_id)
    if expected_revision != current.revision or suggestion.base_revision != current.revision:
        raise _outdated()
    agreement_section_update(
        section=current,
        user=user,
        title=suggestion.title,
        body=suggestion.body,
        structured_data=suggestion.structured,
        expected_revision=suggestion.base_revision,
    )
    current.refresh_from_db()
    SectionRevision.objects.filter(section=current, number=current.revision).update(
        suggestion=suggestion
    )
    suggestion.status = Status.ACCEPTED
    suggestion.decided_by, suggestion.decided_at = user, timezone.now()
    suggestion.full_clean()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    # Both approve exactly the text just written: the suggestion's wording.
    revision, text_hash = current.revision, section_content_hash(current)
    agreement_section_approve(
        section=current,
        user=user,
        side=side,
        expected_revision=revision,
        expected_hash=text_hash,
    )
    author = suggestion.author
    if suggestion.approve_on_accept and agreement_access(author, agreement).may_approve_for(
        suggestion.side
    ):
        agreement_section_approve(
            section=current,
            user=author,
            side=suggestion.side,
            expected_revision=revision,
            expected_hash=text_hash,
        )
    notify_suggestion_decided(agreement=agreement, section=current, suggestion=suggestion)
    return suggestion


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, user, reason: str) -> Suggestion:
    """The other side turns the wording down, saying why."""
    agreement = _lock_agreement(suggestion.section.agreement)
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    _answering_side(agreement_access(user, agreement), suggestion)
    _require_open(suggestion)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Say why the suggestion is rejected, so the other side knows what to change."),
            code="reason",
        )
    suggestion.status = Status.REJECTED
    suggestion.decided_by, suggestion.decided_at = user, timezone.now()
    suggestion.decision_reason = reason
    suggestion.full_clean()
    suggestion.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    section = AgreementSection.objects.get(pk=suggestion.section_id)
    notify_suggestion_decided(agreement=agreement, section=section, suggestion=suggestion)
    return suggestion


@transaction.atomic
def suggestion_withdraw(*, suggestion: Suggestion, user) -> Suggestion:
    """The proposing side takes its wording back (anyone who may approve for that side)."""
    agreement = _lock_agreement(suggestion.section.agreement)
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not agreement_access(user, agreement).access.can_approve_for(suggestion.side):
        raise PermissionDenied
    _require_open(suggestion)
    suggestion.status = Status.WITHDRAWN
    suggestion.decided_by, suggestion.decided_at = user, timezone.now()
    suggestion.full_clean()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])
    return suggestion
