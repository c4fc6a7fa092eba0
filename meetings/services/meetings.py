"""Planning a meeting, changing its time or place and telling the members, and cancelling
it. Every change a calendar shows raises the meeting's `ics_sequence`; the messages that
carry it (update, cancellation) are iTIP e-mails from the system on the secretary's behalf,
with replies to the secretary."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from navpartner.links import site_url
from navpartner.mail import automatic_email
from navpartner.templatetags.dates import weekday

from ..ics import meeting_ics
from ..models import AgendaItem, Forum, ForumMember, Meeting
from ..selectors import FIXED_ORDER, OPEN_MEETING_STATUSES
from ._common import (
    EventKind,
    ItemStatus,
    MeetingStatus,
    _aware,
    _deadline,
    _iso,
    _item_params,
    _lock_forum,
    _lock_meeting,
    _name,
    _published,
    _record,
    _require_open,
    _secretary,
)
from .yearplan import year_plan_put_on_agenda

# What a calendar shows of a meeting; a change to any of them raises its SEQUENCE.
CALENDAR_FIELDS = ("starts_at", "ends_at", "place", "video_link")

FIXED_KIND = {
    AgendaItem.Fixed.AGENDA: AgendaItem.Kind.DECISION,
    AgendaItem.Fixed.PREVIOUS_MINUTES: AgendaItem.Kind.DECISION,
    AgendaItem.Fixed.ACTIONS: AgendaItem.Kind.DISCUSSION,
}


@transaction.atomic
def meeting_plan(
    *, forum: Forum, user, starts_at, ends_at, place: str, video_link: str = ""
) -> Meeting:
    """A new meeting with the three fixed opening items already on its agenda, then the
    year plan's items that fall on it."""
    forum = _lock_forum(forum.pk)
    _secretary(user, forum)
    starts_at, ends_at = _aware(starts_at), _aware(ends_at)
    meeting = Meeting(
        forum=forum,
        starts_at=starts_at,
        ends_at=ends_at,
        place=(place or "").strip(),
        video_link=(video_link or "").strip(),
    )
    # Without a start there is no deadline either: full_clean says what is missing.
    if (deadline := _deadline(forum, starts_at)) is not None:
        meeting.submission_deadline = deadline
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
    _record(forum.pk, user, EventKind.MEETING_PLANNED, {"when": _iso(starts_at)}, meeting=meeting)
    year_plan_put_on_agenda(meeting=meeting, user=user)
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
    meeting.ics_sequence += 1
    meeting.full_clean()
    meeting.save(update_fields=[*fields, "ics_sequence"])
    _record(
        meeting.forum_id,
        user,
        EventKind.MEETING_CHANGED,
        {"when": _iso(meeting.starts_at), "place": meeting.place or meeting.video_link},
        meeting=meeting,
        after_publication=_published(meeting),
    )
    return meeting


def calendar_state(meeting: Meeting) -> dict:
    """What the members' calendars get of `meeting` (stored in `calendar_sent`)."""
    return {
        "starts_at": _iso(meeting.starts_at),
        "ends_at": _iso(meeting.ends_at),
        "place": meeting.place,
        "video_link": meeting.video_link,
    }


def _span(starts_at: str, ends_at: str) -> str:
    """ "tirsdag 10. mars 2026 kl. 10:00–12:00", Oslo time."""
    start = timezone.localtime(datetime.fromisoformat(starts_at))
    end = timezone.localtime(datetime.fromisoformat(ends_at))
    return f"{weekday(start, 'DATETIME_FORMAT')}–{time_format(end, 'TIME_FORMAT')}"


