"""What the meetings app tells people of, in its own words; oversight delivers it."""

from django.urls import reverse
from django.utils import timezone

from navpartner.notifications import Kind, notify
from navpartner.texts import Date, Text, gettext_noop
from partnerships.selectors import partnership_access

from .models import AgendaItem, Forum, Meeting, forum_name_text


def notify_item_decided(*, item, actor) -> int:
    """The secretary accepted, deferred or declined an agenda item: tell whoever submitted
    it, if they still may see the partnership. Reads the item as its service saved it (an
    accepted or deferred item holds its new meeting). Four queries before `notify`'s: the
    submitter, the forum with its partnership, the submitter's memberships, the
    partnership's covered municipalities."""
    submitter = item.submitted_by
    if submitter is None or submitter.pk == actor.pk or not submitter.is_active:
        return 0
    forum = Forum.objects.select_related(
        "partnership__office", "partnership__municipal_party", "partnership__state_party"
    ).get(pk=item.forum_id)
    if not partnership_access(submitter, forum.partnership).can_view:
        return 0
    Status = AgendaItem.Status
    names: dict = {
        "forum": forum_name_text(forum.partnership),
        "title": item.title,
        "reason": item.status_reason,
    }
    meeting = item.meeting if item.status != Status.DECLINED else None
    if meeting is not None:
        names["date"] = Date(timezone.localdate(meeting.starts_at))
    # Each subject names the forum (and so the office) and what happened first.
    if item.status == Status.ACCEPTED:
        msgid = gettext_noop("%(forum)s, %(date)s: your item “%(title)s” is on the agenda.")
    elif item.status == Status.DECLINED:
        msgid = gettext_noop("%(forum)s: your item “%(title)s” was declined. Reason: %(reason)s")
    elif meeting is not None:
        msgid = gettext_noop(
            "%(forum)s: your item “%(title)s” was deferred to the meeting on %(date)s. "
            "Reason: %(reason)s"
        )
    else:
        msgid = gettext_noop(
            "%(forum)s: your item “%(title)s” was deferred to a later meeting. Reason: %(reason)s"
        )
    message = Text(msgid, names)
    if item.meeting_id:
        url = reverse("meetings:meeting_detail", args=[item.meeting_id])
    else:
        url = reverse("meetings:forum_detail", args=[forum.pk])
    return notify(
        users=[submitter], kind=Kind.ITEM_DECIDED, message=message, url=url, reply_to=actor
    )


def _meeting_names(meeting: Meeting) -> tuple[Forum, dict]:
    forum = Forum.objects.select_related(
        "partnership__office",
        "partnership__municipal_party__parent",
        "partnership__state_party",
        "partnership__parent",
    ).get(pk=meeting.forum_id)
    day = Date(timezone.localdate(meeting.starts_at))
    return forum, {"forum": forum_name_text(forum.partnership), "date": day}


def _readers(forum: Forum, users) -> list:
    """Those of `users` still active and able to see the forum's partnership."""
    return [u for u in users if u.is_active and partnership_access(u, forum.partnership).can_view]


def _members_but(forum: Forum, actor) -> list:
    return [m.user for m in forum.members.select_related("user") if m.user_id != actor.pk]


def _tell(meeting: Meeting, forum: Forum, users, *, kind: Kind, message: Text, reply_to=None):
    """Tell those of `users` who still read the forum, with a link to the minutes' review."""
    return notify(
        users=_readers(forum, users),
        kind=kind,
        message=message,
        url=reverse("meetings:meeting_detail", args=[meeting.pk]) + "#minutes-review",
        reply_to=reply_to,
    )


def notify_minutes_published(*, meeting: Meeting, actor) -> int:
    """The draft minutes are out: tell every member of the forum but the secretary who sent
    them, with the deadline for comments."""
    forum, names = _meeting_names(meeting)
    names["deadline"] = Date(meeting.minutes_comment_deadline, "DATE_FORMAT")
    message = Text(
        gettext_noop(
            "%(forum)s, %(date)s: the draft minutes are out for comment. Comment by %(deadline)s."
        ),
        names,
    )
    return _tell(
        meeting,
        forum,
        _members_but(forum, actor),
        kind=Kind.MINUTES_PUBLISHED,
        message=message,
        reply_to=actor,
    )


def notify_minutes_approved(*, meeting: Meeting, actor) -> int:
    """The last approval froze the minutes: tell every member but its giver."""
    forum, names = _meeting_names(meeting)
    message = Text(gettext_noop("%(forum)s, %(date)s: the minutes are approved."), names)
    return _tell(
        meeting, forum, _members_but(forum, actor), kind=Kind.MINUTES_APPROVED, message=message
    )


def notify_minutes_approvals_withdrawn(*, meeting: Meeting, approvals, actor) -> int:
    """A change to the minutes withdrew these approvals: tell their givers to read again."""
    forum, names = _meeting_names(meeting)
    users = [a.user for a in approvals if a.user is not None and a.user_id != actor.pk]
    message = Text(
        gettext_noop(
            "%(forum)s, %(date)s: the minutes changed after you approved them, so your "
            "approval is withdrawn. Read them and approve again."
        ),
        names,
    )
    return _tell(
        meeting, forum, users, kind=Kind.MINUTES_WITHDRAWN, message=message, reply_to=actor
    )
