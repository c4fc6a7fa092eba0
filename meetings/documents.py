"""The printed papers of a meeting: the invitation with the agenda (møteinnkalling) and the
minutes (møteprotokoll), as HTML for navpartner.pdf.render_pdf. Registered with the document
pipeline from ``MeetingsConfig.ready``.

The context is built here, in a fixed number of queries; the templates only read it (no query
is made while rendering). Everything a user wrote is plain text: the templates escape it and
keep its line breaks.
"""

from dataclasses import dataclass, field
from functools import partial

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.selectors import archive_references
from navpartner.documents import DocumentPage, Printable, document_kind_register
from navpartner.models import RenderedDocument
from navpartner.services import PAGES_MARKER, appendix_page_marker

from .models import Action, AgendaItem, ForumMember, ItemAttachment, Meeting
from .selectors import ForumAccess, meeting_agenda, meeting_get_for_user

#: The papers a meeting prints, by the name its "make PDF" form posts.
KINDS = {
    "invitation": "meeting_invitation",
    "minutes": "meeting_minutes",
    # Public versions (offentleglova): what is exempt is replaced by the legal basis.
    "invitation_public": "meeting_invitation_public",
    "minutes_public": "meeting_minutes_public",
    # The møtebok: the invitation followed by every item's attachments, in one PDF.
    "pack": "meeting_pack",
    "pack_public": "meeting_pack_public",
}

ROLE_ORDER = {
    ForumMember.Role.CHAIR: 0,
    ForumMember.Role.SECRETARY: 1,
    ForumMember.Role.MEMBER: 2,
    ForumMember.Role.INVITED: 3,
}


@dataclass
class PrintedAttachment:
    """One attachment as the invitation lists it under its item."""

    attachment: ItemAttachment
    withheld: str = ""  # in a public version: the notice shown instead ("" when public)
    page: str = ""  # in the pack: where it starts (a marker the renderer fills in)


@dataclass
class DocumentItem:
    """One row of the agenda as printed."""

    item: AgendaItem
    # "Sak 03/26"; a fixed opening item, which has no number in the forum's series, its
    # place in the agenda ("1", "2", "3").
    label: str
    kind_label: str  # the model's label, as on the page and in the e-mail ("Vedtakssak")
    is_fixed: bool
    is_follow_up: bool  # the fixed item "follow-up of open actions"
    is_decision: bool
    actions: list[Action] = field(default_factory=list)
    carried_actions: list[Action] = field(default_factory=list)
    # In a public version: the notice shown instead of what is exempt ("" when public).
    withheld_item: str = ""  # title, description, minutes, decision and actions
    withheld_minutes: str = ""  # minutes, decision and actions
    attachments: list[PrintedAttachment] = field(default_factory=list)


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
    # The approvals standing when the minutes were approved, in order (none for minutes
    # approved before the parties approved them: then `approved_by`).
    approvals: list = field(default_factory=list)


def _withheld(item: AgendaItem, public: bool) -> tuple[str, str]:
    if not public or not item.is_exempt:
        return "", ""
    notice = item.exemption_notice
    return ("" if item.content_public else notice), notice


def _attachments(item: AgendaItem, *, public: bool, withheld_item: str) -> list[PrintedAttachment]:
    """The item's attachments (prefetched by ``meeting_agenda``); in a public version an
    exempt one, or any of a withheld item, is named by its notice only."""
    return [
        PrintedAttachment(
            attachment=attachment,
            withheld=(attachment.exemption_notice or withheld_item) if public else "",
        )
        for attachment in item.attachments.all()
    ]


def _document(meeting: Meeting, *, public: bool = False) -> MeetingDocument:
    """Everything both papers need; nine queries, however many items, actions and members.
    ``public``: the public version, in which exempt items and minutes entries are withheld."""
    meeting = Meeting.objects.select_related(
        "forum__partnership__office",
        "forum__partnership__municipal_party__parent",
        "forum__partnership__state_party",
        "minutes_approved_by",
    ).get(pk=meeting.pk)
    forum = meeting.forum
    agenda = meeting_agenda(meeting)
    items = [
        DocumentItem(
            item=row.item,
            label=row.item.label or (str(place) if row.item.fixed else ""),
            kind_label=row.item.get_kind_display(),
            is_fixed=bool(row.item.fixed),
            is_follow_up=row.item.fixed == AgendaItem.Fixed.ACTIONS,
            is_decision=row.item.kind == AgendaItem.Kind.DECISION,
            actions=row.actions,
            carried_actions=row.carried_actions,
            withheld_item=_withheld(row.item, public)[0],
            withheld_minutes=_withheld(row.item, public)[1],
            attachments=_attachments(
                row.item, public=public, withheld_item=_withheld(row.item, public)[0]
            ),
        )
        for place, row in enumerate(agenda.rows, start=1)
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
        approvals=list(meeting.minutes_approvals.filter(withdrawn_at__isnull=True)),
    )


