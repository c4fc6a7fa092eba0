"""Replies to an invitation: a member says whether they come (forfall if not), perhaps naming
a substitute, who is then sent the papers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Forum, Meeting, MeetingResponse
from ..selectors import meeting_agenda
from ._common import MeetingStatus, _lock_meeting
from .agenda import invitation_messages
from .meetings import meeting_organizer, meeting_reply_to


@transaction.atomic
def meeting_respond(
    *,
    meeting: Meeting,
    user,
    attending: bool,
    substitute_name: str = "",
    substitute_email: str = "",
) -> MeetingResponse:
    """Record the user's answer for the meeting (a later answer replaces it): only a member
    of the forum, only before the meeting starts. A substitute named with an e-mail address
    gets the invitation at once if it is already sent (and with every later sending)."""
    meeting = _lock_meeting(meeting.pk)
    forum = Forum.objects.select_related(
        "partnership__office", "partnership__municipal_party", "partnership__state_party"
    ).get(pk=meeting.forum_id)
    meeting.forum = forum
    member = forum.members.filter(user=user).select_related("user").first()
    if member is None:
        raise PermissionDenied
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.INVITED) or (
        meeting.starts_at <= timezone.now()
    ):
        raise ValidationError(
            _("The meeting has started, is held or is cancelled: replies are closed."),
            code="replies_closed",
        )
    response = MeetingResponse.objects.filter(meeting=meeting, member=member).first()
    previous_substitute = response.substitute_email if response else ""
    response = response or MeetingResponse(meeting=meeting, member=member)
    response.attending = attending
    response.substitute_name = substitute_name or ""
    response.substitute_email = (substitute_email or "").strip()
    response.answered_at = timezone.now()
    response.full_clean()
    response.save()
    if (
        meeting.published_at
        and response.substitute_email
        and response.substitute_email != previous_substitute
    ):
        _send_papers(meeting, forum, response)
    return response


def _send_papers(meeting: Meeting, forum: Forum, response: MeetingResponse) -> None:
    """The invitation, as the members got it, to the substitute; after the commit."""
    members = {
        m.user.email: m
        for m in forum.members.filter(user__is_active=True).select_related("user")
        if m.user.email
    }
    messages = invitation_messages(
        meeting,
        forum,
        meeting_agenda(meeting),
        attendees={email: m.user.get_full_name() for email, m in members.items()}
        | {response.substitute_email: response.substitute_name},
        organizer=meeting_organizer(members, response.member.user),
        reply_to=meeting_reply_to(members, response.member.user),
        to=[response.substitute_email],
    )
    transaction.on_commit(lambda: [message.send() for message in messages])
