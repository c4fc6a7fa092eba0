"""What the agreements app tells people of, in its own words; oversight delivers it."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from navpartner.notifications import Kind, notify
from navpartner.texts import Text, gettext_noop
from partnerships.models import OWNER_SIDES, Partnership, Side
from partnerships.selectors import partnership_access, partnership_member_accesses

from .models import Comment, SectionApproval, SectionRevision
from .selectors.comments import comment_seen_by, comment_sides


def _partnership(agreement) -> Partnership:
    """The agreement's partnership with what its name and its members need; one query."""
    return Partnership.objects.select_related("office", "municipal_party", "state_party").get(
        pk=agreement.partnership_id
    )


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


#: Events of one sitting (approving twenty points, say) make one notification per person,
#: sent at once and brought up to date while it is unread, instead of one each.
WINDOW_SECONDS = 600


def _window(moment: dt.datetime) -> dt.datetime:
    """The start of the short window `moment` falls in."""
    start = int(moment.timestamp()) // WINDOW_SECONDS * WINDOW_SECONDS
    return dt.datetime.fromtimestamp(start, tz=dt.UTC)


def notify_section_approved(*, agreement, section, side: str, actor) -> int:
    """One side approved a section: tell those who may approve for the other side at once,
    one notification per agreement and side for the points approved in one sitting (a short
    window), brought up to date as more are approved."""
    partnership = _partnership(agreement)
    other = next(s for s in OWNER_SIDES if s != side)
    users = [
        user
        for user, access in partnership_member_accesses(partnership).items()
        if access.can_approve_for(other) and user.pk != actor.pk
    ]
    window = _window(timezone.now())
    count = SectionApproval.objects.filter(
        section__agreement=agreement, side=side, approved_at__gte=window
    ).count()
    values = {
        "side": Text.label(Side(side).label),
        "section": f"{section.number} {section.title}",
        "partnership": str(partnership),
        "count": count,
    }
    if count > 1:
        msgid = gettext_noop(
            "%(side)s approved %(count)s points of the partnership agreement for %(partnership)s."
        )
    else:
        msgid = gettext_noop(
            "%(side)s approved point %(section)s of the partnership agreement for %(partnership)s."
        )
    message = Text(msgid, values)
    if count > 1:
        url = reverse("agreements:agreement_detail", args=[agreement.pk])
    else:
        url = reverse("agreements:section_detail", args=[agreement.pk, section.pk])
    return notify(
        users=users,
        kind=Kind.SECTION_APPROVED,
        occasion=f"agreement:{agreement.pk}:approved:{side}:{window.timestamp():.0f}",
        message=message,
        url=url,
        gather=True,
        reply_to=actor,
    )


def notify_section_changed(*, agreement, section, actor) -> int:
    """A section was changed and its approvals withdrawn: tell those who may approve for the
    sides the actor is not on (both, when the NAV-leder changed it), naming the point and
    linking to what changed since they approved; at once, one notification per agreement
    and person for the points changed in one sitting (a short window), brought up to date
    (counting the distinct points changed)."""
    partnership = _partnership(agreement)
    accesses = partnership_member_accesses(partnership)
    own_sides = next((a.sides for u, a in accesses.items() if u.pk == actor.pk), set())
    if not own_sides:
        own_sides = partnership_access(actor, partnership).sides
    other_sides = set(OWNER_SIDES) - own_sides
    users = [
        user
        for user, access in accesses.items()
        if user.pk != actor.pk and any(access.can_approve_for(s) for s in other_sides)
    ]
    window = _window(timezone.now())
    count = (
        SectionRevision.objects.filter(
            section__agreement=agreement, author=actor, created_at__gte=window, number__gt=1
        )
        .values("section")
        .distinct()
        .count()
    )
    values = {
        "name": _name(actor),
        "section": f"{section.number} {section.title}",
        "partnership": str(partnership),
        "count": count,
    }
    if count > 1:
        msgid = gettext_noop(
            "%(name)s changed %(count)s points of the partnership agreement for "
            "%(partnership)s; they must be approved again."
        )
    else:
        msgid = gettext_noop(
            "%(name)s changed point %(section)s of the partnership agreement for "
            "%(partnership)s; it must be approved again. See what changed since you "
            "approved."
        )
    message = Text(msgid, values)
    if count > 1:
        url = reverse("agreements:agreement_detail", args=[agreement.pk])
    else:
        url = reverse("agreements:section_detail", args=[agreement.pk, section.pk])
        url += "#changed-since"
    return notify(
        users=users,
        kind=Kind.SECTION_CHANGED,
        occasion=f"agreement:{agreement.pk}:changed:{actor.pk}:{window.timestamp():.0f}",
        message=message,
        url=url,
        gather=True,
        reply_to=actor,
    )


