"""A partnership's forum, made with the partnership, and its members."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerships.models import Partnership
from partnerships.selectors import partnership_access

from ..models import Forum, ForumMember
from ..selectors import agreed_meetings_per_year, forum_access
from ._common import EventKind, _lock_forum, _name, _record, _secretary

DEFAULT_MEETINGS_PER_YEAR: dict[str, int] = {Partnership.Kind.LOCAL: 2, Partnership.Kind.CENTRAL: 6}


@transaction.atomic
def forum_create(*, partnership: Partnership) -> Forum:
    """The partnership's forum, made with the partnership (partnerships.services calls this
    from partnership_create; meetings.apps registers it). It meets as often as the agreement
    in force says, else twice a year (local) or six times (central)."""
    forum = Forum(
        partnership=partnership,
        meetings_per_year=agreed_meetings_per_year([partnership]).get(partnership.pk)
        or DEFAULT_MEETINGS_PER_YEAR[partnership.kind],
    )
    forum.full_clean()
    forum.save()
    _record(forum.pk, None, EventKind.FORUM_CREATED)
    return forum


@transaction.atomic
def forum_for_partnership(*, partnership: Partnership) -> Forum:
    """The partnership's forum, made if the partnership has none yet (one made before forums
    came with partnerships, or by a test's factory). The partnership row is locked before
    making it, so two callers make one forum. Never call this from a GET: read the forum
    with selectors.forum_of_partnership."""
    forum = Forum.objects.filter(partnership_id=partnership.pk).first()
    if forum is not None:
        return forum
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    forum = Forum.objects.filter(partnership=partnership).first()
    return forum if forum is not None else forum_create(partnership=partnership)


@transaction.atomic
def forum_member_add(*, forum: Forum, user, role: str, title: str = "", actor) -> ForumMember:
    """Add someone who can see the partnership to its forum. The secretary or anyone who may
    change the partnership does this."""
    forum = _lock_forum(forum.pk)
    access = forum_access(actor, forum)
    if not (access.is_secretary or access.access.can_edit):
        raise PermissionDenied
    if not partnership_access(user, forum.partnership).can_view:
        raise ValidationError(
            _("%(name)s is not a member of the partnership; add them there first.")
            % {"name": _name(user)},
            code="not_in_partnership",
        )
    if forum.members.filter(user=user).exists():
        raise ValidationError(
            _("%(name)s is already a member of the forum.") % {"name": _name(user)},
            code="already_member",
        )
    member = ForumMember(forum=forum, user=user, role=role, title=(title or "").strip())
    member.full_clean()
    member.save()
    _record(forum.pk, actor, EventKind.MEMBER_ADDED, {"name": _name(user), "role": member.role})
    return member


@transaction.atomic
def forum_member_remove(*, member: ForumMember, actor) -> None:
    """Take someone off the forum (the secretary does this). The forum always keeps a
    secretary: the last one cannot be removed."""
    forum = _lock_forum(member.forum_id)
    _secretary(actor, forum)
    member = ForumMember.objects.select_related("user").get(pk=member.pk, forum=forum)
    secretaries = forum.members.filter(role=ForumMember.Role.SECRETARY)
    if member.role == ForumMember.Role.SECRETARY and not secretaries.exclude(pk=member.pk).exists():
        raise ValidationError(
            _("The forum must have a secretary. Add another secretary before removing this one."),
            code="last_secretary",
        )
    params = {"name": _name(member.user), "role": member.role}
    member.delete()
    _record(forum.pk, actor, EventKind.MEMBER_REMOVED, params)


@transaction.atomic
def forum_minutes_approvers_set(*, forum: Forum, user, rule: str) -> Forum:
    """Who approves the forum's minutes from now on (the secretary decides, as the parties
    agreed). Minutes already approved keep their approvers."""
    forum = _lock_forum(forum.pk)
    _secretary(user, forum)
    if rule == forum.minutes_approvers:
        return forum
    forum.minutes_approvers = rule
    forum.full_clean()
    forum.save(update_fields=["minutes_approvers"])
    _record(forum.pk, user, EventKind.MINUTES_RULE_CHANGED, {"rule": rule})
    return forum
