"""The discussion of a section, as each user may see it.

Who sees which comment is decided here and nowhere else: a comment visible to both sides is
read by everyone who may read the agreement; an internal one only by those who write for the
side it was written on (``comment_sides``). The section page, the notifications and every
other reader ask ``comments_visible_to``/``comment_seen_by``.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from partnerships.models import Side
from partnerships.selectors import WRITE_ROLES, PartnershipAccess

from ..forms_comments import CommentForm, ReplyForm
from ..models import Agreement, AgreementSection, Comment
from .access import AgreementAccess

#: How many words of a thread's first comment name it in a list.
FIRST_WORDS = 12


def comment_sides(access: PartnershipAccess) -> list[str]:
    """The sides the user writes for in the partnership (editor, signatory or secretary;
    not through a covered municipality), in the order of `Side`: the sides they may comment
    for, and whose internal comments they read. The first is the one they comment for unless
    they choose."""
    if access.via_covered_municipality:
        return []
    sides = {m.side for m in access.memberships if m.role in WRITE_ROLES}
    return [side for side in Side.values if side in sides]


def comment_may_write(access: AgreementAccess) -> bool:
    """The rule for commenting, replying, resolving and reopening: the user writes for a
    side of the partnership. Whether the agreement is still open is the service's check."""
    return bool(comment_sides(access.access))


def comment_seen_by(comment: Comment, sides: list[str]) -> bool:
    """Whether someone who writes for `sides` (``comment_sides``) sees the comment: the
    rule of ``comments_visible_to`` for a comment in hand."""
    return comment.visibility == Comment.Visibility.BOTH or comment.side in sides


def _visible(access: AgreementAccess) -> Q:
    return Q(visibility=Comment.Visibility.BOTH) | Q(side__in=comment_sides(access.access))


def comments_visible_to(section: AgreementSection, access: AgreementAccess) -> QuerySet[Comment]:
    """The section's comments (threads and replies) the user may see."""
    return Comment.objects.filter(_visible(access), section=section)


def agreement_comments_visible_to(
    agreement: Agreement, access: AgreementAccess
) -> QuerySet[Comment]:
    """Every comment on the agreement's sections the user may see."""
    return Comment.objects.filter(_visible(access), section__agreement=agreement)


def comment_thread_get(section: AgreementSection, access: AgreementAccess, thread_pk) -> Comment:
    """A thread of the section the user may see (its first comment), else 404: a thread of
    another section, a reply, or the other side's internal thread are all not found."""
    thread = (
        comments_visible_to(section, access)
        .filter(thread__isnull=True, pk=thread_pk)
        .select_related("author", "resolved_by")
        .first()
    )
    if thread is None:
        raise Http404
    thread.section = section
    return thread


@dataclass
class Thread:
    """A thread as the page shows it: its first comment, the replies, its latest activity,
    and the reply form (bound when sent back with errors)."""

    first: Comment
    replies: list[Comment]
    reply_form: ReplyForm | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.first.pk

    @property
    def last_activity(self) -> datetime:
        return max([self.first.created_at, *(r.created_at for r in self.replies)])

    @property
    def is_resolved(self) -> bool:
        return self.first.resolved_at is not None

    @property
    def is_internal(self) -> bool:
        return self.first.visibility == Comment.Visibility.INTERNAL


def section_threads(section: AgreementSection, access: AgreementAccess) -> list[Thread]:
    """The threads of the section the user may see, newest activity first, each with its
    replies in order. Two queries however many threads and replies: the threads (with their
    authors and who resolved them) and the replies (with their authors)."""
    replies = (
        comments_visible_to(section, access).select_related("author").order_by("created_at", "pk")
    )
    firsts = (
        comments_visible_to(section, access)
        .filter(thread__isnull=True)
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="visible_replies"))
        .order_by()  # sorted below; the default ordering joins four tables to the query
    )
    threads = [Thread(first=c, replies=c.visible_replies) for c in firsts]
    threads.sort(key=lambda t: (t.last_activity, t.pk), reverse=True)
    return threads


def comment_may_start(access: AgreementAccess) -> bool:
    """Whether the user may start a thread or reply: a writer, on an agreement still open."""
    return comment_may_write(access) and access.agreement.status in Agreement.OPEN_STATUSES


