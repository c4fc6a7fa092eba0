"""The printed papers of a meeting: the invitation with the agenda (møteinnkalling) and the
minutes (møteprotokoll), as HTML for navpartner.pdf.render_pdf. Registered with the document
pipeline from ``MeetingsConfig.ready``.

The context is built here, in a fixed number of queries; the templates only read it (no query
is made while rendering). Everything a user wrote is plain text: the templates escape it and
keep its line breaks.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from navpartner.documents import DocumentPage, Printable, document_kind_register
from navpartner.models import RenderedDocument

from .models import Action, AgendaItem, ForumMember, Meeting
from .selectors import ForumAccess, meeting_agenda, meeting_get_for_user

#: The papers a meeting prints, by the name its "make PDF" form posts.
KINDS = {"invitation": "meeting_invitation", "minutes": "meeting_minutes"}

ROLE_ORDER = {
    ForumMember.Role.CHAIR: 0,
    ForumMember.Role.SECRETARY: 1,
    ForumMember.Role.MEMBER: 2,
    ForumMember.Role.INVITED: 3,
}


def _kind_labels() -> dict[str, str]:
    # The words of a Norwegian saksliste ("Vedtakssak"), not the model's choice labels.
    return {
        AgendaItem.Kind.ORIENTATION: _("Orientation item"),
        AgendaItem.Kind.DISCUSSION: _("Discussion item"),
        AgendaItem.Kind.DECISION: _("Decision item"),
    }


@dataclass
class DocumentItem:
    """One row of the agenda as printed."""

    item: AgendaItem
    label: str  # "Sak 03/26", empty for the fixed opening items
    kind_label: str
    is_fixed: bool
    is_follow_up: bool  # the fixed item "follow-up of open actions"
    is_decision: bool
    actions: list[Action] = field(default_factory=list)
    carried_actions: list[Action] = field(default_factory=list)


@dataclass
class MeetingDocument:
    meeting: Meeting
    forum: object
    partnership: object
    items: list[DocumentItem]
    members: list[ForumMember]
    secretary: ForumMember | None
    present: list
    absent: list
    approved_by: str
    draft: bool


def _document(meeting: Meeting) -> MeetingDocument:
    """Everything both papers need; eight queries, however many items, actions and members."""
    meeting = Meeting.objects.select_related(
        "forum__partnership__office",
        "forum__partnership__municipal_party__parent",
        "forum__partnership__state_party",
        "minutes_approved_by",
    ).get(pk=meeting.pk)
    forum = meeting.forum
    agenda = meeting_agenda(meeting)
    kinds = _kind_labels()
    items = [
        DocumentItem(
            item=row.item,
            label=row.item.label,
            kind_label=kinds.get(row.item.kind, ""),
            is_fixed=bool(row.item.fixed),
            is_follow_up=row.item.fixed == AgendaItem.Fixed.ACTIONS,
            is_decision=row.item.kind == AgendaItem.Kind.DECISION,
            actions=row.actions,
            carried_actions=row.carried_actions,
        )
        for row in agenda.rows
    ]
    members = sorted(
        forum.members.select_related("user"),
        key=lambda m: (
            ROLE_ORDER.get(m.role, 9),
            m.user.last_name,
            m.user.first_name,
            m.user.username,
        ),
    )
    attendance = list(meeting.attendance.all())
    approver = meeting.minutes_approved_by
    approved_by = (approver.get_full_name() or approver.get_username()) if approver else ""
    return MeetingDocument(
        meeting=meeting,
        forum=forum,
        partnership=forum.partnership,
        items=items,
        members=members,
        secretary=next((m for m in members if m.role == ForumMember.Role.SECRETARY), None),
        present=[a for a in attendance if a.present],
        absent=[a for a in attendance if not a.present],
        approved_by=approved_by,
        draft=meeting.status != Meeting.Status.MINUTES_APPROVED,
    )


def _context(meeting: Meeting) -> dict:
    doc = _document(meeting)
    return {
        "doc": doc,
        "meeting": doc.meeting,
        "forum": doc.forum,
        "partnership": doc.partnership,
        "items": doc.items,
        "generated_at": timezone.now(),
    }


def meeting_invitation_context(meeting: Meeting) -> dict:
    """The context of templates/pdf/meeting_invitation.html."""
    return _context(meeting)


def meeting_minutes_context(meeting: Meeting) -> dict:
    """The context of templates/pdf/meeting_minutes.html."""
    return _context(meeting)


def meeting_invitation_html(meeting: Meeting) -> str:
    """The møteinnkalling: who is invited, when and where, the deadline for items and the
    numbered agenda with each item's description."""
    return render_to_string("pdf/meeting_invitation.html", meeting_invitation_context(meeting))


def meeting_minutes_html(meeting: Meeting) -> str:
    """The møteprotokoll: attendance, and per item the minutes, the decision and the actions;
    marked as a draft until the minutes are approved."""
    return render_to_string("pdf/meeting_minutes.html", meeting_minutes_context(meeting))


def meeting_invitation_printable(meeting: Meeting) -> Printable:
    return Printable(
        title=f"{_('Meeting invitation')} – {meeting}", html=meeting_invitation_html(meeting)
    )


def meeting_minutes_printable(meeting: Meeting) -> Printable:
    return Printable(
        title=f"{_('Minutes of the meeting')} – {meeting}", html=meeting_minutes_html(meeting)
    )


def meeting_document_page(
    access: tuple[ForumAccess, Meeting], document: RenderedDocument
) -> DocumentPage:
    forum_access, meeting = access
    return DocumentPage(
        template="meetings/document_detail.html",
        retry_url=reverse("meetings:meeting_pdf", args=[meeting.pk]),
        retry_kind=document.kind.removeprefix("meeting_"),
        context={"meeting": meeting, "forum": forum_access.forum},
    )


def documents_register() -> None:
    for kind, build in (
        (KINDS["invitation"], meeting_invitation_printable),
        (KINDS["minutes"], meeting_minutes_printable),
    ):
        document_kind_register(
            kind=kind,
            model=Meeting,
            get_for_user=meeting_get_for_user,
            build=build,
            page=meeting_document_page,
        )