def _context(meeting: Meeting, *, kind: str, public: bool = False) -> dict:
    """``kind``: the paper, whose journalpost in the archive its header shows once filed."""
    doc = _document(meeting, public=public)
    return {
        "archive": archive_references(doc.partnership, kind, meeting.pk),
        "public": public,
        "pack": False,
        "doc": doc,
        "meeting": doc.meeting,
        "forum": doc.forum,
        "partnership": doc.partnership,
        "items": doc.items,
        # Approved minutes are frozen: the same paper, whenever it is printed.
        "generated_at": doc.meeting.minutes_approved_at or timezone.now(),
    }


def meeting_invitation_context(meeting: Meeting, *, public: bool = False) -> dict:
    """The context of templates/pdf/meeting_invitation.html."""
    return _context(meeting, kind=KINDS["invitation"], public=public)


def meeting_minutes_context(meeting: Meeting, *, public: bool = False) -> dict:
    """The context of templates/pdf/meeting_minutes.html."""
    return _context(meeting, kind=KINDS["minutes"], public=public)


def meeting_invitation_html(meeting: Meeting) -> str:
    """The møteinnkalling: who is invited, when and where, the deadline for items and the
    numbered agenda with each item's description."""
    return render_to_string("pdf/meeting_invitation.html", meeting_invitation_context(meeting))


def meeting_minutes_html(meeting: Meeting) -> str:
    """The møteprotokoll: attendance, and per item the minutes, the decision and the actions;
    marked as a draft until the minutes are approved."""
    return render_to_string("pdf/meeting_minutes.html", meeting_minutes_context(meeting))


def _public_title(title: str, public: bool) -> str:
    return _("%(document)s (public version)") % {"document": title} if public else title


def meeting_invitation_printable(meeting: Meeting, *, public: bool = False) -> Printable:
    context = meeting_invitation_context(meeting, public=public)
    return Printable(
        title=_public_title(f"{_('Meeting invitation')} – {meeting}", public),
        html=render_to_string("pdf/meeting_invitation.html", context),
        pdf_variant="pdf/ua-1",
    )


def _packed(items: list[DocumentItem]) -> list[tuple[DocumentItem, PrintedAttachment]]:
    """The attachments the pack appends, in agenda order, each told where it starts."""
    packed = [
        (entry, printed) for entry in items for printed in entry.attachments if not printed.withheld
    ]
    for index, (_entry, printed) in enumerate(packed):
        printed.page = appendix_page_marker(index)
    return packed


def meeting_pack_printable(meeting: Meeting, *, public: bool = False) -> Printable:
    """The møtebok: the invitation, listing each item's attachments with the page where it
    starts, followed by the attachments in agenda order; each has a bookmark ("Sak 03/26 –
    Budsjett", under "Vedlegg") and every page says "Side X av Y" for the whole pack. The
    public pack leaves out what is exempt (the invitation names it by its notice)."""
    context = meeting_invitation_context(meeting, public=public)
    packed = _packed(context["items"])
    context.update(pack=True, pages_total=PAGES_MARKER)
    return Printable(
        title=_public_title(f"{_('Meeting pack')} – {meeting}", public),
        html=render_to_string("pdf/meeting_invitation.html", context),
        appendices=[printed.attachment.file.name for _entry, printed in packed],
        appendix_titles=[
            f"{entry.item.label or entry.item.heading} – {printed.attachment.title}"
            for entry, printed in packed
        ],
        appendix_heading=_("Attachments"),
        page_label=_("Page %(number)s of %(total)s"),
        pdf_variant="pdf/ua-1",
    )


def meeting_minutes_printable(meeting: Meeting, *, public: bool = False) -> Printable:
    """Approved minutes are a public record for the archive (PDF/A-3a); a draft is a paper to
    read (PDF/UA-1)."""
    context = meeting_minutes_context(meeting, public=public)
    return Printable(
        title=_public_title(f"{_('Minutes of the meeting')} – {meeting}", public),
        html=render_to_string("pdf/meeting_minutes.html", context),
        pdf_variant="pdf/ua-1" if context["doc"].draft else "pdf/a-3a",
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
        (KINDS["invitation_public"], partial(meeting_invitation_printable, public=True)),
        (KINDS["minutes_public"], partial(meeting_minutes_printable, public=True)),
        (KINDS["pack"], meeting_pack_printable),
        (KINDS["pack_public"], partial(meeting_pack_printable, public=True)),
    ):
        document_kind_register(
            kind=kind,
            model=Meeting,
            get_for_user=meeting_get_for_user,
            build=build,
            page=meeting_document_page,
            language=lambda meeting: meeting.forum.partnership.document_language,
        )
