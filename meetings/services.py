"""Partnership meetings: forums, meetings, the agenda, minutes, actions and escalation.

Every function checks the user's role in the forum (PermissionDenied), locks what it changes,
validates (ValidationError with a message the user can act on, nothing changed), writes and
records a MeetingEvent, all in one transaction. Locks are taken in the order forum → meeting →
item. After the invitation is sent every change to the agenda is still allowed, but its event
is marked `after_publication`, so the meeting page shows it: never a silent change.
"""

import hashlib
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements.models import Agreement, AgreementSection
from agreements.models.templates import StructuredKind
from agreements.pdf import read_pdf_upload
from partnerships.models import Partnership
from partnerships.selectors import partnership_access

from .ics import meeting_ics
from .models import (
    Action,
    AgendaItem,
    Attendance,
    Forum,
    ForumMember,
    ItemAttachment,
    Meeting,
    MeetingEvent,
)
from .notifications import notify_item_decided
from .selectors import (
    FIXED_ORDER,
    OPEN_MEETING_STATUSES,
    ForumAccess,
    forum_access,
    item_may_edit,
    meeting_agenda,
)

ItemStatus = AgendaItem.Status
MeetingStatus = Meeting.Status
DEFAULT_MEETINGS_PER_YEAR = {Partnership.Kind.LOCAL: 2, Partnership.Kind.CENTRAL: 6}
FIXED_KIND = {
    AgendaItem.Fixed.AGENDA: AgendaItem.Kind.DECISION,
    AgendaItem.Fixed.PREVIOUS_MINUTES: AgendaItem.Kind.DECISION,
    AgendaItem.Fixed.ACTIONS: AgendaItem.Kind.DISCUSSION,
}


# --- helpers -------------------------------------------------------------------------------


def _record(forum_id, actor, description, *, meeting=None, after_publication=False) -> None:
    MeetingEvent.objects.create(
        forum_id=forum_id,
        meeting=meeting,
        actor=actor,
        description=str(description)[:300],
        after_publication=after_publication,
    )


def _published(meeting: Meeting | None) -> bool:
    """Changes to this meeting's agenda now come after the invitation."""
    return meeting is not None and meeting.published_at is not None


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d.%m.%Y %H:%M}"


def _day(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def _item_name(item: AgendaItem) -> str:
    return f"{item.label} {item.title}".strip()


def _lock_forum(forum_id) -> Forum:
    return Forum.objects.select_for_update().get(pk=forum_id)


def _lock_meeting(meeting_id) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting_id)


def _meeting_id(item: AgendaItem) -> int | None:
    """The item's meeting as stored now (call with the forum locked)."""
    return AgendaItem.objects.values_list("meeting_id", flat=True).get(pk=item.pk)


def _lock_item(item_id) -> AgendaItem:
    return AgendaItem.objects.select_for_update().get(pk=item_id)


def _secretary(user, forum: Forum) -> ForumAccess:
    access = forum_access(user, forum)
    if not access.is_secretary:
        raise PermissionDenied
    return access


def _require_open(meeting: Meeting) -> None:
    if meeting.status not in OPEN_MEETING_STATUSES:
        raise ValidationError(
            _("The meeting has been held, so its agenda can no longer change."),
            code="meeting_held",
        )


def _require_not_frozen(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise ValidationError(
            _("The minutes are approved, so the decisions are frozen."), code="frozen"
        )


def _require_ordinary(item: AgendaItem) -> None:
    if item.fixed:
        raise ValidationError(
            _("The fixed items are always on the agenda; they cannot be moved or declined."),
            code="fixed_item",
        )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Write a reason; the one who submitted the item will see it."),
                    code="reason_required",
                )
            }
        )
    return reason


def _deadline(forum: Forum, starts_at) -> date | None:
    if not isinstance(starts_at, datetime):
        return None
    return timezone.localtime(starts_at).date() - timedelta(days=forum.submission_days)


def _aware(moment):
    if isinstance(moment, datetime) and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _check_section(forum: Forum, section: AgreementSection | None) -> None:
    """An item may refer to a point of the partnership's agreements or its central one's."""
    if section is None:
        return
    allowed = {forum.partnership_id, forum.partnership.parent_id}
    if section.agreement.partnership_id not in allowed:
        raise ValidationError(
            {
                "agreement_section": ValidationError(
                    _("Choose a point of this partnership's agreement."), code="foreign_section"
                )
            }
        )