def meeting_changes(meeting: Meeting, sent: dict | None = None) -> list[str]:
    """What changed since the members were last told (`sent`: by default the meeting's
    `calendar_sent`), one sentence each in the active language; empty if nothing did or
    nothing was sent yet. No query."""
    sent = meeting.calendar_sent if sent is None else sent
    if not sent:
        return []
    now = calendar_state(meeting)
    changes = []
    times = ("starts_at", "ends_at")
    if any(datetime.fromisoformat(sent[t]) != datetime.fromisoformat(now[t]) for t in times):
        before = _span(sent["starts_at"], sent["ends_at"])
        after = _span(now["starts_at"], now["ends_at"])
        changes.append(
            _("The time has changed from %(before)s to %(after)s.")
            % {"before": before, "after": after}
        )
    none = _("none")
    if sent["place"] != now["place"]:
        changes.append(
            _("The place has changed from %(before)s to %(after)s.")
            % {"before": sent["place"] or none, "after": now["place"] or none}
        )
    if sent["video_link"] != now["video_link"]:
        changes.append(
            _("The video link has changed from %(before)s to %(after)s.")
            % {"before": sent["video_link"] or none, "after": now["video_link"] or none}
        )
    return changes


def meeting_recipients(forum: Forum) -> dict[str, ForumMember]:
    """The forum's members who get its e-mails, by address (one query)."""
    recipients: dict[str, ForumMember] = {}
    members = forum.members.filter(user__is_active=True).select_related("user").order_by("pk")
    for member in members:
        if member.user.email and member.user.email not in recipients:
            recipients[member.user.email] = member
    return recipients


def meeting_organizer(recipients: dict[str, ForumMember], user) -> tuple[str, str]:
    """The calendar's ORGANIZER: the forum's secretary, else `user` (who must then be the
    partnership's secretary to get this far); (name, e-mail)."""
    for email, member in recipients.items():
        if member.role == ForumMember.Role.SECRETARY:
            return _name(member.user), email
    return _name(user), user.email or settings.DEFAULT_FROM_EMAIL


def meeting_reply_to(recipients: dict[str, ForumMember], user) -> list[str]:
    """Where replies to a meeting's e-mail go: the forum's secretaries, else `user`."""
    secretaries = [e for e, m in recipients.items() if m.role == ForumMember.Role.SECRETARY]
    return secretaries or ([user.email] if user.email else [])


def _forum_with_names(forum_id) -> Forum:
    return Forum.objects.select_related(
        "partnership__office", "partnership__municipal_party", "partnership__state_party"
    ).get(pk=forum_id)


def _send_calendar_mail(
    meeting: Meeting,
    *,
    user,
    recipients: dict[str, ForumMember],
    template: str,
    context: dict,
    method: str,
    filename: str,
    language: str | None,
) -> int:
    """Render emails/<template>{_subject.txt,.txt,.html} and send it to each recipient with
    the meeting's iTIP message attached; the number sent."""
    base = site_url()
    url = base + reverse("meetings:meeting_detail", args=[meeting.pk]) if base else ""
    # In the partnership's document language, as the invitation it follows up.
    with translation.override(language or meeting.forum.partnership.document_language):
        context = {**context, "meeting": meeting, "forum": meeting.forum, "url": url}
        subject = "".join(
            loader.render_to_string(f"emails/{template}_subject.txt", context).splitlines()
        )
        context["subject"] = subject
        body = loader.render_to_string(f"emails/{template}.txt", context)
        html = loader.render_to_string(f"emails/{template}.html", context)
    calendar = meeting_ics(
        meeting,
        organizer=meeting_organizer(recipients, user),
        attendees=[(_name(m.user), email) for email, m in recipients.items()],
        method=method,
        description=body,
        url=url,
    )
    reply_to = meeting_reply_to(recipients, user)
    messages = []
    for email in recipients:
        message = automatic_email(
            subject=subject, text=body, html=html, to=[email], reply_to=reply_to
        )
        message.attach(filename, calendar, f"text/calendar; method={method}")
        messages.append(message)
    if not messages:
        return 0
    return get_connection().send_messages(messages) or 0


