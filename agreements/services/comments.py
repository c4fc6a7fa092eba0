"""Writing in a section's discussion: a comment (a new thread or a reply), and a thread
resolved or reopened. Who may see what is ``selectors.comments``' to say."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Agreement, AgreementSection, Comment
from ..notifications import notify_comment_added
from ..selectors.access import agreement_access
from ..selectors.comments import comment_seen_by, comment_sides
from .agreements import _lock_agreement


def _require_open(agreement: Agreement) -> None:
    if agreement.status not in Agreement.OPEN_STATUSES:
        raise ValidationError(
            _(
                "The agreement is signed or no longer in force, so its discussion is closed: "
                "comments can no longer be added, resolved or reopened."
            )
        )


def _writer_sides(user, agreement: Agreement) -> list[str]:
    """The sides the user comments for; PermissionDenied if none (a read-only member)."""
    sides = comment_sides(agreement_access(user, agreement).access)
    if not sides:
        raise PermissionDenied
    return sides


@transaction.atomic
def comment_add(
    *,
    section: AgreementSection,
    user,
    body: str,
    visibility: str = Comment.Visibility.BOTH,
    thread: Comment | None = None,
    side: str | None = None,
) -> Comment:
    """A comment on the section by `user`: a new thread, or a reply to `thread` (which then
    decides who may read it). The author writes for `side`, or, if not given, for the first
    of the sides they write for in the partnership (municipal, state, NAV office)."""
    # Locked, so that the agreement is not signed while a comment is added.
    agreement = _lock_agreement(section.agreement)
    sides = _writer_sides(user, agreement)
    _require_open(agreement)
    if thread is not None:
        if thread.section_id != section.pk or thread.thread_id is not None:
            raise ValidationError(_("You can only reply to a thread of this section."))
        if not comment_seen_by(thread, sides):
            raise PermissionDenied
        visibility = thread.visibility
        if visibility == Comment.Visibility.INTERNAL:
            side = thread.side  # an internal thread stays on its side
    if side is None:
        side = sides[0]
    if side not in sides:
        raise PermissionDenied
    comment = Comment(
        section=section,
        thread=thread,
        author=user,
        side=side,
        visibility=visibility,
        body=body.strip(),
        section_revision=section.revision,
    )
    comment.full_clean()
    comment.save()
    notify_comment_added(agreement=agreement, section=section, comment=comment, actor=user)
    return comment


def _thread_for_change(thread: Comment, user) -> Comment:
    """The thread locked, once the user may change it: 404-worthy threads are the
    selector's; here a thread the user cannot see is refused outright."""
    agreement = _lock_agreement(thread.section.agreement)
    sides = _writer_sides(user, agreement)
    _require_open(agreement)
    if thread.thread_id is not None:
        raise ValidationError(_("Only a thread as a whole can be resolved or reopened."))
    locked = Comment.objects.select_for_update().get(pk=thread.pk)
    if not comment_seen_by(locked, sides):
        raise PermissionDenied
    return locked


@transaction.atomic
def comment_thread_resolve(*, thread: Comment, user) -> Comment:
    """Either side marks the thread resolved; who and when are kept."""
    locked = _thread_for_change(thread, user)
    if locked.resolved_at is not None:
        raise ValidationError(_("The thread is already resolved."))
    locked.resolved_by = user
    locked.resolved_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["resolved_by", "resolved_at"])
    thread.resolved_by, thread.resolved_at = locked.resolved_by, locked.resolved_at
    return thread


@transaction.atomic
def comment_thread_reopen(*, thread: Comment, user) -> Comment:
    """Either side opens a resolved thread again."""
    locked = _thread_for_change(thread, user)
    if locked.resolved_at is None:
        raise ValidationError(_("The thread is already open."))
    locked.resolved_by = None
    locked.resolved_at = None
    locked.full_clean()
    locked.save(update_fields=["resolved_by", "resolved_at"])
    thread.resolved_by, thread.resolved_at = None, None
    return thread