def _next_position(meeting: Meeting) -> int:
    last = meeting.items.filter(status=ItemStatus.ACCEPTED).aggregate(Max("position"))
    return max(last["position__max"] or 0, len(FIXED_ORDER)) + 1


# --- forums --------------------------------------------------------------------------------


def _agreed_meetings_per_year(partnership: Partnership) -> int | None:
    """Point 3.1 of the agreement in force, if it says how often the partnership meets."""
    section = (
        AgreementSection.objects.filter(
            agreement__partnership=partnership,
            agreement__status=Agreement.Status.IN_FORCE,
            template_section__structured=StructuredKind.MEETINGS,
        )
        .order_by("-agreement__version")
        .first()
    )
    try:
        value = int((section.structured or {}).get("meetings_per_year")) if section else None
    except (TypeError, ValueError):
        return None
    return value if value and value > 0 else None


@transaction.atomic
def forum_for_partnership(*, partnership: Partnership) -> Forum:
    """The partnership's forum, made the first time it is asked for (the partnership row is
    locked only then, so two first requests make one forum)."""
    forum = Forum.objects.filter(partnership_id=partnership.pk).first()
    if forum is not None:
        return forum
    partnership = (
        Partnership.objects.select_for_update(of=("self",))
        .select_related("office", "municipal_party", "state_party")
        .get(pk=partnership.pk)
    )
    forum = Forum.objects.filter(partnership=partnership).first()
    if forum is not None:
        return forum
    if partnership.kind == Partnership.Kind.CENTRAL:
        name = _("Central cooperation committee – %(municipality)s and %(county)s") % {
            "municipality": partnership.municipal_party.name,
            "county": partnership.state_party.name,
        }
    else:
        name = _("Partnership meeting – %(office)s") % {"office": partnership.office.name}
    forum = Forum(
        partnership=partnership,
        name=name[:200],
        meetings_per_year=_agreed_meetings_per_year(partnership)
        or DEFAULT_MEETINGS_PER_YEAR[partnership.kind],
    )
    forum.full_clean()
    forum.save()
    _record(forum.pk, None, _("Forum created"))
    return forum


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
            % {"name": user.get_full_name() or user.get_username()},
            code="not_in_partnership",
        )
    if forum.members.filter(user=user).exists():
        raise ValidationError(
            _("%(name)s is already a member of the forum.")
            % {"name": user.get_full_name() or user.get_username()},
            code="already_member",
        )
    member = ForumMember(forum=forum, user=user, role=role, title=(title or "").strip())
    member.full_clean()
    member.save()
    _record(
        forum.pk,
        actor,
        _("Member added: %(name)s (%(role)s)")
        % {"name": user.get_full_name() or user.get_username(), "role": member.get_role_display()},
    )
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
    name = member.user.get_full_name() or member.user.get_username()
    role = member.get_role_display()
    member.delete()
    _record(
        forum.pk, actor, _("Member removed: %(name)s (%(role)s)") % {"name": name, "role": role}
    )


# --- meetings ------------------------------------------------------------------------------


@transaction.atomic
def meeting_plan(
    *, forum: Forum, user, starts_at, ends_at, place: str, video_link: str = ""
) -> Meeting:
    """A new meeting with the three fixed opening items already on its agenda."""
    forum = _lock_forum(forum.pk)
    _secretary(user, forum)
    starts_at, ends_at = _aware(starts_at), _aware(ends_at)
    meeting = Meeting(
        forum=forum,
        starts_at=starts_at,
        ends_at=ends_at,
        place=(place or "").strip(),
        video_link=(video_link or "").strip(),
        submission_deadline=_deadline(forum, starts_at),
    )
    meeting.full_clean()
    meeting.save()
    AgendaItem.objects.bulk_create(
        AgendaItem(
            forum=forum,
            meeting=meeting,
            fixed=fixed,
            kind=FIXED_KIND[fixed],
            title=str(AgendaItem.Fixed(fixed).label),
            position=position,
            status=ItemStatus.ACCEPTED,
            submitted_by=user,
        )
        for position, fixed in enumerate(FIXED_ORDER, start=1)
    )
    _record(
        forum.pk,
        user,
        _("Meeting planned for %(when)s") % {"when": _when(starts_at)},
        meeting=meeting,
    )
    return meeting