def meeting_send_update(*, meeting: Meeting, user, language: str | None = None) -> int:
    """Tell every member that the time or place changed since they were last told: an e-mail
    saying what changed, with the updated calendar event (METHOD:REQUEST, the same UID, a
    higher SEQUENCE). The number of e-mails sent; the mail goes out once the change is
    written (call it outside any other transaction)."""
    with transaction.atomic():
        meeting = _lock_meeting(meeting.pk)
        meeting.forum = _forum_with_names(meeting.forum_id)
        _secretary(user, meeting.forum)
        _require_open(meeting)
        if not _published(meeting):
            raise ValidationError(
                _("The invitation has not been sent yet; send it, and it has the new time."),
                code="not_published",
            )
        sent = meeting.calendar_sent
        if not meeting_changes(meeting, sent):
            raise ValidationError(
                _("Time and place are as the members were last told; there is nothing to send."),
                code="unchanged",
            )
        meeting.calendar_sent = calendar_state(meeting)
        meeting.save(update_fields=["calendar_sent"])
        recipients = meeting_recipients(meeting.forum)
        _record(
            meeting.forum_id,
            user,
            EventKind.MEETING_UPDATE_SENT,
            {"count": len(recipients)},
            meeting=meeting,
            after_publication=True,
        )
    with translation.override(language or meeting.forum.partnership.document_language):
        changes = meeting_changes(meeting, sent)
    return _send_calendar_mail(
        meeting,
        user=user,
        recipients=recipients,
        template="meeting_update",
        context={"changes": changes},
        method="REQUEST",
        filename="endring.ics",
        language=language,
    )


def _cancel_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Write a reason; every member gets it with the cancellation."),
                    code="reason_required",
                )
            }
        )
    return reason


def meeting_cancel(*, meeting: Meeting, user, reason: str, language: str | None = None) -> int:
    """Cancel a meeting not yet held: every member gets the cancellation by e-mail with the
    reason and an iTIP METHOD:CANCEL for the calendar event (the same UID, a higher
    SEQUENCE); the items submitted or on its agenda go back to wait for a meeting of the
    forum (deferred, the reason theirs). The number of e-mails sent; the mail goes out once
    the change is written (call it outside any other transaction)."""
    with transaction.atomic():
        forum = _lock_forum(meeting.forum_id)
        _secretary(user, forum)
        meeting = _lock_meeting(meeting.pk)
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("The meeting is already cancelled."), code="cancelled")
        if meeting.status not in OPEN_MEETING_STATUSES:
            raise ValidationError(
                _("The meeting has been held, so it can no longer be cancelled."),
                code="meeting_held",
            )
        reason = _cancel_reason(reason)
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancelled_at = timezone.now()
        meeting.cancelled_reason = reason[:500]
        meeting.ics_sequence += 1
        meeting.calendar_sent = calendar_state(meeting)
        meeting.full_clean()
        meeting.save(
            update_fields=[
                "status",
                "cancelled_at",
                "cancelled_reason",
                "ics_sequence",
                "calendar_sent",
            ]
        )
        items = list(
            AgendaItem.objects.select_for_update()
            .filter(
                meeting=meeting,
                fixed=AgendaItem.Fixed.NONE,
                status__in=(ItemStatus.SUBMITTED, ItemStatus.ACCEPTED),
            )
            .order_by("position", "pk")
        )
        for item in items:
            item.meeting = None
            item.status = ItemStatus.DEFERRED
            item.status_reason = reason[:500]
            item.position = 0
            _record(
                forum.pk,
                user,
                EventKind.ITEM_DEFERRED,
                {"where": None, "item": _item_params(item), "reason": reason},
                meeting=meeting,
                after_publication=_published(meeting),
            )
        AgendaItem.objects.bulk_update(items, ["meeting", "status", "status_reason", "position"])
        meeting.forum = _forum_with_names(forum.pk)
        recipients = meeting_recipients(forum)
        _record(
            forum.pk,
            user,
            EventKind.MEETING_CANCELLED,
            {"reason": reason, "count": len(recipients), "items": len(items)},
            meeting=meeting,
            after_publication=_published(meeting),
        )
    return _send_calendar_mail(
        meeting,
        user=user,
        recipients=recipients,
        template="meeting_cancelled",
        context={"reason": reason, "items": items},
        method="CANCEL",
        filename="avlysning.ics",
        language=language,
    )