def thread_context(
    thread: Comment,
    access: AgreementAccess,
    *,
    form: ReplyForm | None = None,
    errors: list[str] | None = None,
    focus: int | None = None,
    focus_thread: bool = False,
) -> dict:
    """One thread (from ``comment_thread_get``) as the page shows it, for the partial that
    replaces it; one query (its replies). The keyboard focus goes to the comment `focus`,
    or with `focus_thread` to the thread itself."""
    replies = list(
        comments_visible_to(thread.section, access)
        .filter(thread=thread)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    sides = comment_sides(access.access)
    view = Thread(
        first=thread,
        replies=replies,
        reply_form=form or ReplyForm(prefix=f"t{thread.pk}", sides=sides),
        errors=errors or [],
    )
    return {
        "thread": view,
        "may_comment": comment_may_start(access),
        "focus": focus,
        "focus_thread": focus_thread,
    }


def section_discussion_context(
    section: AgreementSection,
    access: AgreementAccess,
    user,
    *,
    form: CommentForm | None = None,
    reply_forms: dict[int, ReplyForm] | None = None,
    errors: dict[int, list[str]] | None = None,
    focus: int | None = None,
) -> dict:
    """The discussion on the section page; two queries (``section_threads``). A bound `form`
    (a new thread), `reply_forms` ({thread pk: form}) or `errors` ({thread pk: messages})
    show what went wrong; `focus` is the pk of the comment or thread to put the keyboard
    focus on."""
    sides = comment_sides(access.access)
    threads = section_threads(section, access)
    reply_forms, errors = reply_forms or {}, errors or {}
    for thread in threads:
        thread.reply_form = reply_forms.get(thread.pk) or ReplyForm(
            prefix=f"t{thread.pk}", sides=sides
        )
        thread.errors = errors.get(thread.pk, [])
    return {"threads": threads, "focus": focus, **comment_start_context(access, form)}


def comment_start_context(access: AgreementAccess, form: CommentForm | None = None) -> dict:
    """The form that starts a thread (``form``, bound with its errors, else a new one) and
    whether the user may start one."""
    return {
        "may_comment": comment_may_start(access),
        "comment_form": form or CommentForm(prefix="comment", sides=comment_sides(access.access)),
    }


def thread_started_context(
    section: AgreementSection, access: AgreementAccess, thread: Comment
) -> dict:
    """After a thread is started with htmx: a fresh form, and the new thread alone (the
    keyboard focus on its comment) for the page to put first in its list, with whether it is
    the first thread of the section the user sees (the empty state then goes). Three queries
    however many threads the section has: the others are not rendered again."""
    others = comments_visible_to(section, access).filter(thread__isnull=True).exclude(pk=thread.pk)
    return {
        **thread_context(thread, access, focus=thread.pk),
        **comment_start_context(access),
        "first": not others.exists(),
    }


@dataclass(frozen=True)
class OpenThread:
    """An open thread, for "Hva som mangler": where it is and how it begins."""

    section: AgreementSection
    pk: int
    first_words: str
    side: str
    is_internal: bool
    url: str


def _first_words(text: str) -> str:
    words = text.split()
    return " ".join(words[:FIRST_WORDS]) + (" …" if len(words) > FIRST_WORDS else "")


def open_threads(agreement: Agreement, access: AgreementAccess) -> list[OpenThread]:
    """The agreement's unresolved threads the user may see, in the order of the sections
    and then oldest first, each with its section and first words; one query."""
    rows = (
        agreement_comments_visible_to(agreement, access)
        .filter(thread__isnull=True, resolved_at__isnull=True)
        .select_related("section")
        .order_by("section__position", "section__pk", "created_at", "pk")
    )
    result = []
    for comment in rows:
        comment.section.agreement = agreement
        result.append(
            OpenThread(
                section=comment.section,
                pk=comment.pk,
                first_words=_first_words(comment.body),
                side=comment.side,
                is_internal=comment.visibility == Comment.Visibility.INTERNAL,
                url=thread_url(
                    agreement_pk=agreement.pk, section_pk=comment.section_id, thread_pk=comment.pk
                ),
            )
        )
    return result


def open_threads_count(agreement: Agreement, access: AgreementAccess) -> dict[int, int]:
    """{section pk: number of unresolved threads the user may see}; one query."""
    counts: dict[int, int] = {}
    rows = agreement_comments_visible_to(agreement, access).filter(
        thread__isnull=True, resolved_at__isnull=True
    )
    for section_id in rows.values_list("section_id", flat=True):
        counts[section_id] = counts.get(section_id, 0) + 1
    return counts


def thread_url(*, agreement_pk: int, section_pk: int, thread_pk: int) -> str:
    """The section page at the thread."""
    return (
        reverse("agreements:section_detail", args=[agreement_pk, section_pk])
        + f"#thread-{thread_pk}"
    )
