"""Building the agenda: items submitted, changed, accepted, deferred, declined and
reordered, and the invitation that publishes it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Max
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements.models import AgreementSection
from navpartner.links import site_url
from navpartner.mail import automatic_email

from ..ics import meeting_ics
from ..models import AgendaItem, Forum, ForumMember, Meeting
from ..notifications import notify_item_decided
from ..selectors import FIXED_ORDER, forum_access, item_may_edit, meeting_agenda
from ._common import (
    EventKind,
    ItemStatus,
    MeetingStatus,
    _check_section,
    _day,
    _iso,
    _item_params,
    _lock_forum,
    _lock_item,
    _lock_meeting,
    _meeting_id,
    _next_position,
    _published,
    _reason,
    _record,
    _require_open,
    _require_ordinary,
    _secretary,
)
from .meetings import calendar_state, meeting_organizer


@transaction.atomic
def item_submit(
    *,
    meeting: Meeting,
    user,
    kind: str,
    title: str,
    description: str = "",
    owner: str = "",
    minutes_planned: int | None = None,
    agreement_section: AgreementSection | None = None,
) -> AgendaItem:
    """A permanent member proposes an item; the secretary accepts, defers or declines it.
    After the deadline only the secretary can still add items."""
    meeting = _lock_meeting(meeting.pk)
    forum = meeting.forum
    access = forum_access(user, forum)
    if not access.can_submit:
        raise PermissionDenied
    _require_open(meeting)
    if not access.is_secretary and timezone.localdate() > meeting.submission_deadline:
        raise ValidationError(
            _(
                "Items for this meeting were due on %(date)s. Submit it for a later meeting, "
                "or ask the secretary to add it."
            )
            % {"date": _day(meeting.submission_deadline)},
            code="deadline",
        )
    _check_section(forum, agreement_section)
    item = AgendaItem(
        forum=forum,
        meeting=meeting,
        kind=kind,
        title=(title or "").strip(),
        description=(description or "").strip(),
        owner=(owner or "").strip(),
        minutes_planned=minutes_planned,
        agreement_section=agreement_section,
        status=ItemStatus.SUBMITTED,
        submitted_by=user,
    )
    item.full_clean()
    item.save()
    _record(forum.pk, user, EventKind.ITEM_SUBMITTED, {"title": item.title}, meeting=meeting)
    return item


@transaction.atomic
def item_update(
    *,
    item: AgendaItem,
    user,
    kind: str,
    title: str,
    description: str = "",
    owner: str = "",
    minutes_planned: int | None = None,
    agreement_section: AgreementSection | None = None,
) -> AgendaItem:
    """Edit an item: the secretary always (until the meeting is held), the one who submitted
    it while it is still only submitted."""
    current = _lock_item(item.pk)
    forum = current.forum
    if not item_may_edit(forum_access(user, forum), current, user):
        raise PermissionDenied
    if current.meeting is not None:
        _require_open(current.meeting)
    _check_section(forum, agreement_section)
    fields = ["kind", "title", "description", "owner", "minutes_planned", "agreement_section"]
    new = (
        kind,
        (title or "").strip(),
        (description or "").strip(),
        (owner or "").strip(),
        minutes_planned,
        agreement_section,
    )
    if new == tuple(getattr(current, f) for f in fields):
        return current
    for name, value in zip(fields, new, strict=True):
        setattr(current, name, value)
    current.full_clean()
    current.save(update_fields=fields)
    if current.meeting is not None:
        _record(
            forum.pk,
            user,
            EventKind.ITEM_CHANGED,
            {"item": _item_params(current)},
            meeting=current.meeting,
            after_publication=_published(current.meeting) and current.status == ItemStatus.ACCEPTED,
        )
    return current


@transaction.atomic
def item_accept(*, item: AgendaItem, user, meeting: Meeting | None = None) -> AgendaItem:
    """Put a submitted item on the agenda, last. It gets the next running number of the forum
    in the meeting's year ("Sak 04/26"); a number once given stays with the item. An item
    waiting without a meeting needs `meeting`."""
    forum = _lock_forum(item.forum_id)  # serialises numbering within the forum
    _secretary(user, forum)
    current_meeting_id = _meeting_id(item)
    target_id = meeting.pk if meeting is not None else current_meeting_id
    target = _lock_meeting(target_id) if target_id else None
    item = _lock_item(item.pk)
    _require_ordinary(item)
    if item.status == ItemStatus.ACCEPTED and item.meeting_id == target_id:
        raise ValidationError(_("The item is already on the agenda."), code="already_accepted")
    if target is None:
        raise ValidationError(
            {
                "meeting": ValidationError(
                    _("Choose the meeting the item goes to."), code="meeting_required"
                )
            }
        )
    if target.forum_id != forum.pk:
        raise ValidationError(
            {
                "meeting": ValidationError(
                    _("Choose a meeting of the same forum."), code="foreign_meeting"
                )
            }
        )
    _require_open(target)
    fields = ["meeting", "status", "status_reason", "position"]
    if item.number is None:
        year = timezone.localtime(target.starts_at).year
        last = forum.items.filter(year=year).aggregate(Max("number"))["number__max"] or 0
        item.year, item.number = year, last + 1
        fields += ["year", "number"]
    item.meeting = target
    item.status, item.status_reason = ItemStatus.ACCEPTED, ""
    item.position = _next_position(target)
    item.full_clean()
    item.save(update_fields=fields)
    _record(
        forum.pk,
        user,
        EventKind.ITEM_ACCEPTED,
        {"item": _item_params(item)},
        meeting=target,
        after_publication=_published(target),
    )

    notify_item_decided(item=item, actor=user)
    return item


@transaction.atomic
def item_defer(
    *, item: AgendaItem, user, reason: str, to_meeting: Meeting | None = None
) -> AgendaItem:
    """Move an item to a later meeting of the forum (submitted again there) or, without
    `to_meeting`, set it aside to wait for one. The reason is shown to the submitter."""
    forum = _lock_forum(item.forum_id)
    _secretary(user, forum)
    source_id = _meeting_id(item)
    source = _lock_meeting(source_id) if source_id else None
    target = _lock_meeting(to_meeting.pk) if to_meeting is not None else None
    item = _lock_item(item.pk)
    _require_ordinary(item)
    reason = _reason(reason)
    if item.status == ItemStatus.DECLINED:
        raise ValidationError(_("The item was declined."), code="declined")
    if source is not None:
        _require_open(source)
    if target is None and source is None:
        raise ValidationError(_("The item is already waiting for a meeting."), code="waiting")
    if target is not None:
        if target.forum_id != forum.pk:
            raise ValidationError(
                {
                    "to_meeting": ValidationError(
                        _("Choose a meeting of the same forum."), code="foreign_meeting"
                    )
                }
            )
        _require_open(target)
        if source is not None and target.starts_at <= source.starts_at:
            raise ValidationError(
                {
                    "to_meeting": ValidationError(
                        _("Choose a meeting after this one."), code="not_later"
                    )
                }
            )
    item.meeting = target
    item.status = ItemStatus.SUBMITTED if target else ItemStatus.DEFERRED
    item.status_reason = reason[:500]
    item.position = 0
    item.full_clean()
    item.save(update_fields=["meeting", "status", "status_reason", "position"])
    if source is not None:
        _record(
            forum.pk,
            user,
            EventKind.ITEM_DEFERRED,
            {
                "where": _iso(target.starts_at) if target else None,
                "item": _item_params(item),
                "reason": reason,
            },
            meeting=source,
            after_publication=_published(source),
        )
    if target is not None:
        _record(
            forum.pk,
            user,
            EventKind.ITEM_DEFERRED_HERE,
            {"item": _item_params(item)},
            meeting=target,
            after_publication=_published(target),
        )

    notify_item_decided(item=item, actor=user)
    return item


@transaction.atomic
def item_decline(*, item: AgendaItem, user, reason: str) -> AgendaItem:
    """Decline an item; the reason is stored for the one who submitted it."""
    forum = _lock_forum(item.forum_id)
    _secretary(user, forum)
    meeting_id = _meeting_id(item)
    meeting = _lock_meeting(meeting_id) if meeting_id else None
    item = _lock_item(item.pk)
    _require_ordinary(item)
    reason = _reason(reason)
    if item.status == ItemStatus.DECLINED:
        raise ValidationError(_("The item is already declined."), code="declined")
    if meeting is not None:
        _require_open(meeting)
    item.status, item.status_reason, item.position = ItemStatus.DECLINED, reason[:500], 0
    item.full_clean()
    item.save(update_fields=["status", "status_reason", "position"])
    if meeting is not None:
        _record(
            forum.pk,
            user,
            EventKind.ITEM_DECLINED,
            {"item": _item_params(item), "reason": reason},
            meeting=meeting,
            after_publication=_published(meeting),
        )

    notify_item_decided(item=item, actor=user)
    return item


@transaction.atomic
def agenda_reorder(*, meeting: Meeting, user, item_ids: list) -> None:
    """Order the accepted items as `item_ids` lists them (every one, once); the fixed items
    stay first whatever the list says."""
    meeting = _lock_meeting(meeting.pk)
    _secretary(user, meeting.forum)
    _require_open(meeting)
    items = list(
        meeting.items.select_for_update().filter(status=ItemStatus.ACCEPTED).order_by("position")
    )
    fixed = sorted((i for i in items if i.fixed), key=lambda i: FIXED_ORDER.index(i.fixed))
    ordinary = {i.pk: i for i in items if not i.fixed}
    try:
        wanted = [int(pk) for pk in item_ids]
    except (TypeError, ValueError):
        wanted = None
    if wanted is not None:
        fixed_ids = {i.pk for i in fixed}
        wanted = [pk for pk in wanted if pk not in fixed_ids]
    if wanted is None or sorted(wanted) != sorted(ordinary):
        raise ValidationError(
            _("List every item on the agenda once; the list no longer matches the agenda."),
            code="mismatch",
        )
    before = [i.pk for i in items]
    ordered = fixed + [ordinary[pk] for pk in wanted]
    for position, item in enumerate(ordered, start=1):
        item.position = position
    AgendaItem.objects.bulk_update(ordered, ["position"])
    if before != [i.pk for i in ordered]:
        _record(
            meeting.forum_id,
            user,
            EventKind.AGENDA_REORDERED,
            meeting=meeting,
            after_publication=_published(meeting),
        )


def _meeting_url(meeting: Meeting, base_url: str) -> str:
    if not base_url:
        return ""
    try:
        path = reverse("meetings:meeting_detail", args=[meeting.pk])
    except NoReverseMatch:
        path = f"/moter/{meeting.pk}/"
    return base_url.rstrip("/") + path


def meeting_publish(*, meeting: Meeting, user, language: str | None = None) -> int:
    """Send the invitation with the agenda to every forum member (invited ones too), with an
    .ics calendar file; publishing again sends an updated invitation (SEQUENCE goes up).
    Replies go to the forum's secretaries (else to whoever sent it). Returns the number of
    e-mails sent. The mail goes out once the changes are written (call it outside any other
    transaction, as views and tasks do)."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting.pk)
        forum = Forum.objects.select_related(
            "partnership__office", "partnership__municipal_party", "partnership__state_party"
        ).get(pk=meeting.forum_id)
        meeting.forum = forum
        _secretary(user, forum)
        _require_open(meeting)
        meeting.status = MeetingStatus.INVITED
        meeting.agenda_version += 1
        meeting.ics_sequence += 1
        meeting.calendar_sent = calendar_state(meeting)
        meeting.published_at = timezone.now()
        meeting.save(
            update_fields=[
                "status",
                "agenda_version",
                "ics_sequence",
                "calendar_sent",
                "published_at",
            ]
        )
        members = list(
            forum.members.filter(user__is_active=True).select_related("user").order_by("pk")
        )
        recipients = {}
        for member in members:
            if member.user.email and member.user.email not in recipients:
                recipients[member.user.email] = member
        reply_to = [
            email for email, m in recipients.items() if m.role == ForumMember.Role.SECRETARY
        ] or ([user.email] if user.email else [])
        _record(
            forum.pk,
            user,
            EventKind.INVITATION_SENT,
            {"count": len(recipients), "version": meeting.agenda_version},
            meeting=meeting,
        )
        agenda = meeting_agenda(meeting)
        attendees = {email: m.user.get_full_name() for email, m in recipients.items()}
        # The substitutes named by members who cannot come get the papers too.
        for response in meeting.responses.filter(attending=False).exclude(substitute_email=""):
            attendees.setdefault(response.substitute_email, response.substitute_name)
    messages = invitation_messages(
        meeting,
        forum,
        agenda,
        attendees=attendees,
        organizer=meeting_organizer(recipients, user),
        reply_to=reply_to,
        language=language,
    )
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def invitation_messages(
    meeting: Meeting,
    forum: Forum,
    agenda,
    *,
    attendees: dict[str, str],
    organizer: tuple[str, str],
    reply_to: list[str],
    language: str | None = None,
    to: list[str] | None = None,
) -> list:
    """The invitation e-mail with its .ics, one per address in ``to`` (default: every
    attendee, e-mail -> name); the calendar lists every attendee."""
    url = _meeting_url(meeting, site_url())
    # In the partnership's document language, as the invitation it carries.
    with translation.override(language or forum.partnership.document_language):
        context = {"meeting": meeting, "forum": forum, "agenda": agenda, "url": url}
        subject = "".join(
            loader.render_to_string("emails/meeting_invitation_subject.txt", context).splitlines()
        )
        context["subject"] = subject
        body = loader.render_to_string("emails/meeting_invitation.txt", context)
        html = loader.render_to_string("emails/meeting_invitation.html", context)
    calendar = meeting_ics(
        meeting,
        organizer=organizer,
        description=body,
        url=url,
        attendees=[(name, email) for email, name in attendees.items()],
    )
    messages = []
    for email in attendees if to is None else to:
        message = automatic_email(
            subject=subject, text=body, html=html, to=[email], reply_to=reply_to
        )
        message.attach("invitasjon.ics", calendar, "text/calendar; method=REQUEST")
        messages.append(message)
    return messages