def notify_agreement_signed(*, agreement, actor) -> int:
    """Both parties have signed: tell every member of the partnership."""
    partnership = _partnership(agreement)
    users = [user for user in partnership_member_accesses(partnership) if user.pk != actor.pk]
    message = Text(
        gettext_noop(
            "The partnership agreement for %(partnership)s, version %(version)s, is signed "
            "by both parties."
        ),
        {"partnership": str(partnership), "version": agreement.version},
    )
    return notify(
        users=users,
        kind=Kind.AGREEMENT_SIGNED,
        message=message,
        url=reverse("agreements:agreement_detail", args=[agreement.pk]),
    )


def _party(partnership: Partnership, side: str) -> str:
    """The owner that is `side` of the partnership, by name ("Bydel Grorud", "NAV Oslo")."""
    party = partnership.municipal_party if side == Side.MUNICIPAL else partnership.state_party
    return party.name


def _suggestion_url(agreement, section, suggestion) -> str:
    url = reverse("agreements:section_detail", args=[agreement.pk, section.pk])
    return f"{url}#suggestion-{suggestion.pk}"


def notify_suggestion_made(*, agreement, section, suggestion) -> int:
    """One side proposed wording: tell those who may answer it (approve for the other side)
    at once."""
    partnership = _partnership(agreement)
    other = next(s for s in OWNER_SIDES if s != suggestion.side)
    users = [
        user
        for user, access in partnership_member_accesses(partnership).items()
        if access.can_approve_for(other) and user.pk != suggestion.author_id
    ]
    message = Text(
        gettext_noop(
            "%(party)s proposed new wording for %(section)s in the partnership agreement for "
            "%(partnership)s."
        ),
        {
            "party": _party(partnership, suggestion.side),
            "section": f"{section.number} {section.title}",
            "partnership": str(partnership),
        },
    )
    return notify(
        users=users,
        kind=Kind.SUGGESTION_MADE,
        occasion=f"suggestion:{suggestion.pk}:made",
        message=message,
        url=_suggestion_url(agreement, section, suggestion),
        reply_to=suggestion.author,
    )


def notify_suggestion_decided(*, agreement, section, suggestion) -> int:
    """The other side accepted or rejected a suggestion: tell its author."""
    if suggestion.decided_by_id == suggestion.author_id:
        return 0
    partnership = _partnership(agreement)
    other = next(s for s in OWNER_SIDES if s != suggestion.side)
    values = {
        "party": _party(partnership, other),
        "section": f"{section.number} {section.title}",
        "reason": suggestion.decision_reason,
        "partnership": str(partnership),
    }
    if suggestion.status == suggestion.Status.ACCEPTED:
        msgid = gettext_noop(
            "%(partnership)s: %(party)s accepted your wording for %(section)s; it is now the text."
        )
    else:
        msgid = gettext_noop(
            "%(partnership)s: %(party)s rejected your wording for %(section)s: %(reason)s"
        )
    message = Text(msgid, values)
    return notify(
        users=[suggestion.author],
        kind=Kind.SUGGESTION_DECIDED,
        occasion=f"suggestion:{suggestion.pk}:decided",
        message=message,
        url=_suggestion_url(agreement, section, suggestion),
        reply_to=suggestion.decided_by,
    )


def _commenter(partnership: Partnership, side: str) -> Text | str:
    """Who commented, by the party they wrote for ("Bydel Grorud", "NAV Oslo", "NAV Grorud")."""
    if side == Side.OFFICE:
        return partnership.office.name if partnership.office_id else Text.label(Side(side).label)
    party = partnership.municipal_party if side == Side.MUNICIPAL else partnership.state_party
    return party.name


def notify_comment_added(*, agreement, section, comment, actor) -> int:
    """A comment: one visible to both sides tells those who write for another side, an
    internal one those who write for the author's side; never anyone who may not read it.
    Comments on one point within ten minutes are one notification per person. The message
    names who and where, never what the comment says."""
    partnership = _partnership(agreement)
    internal = comment.visibility == Comment.Visibility.INTERNAL
    users = []
    for user, access in partnership_member_accesses(partnership).items():
        sides = comment_sides(access)
        if user.pk == actor.pk or not sides or not comment_seen_by(comment, sides):
            continue
        if internal or any(side != comment.side for side in sides):
            users.append(user)
    values = {
        "party": _commenter(partnership, comment.side),
        "section": f"{section.number} {section.title}",
        "partnership": str(partnership),
    }
    if internal:
        msgid = gettext_noop(
            "%(party)s commented internally on %(section)s in the partnership agreement "
            "for %(partnership)s."
        )
    else:
        msgid = gettext_noop(
            "%(party)s commented on %(section)s in the partnership agreement for %(partnership)s."
        )
    message = Text(msgid, values)
    window = _window(comment.created_at).timestamp()
    thread_pk = comment.thread_id or comment.pk
    return notify(
        users=users,
        kind=Kind.COMMENT_ADDED,
        occasion=f"comment:{section.pk}:{window:.0f}",
        message=message,
        url=reverse("agreements:section_detail", args=[agreement.pk, section.pk])
        + f"#thread-{thread_pk}",
        gather=True,
        reply_to=actor,
    )