@transaction.atomic
def meeting_update(
    *, meeting: Meeting, user, starts_at, ends_at, place: str, video_link: str = ""
) -> Meeting:
    """Change time or place; the submission deadline follows the new date."""
    meeting = _lock_meeting(meeting.pk)
    _secretary(user, meeting.forum)
    _require_open(meeting)
    starts_at, ends_at = _aware(starts_at), _aware(ends_at)
    new = (
        starts_at,
        ends_at,
        (place or "").strip(),
        (video_link or "").strip(),
        _deadline(meeting.forum, starts_at),
    )
    fields = ["starts_at", "ends_at", "place", "video_link", "submission_deadline"]
    if new == tuple(getattr(meeting, f) for f in fields):
        return meeting
    for name, value in zip(fields, new, strict=True):
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save(update_fields=fields)
    _record(
        meeting.forum_id,
        user,
        _("Time or place changed: %(when)s, %(place)s")
        % {"when": _when(meeting.starts_at), "place": meeting.place or meeting.video_link},
        meeting=meeting,
        after_publication=_published(meeting),
    )
    return meeting


# --- the agenda ----------------------------------------------------------------------------


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
    _record(forum.pk, user, _("Item submitted: %(title)s") % {"title": item.title}, meeting=meeting)
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
            _("Item changed: %(item)s") % {"item": _item_name(current)},
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
        _("Item put on the agenda: %(item)s") % {"item": _item_name(item)},
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
        where = _when(target.starts_at) if target else _("a later meeting not yet chosen")
        _record(
            forum.pk,
            user,
            _("Item deferred to %(where)s: %(item)s (%(reason)s)")
            % {"where": where, "item": _item_name(item), "reason": reason},
            meeting=source,
            after_publication=_published(source),
        )
    if target is not None:
        _record(
            forum.pk,
            user,
            _("Item deferred to this meeting: %(item)s") % {"item": _item_name(item)},
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
            _("Item declined: %(item)s (%(reason)s)")
            % {"item": _item_name(item), "reason": reason},
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
            _("Agenda reordered"),
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


def meeting_publish(
    *, meeting: Meeting, user, base_url: str = "", language: str | None = None
) -> int:
    """Send the invitation with the agenda to every forum member (invited ones too), with an
    .ics calendar file; publishing again sends an updated invitation (SEQUENCE goes up).
    Returns the number of e-mails sent. The mail goes out once the changes are written
    (call it outside any other transaction, as views and tasks do)."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting.pk)
        forum = Forum.objects.select_related("partnership").get(pk=meeting.forum_id)
        meeting.forum = forum
        _secretary(user, forum)
        _require_open(meeting)
        meeting.status = MeetingStatus.INVITED
        meeting.agenda_version += 1
        meeting.published_at = timezone.now()
        meeting.save(update_fields=["status", "agenda_version", "published_at"])
        members = list(
            forum.members.filter(user__is_active=True).select_related("user").order_by("pk")
        )
        recipients = {}
        for member in members:
            if member.user.email and member.user.email not in recipients:
                recipients[member.user.email] = member
        _record(
            forum.pk,
            user,
            _("Invitation sent to %(count)s members (agenda version %(version)s)")
            % {"count": len(recipients), "version": meeting.agenda_version},
            meeting=meeting,
        )
        agenda = meeting_agenda(meeting)
    url = _meeting_url(meeting, base_url)
    with translation.override(language or settings.LANGUAGE_CODE):
        context = {"meeting": meeting, "forum": forum, "agenda": agenda, "url": url}
        subject = "".join(
            loader.render_to_string("emails/meeting_invitation_subject.txt", context).splitlines()
        )
        body = loader.render_to_string("emails/meeting_invitation.txt", context)
    calendar = meeting_ics(
        meeting,
        description=body,
        url=url,
        attendees=[(m.user.get_full_name(), email) for email, m in recipients.items()],
    )
    messages = []
    for email in recipients:
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        message.attach("invitasjon.ics", calendar, "text/calendar; method=REQUEST")
        messages.append(message)
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


# --- minutes and actions -------------------------------------------------------------------


@transaction.atomic
def item_record(*, item: AgendaItem, user, minutes: str, decision: str = "") -> AgendaItem:
    """Write the minutes of an item and, for a decision item, the decision. Refused once the
    minutes of the meeting are approved."""
    forum = _lock_forum(item.forum_id)
    _secretary(user, forum)
    meeting_id = _meeting_id(item)
    if meeting_id is None:
        raise ValidationError(_("The item is not on a meeting's agenda."), code="no_meeting")
    meeting = _lock_meeting(meeting_id)
    item = _lock_item(item.pk)
    _require_not_frozen(meeting)
    if item.status != ItemStatus.ACCEPTED:
        raise ValidationError(_("The item is not on the agenda."), code="not_accepted")
    minutes, decision = (minutes or "").strip(), (decision or "").strip()
    if decision and item.kind != AgendaItem.Kind.DECISION:
        raise ValidationError(
            {
                "decision": ValidationError(
                    _("Only a decision item has a decision; write it in the minutes."),
                    code="not_decision_item",
                )
            }
        )
    if (minutes, decision) == (item.minutes, item.decision):
        return item
    item.minutes, item.decision = minutes, decision
    item.full_clean()
    item.save(update_fields=["minutes", "decision"])
    _record(
        forum.pk,
        user,
        _("Minutes written: %(item)s") % {"item": _item_name(item)},
        meeting=meeting,
    )
    return item


@transaction.atomic
def action_add(*, item: AgendaItem, user, description: str, owner: str, due_date) -> Action:
    """An action following up an item; carried to every later meeting until done."""
    forum = _lock_forum(item.forum_id)
    _secretary(user, forum)
    meeting_id = _meeting_id(item)
    if meeting_id is None:
        raise ValidationError(_("The item is not on a meeting's agenda."), code="no_meeting")
    meeting = _lock_meeting(meeting_id)
    item = _lock_item(item.pk)
    _require_not_frozen(meeting)
    if item.status != ItemStatus.ACCEPTED:
        raise ValidationError(_("The item is not on the agenda."), code="not_accepted")
    action = Action(
        item=item,
        description=(description or "").strip(),
        owner=(owner or "").strip(),
        due_date=due_date,
    )
    action.full_clean()
    action.save()
    _record(
        forum.pk,
        user,
        _("Action added: %(action)s (%(owner)s, due %(date)s)")
        % {"action": action.description, "owner": action.owner, "date": _day(due_date)},
        meeting=meeting,
    )
    return action


@transaction.atomic
def action_close(*, action: Action, user) -> Action:
    """Mark an action done: any permanent member or the secretary."""
    action = Action.objects.select_for_update().select_related("item").get(pk=action.pk)
    forum = Forum.objects.select_related("partnership").get(pk=action.item.forum_id)
    access = forum_access(user, forum)
    if not (access.can_submit or access.is_secretary):
        raise PermissionDenied
    if action.status == Action.Status.DONE:
        raise ValidationError(_("The action is already done."), code="done")
    action.status, action.closed_by, action.closed_at = Action.Status.DONE, user, timezone.now()
    action.full_clean()
    action.save(update_fields=["status", "closed_by", "closed_at"])
    _record(
        forum.pk,
        user,
        _("Action done: %(action)s") % {"action": action.description},
        meeting=action.item.meeting,
    )
    return action


@transaction.atomic
def meeting_mark_held(
    *, meeting: Meeting, user, attendance: list[tuple[str, str, bool]]
) -> Meeting:
    """The meeting took place; `attendance` is (name, title, present) for each person."""
    meeting = _lock_meeting(meeting.pk)
    _secretary(user, meeting.forum)
    _require_open(meeting)
    if meeting.starts_at > timezone.now():
        raise ValidationError(
            _("The meeting has not started yet, so it cannot be marked as held."),
            code="not_started",
        )
    rows = []
    for name, title, present in attendance:
        row = Attendance(
            meeting=meeting,
            name=(name or "").strip(),
            title=(title or "").strip(),
            present=bool(present),
        )
        row.full_clean()
        rows.append(row)
    meeting.attendance.all().delete()
    Attendance.objects.bulk_create(rows)
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status"])
    _record(
        meeting.forum_id,
        user,
        _("Meeting held, %(present)s present") % {"present": sum(1 for r in rows if r.present)},
        meeting=meeting,
    )
    return meeting


@transaction.atomic
def minutes_approve(*, meeting: Meeting, user) -> Meeting:
    """Approve the minutes of a held meeting; its decisions and actions are then frozen."""
    meeting = _lock_meeting(meeting.pk)
    _secretary(user, meeting.forum)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(
            _("Only the minutes of a held meeting can be approved."), code="not_held"
        )
    meeting.status = MeetingStatus.MINUTES_APPROVED
    meeting.minutes_approved_at, meeting.minutes_approved_by = timezone.now(), user
    meeting.save(update_fields=["status", "minutes_approved_at", "minutes_approved_by"])
    _record(meeting.forum_id, user, _("Minutes approved"), meeting=meeting)
    return meeting


# --- escalation (7.0) ----------------------------------------------------------------------


def _escalation_history(item: AgendaItem, user, office: str) -> str:
    parts = [
        _("Escalated from %(office)s by %(name)s on %(date)s.")
        % {
            "office": office,
            "name": user.get_full_name() or user.get_username(),
            "date": _day(timezone.localdate()),
        },
        _("Local item: %(item)s") % {"item": _item_name(item)},
    ]
    if item.meeting is not None:
        parts.append(_("Local meeting: %(when)s") % {"when": _when(item.meeting.starts_at)})
    for label, text in (
        (_("Description"), item.description),
        (_("Minutes"), item.minutes),
        (_("Decision text"), item.decision),
    ):
        if text:
            parts.append(f"{label}:\n{text}")
    return "\n\n".join(parts)


@transaction.atomic
def item_escalate(*, item: AgendaItem, user) -> AgendaItem:
    """Send an item unresolved locally to the central committee (point 7.0): it appears there
    as a submitted item with its local history, on the committee's next planned meeting (or
    waiting, if none is planned)."""
    forum = _lock_forum(item.forum_id)
    forum = Forum.objects.select_related("partnership__office", "partnership__parent").get(
        pk=forum.pk
    )
    _secretary(user, forum)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    _require_ordinary(item)
    parent = forum.partnership.parent
    if parent is None:
        raise ValidationError(
            _("This partnership has no central partnership to escalate to."), code="no_central"
        )
    if item.escalations.exists():
        raise ValidationError(_("The item has already been escalated."), code="escalated")
    central = forum_for_partnership(partnership=parent)
    target = (
        central.meetings.filter(status__in=OPEN_MEETING_STATUSES, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first()
    )
    office = forum.partnership.office.name if forum.partnership.office else str(forum)
    prefix = _("Escalated from %(office)s: ") % {"office": office}
    escalated = AgendaItem(
        forum=central,
        meeting=target,
        kind=item.kind,
        title=(prefix + item.title)[:200],
        description=_escalation_history(item, user, office),
        owner=office,
        agreement_section=item.agreement_section,
        status=ItemStatus.SUBMITTED,
        submitted_by=user,
        escalated_from=item,
    )
    escalated.full_clean()
    escalated.save()
    _record(
        forum.pk,
        user,
        _("Item escalated to %(forum)s: %(item)s") % {"forum": central.name, "item": item.title},
        meeting=item.meeting,
    )
    _record(
        central.pk,
        user,
        _("Item escalated from %(office)s: %(item)s") % {"office": office, "item": item.title},
        meeting=target,
    )
    return escalated


@transaction.atomic
def item_attachment_add(*, item: AgendaItem, user, title: str, upload) -> ItemAttachment:
    """Attach a PDF to an item: its submitter or the secretary, until the minutes are
    approved. The file is checked by content (a readable, unencrypted PDF within the limit)."""
    forum = _lock_forum(item.forum_id)
    item = _lock_item(item.pk)
    access = forum_access(user, forum)
    if not (access.is_secretary or (access.can_submit and item.submitted_by_id == user.pk)):
        raise PermissionDenied
    if item.meeting_id:
        _require_not_frozen(Meeting.objects.get(pk=item.meeting_id))
    content = read_pdf_upload(upload)
    attachment = ItemAttachment(
        item=item,
        title=(title or "").strip(),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
    )
    attachment.file.save(f"{attachment.sha256}.pdf", ContentFile(content), save=False)
    attachment.full_clean()
    attachment.save()
    meeting = Meeting.objects.filter(pk=item.meeting_id).first()
    _record(
        forum.pk,
        user,
        _("Attachment added to %(item)s: %(title)s")
        % {"item": _item_name(item), "title": attachment.title},
        meeting=meeting,
        after_publication=_published(meeting),
    )
    return attachment
