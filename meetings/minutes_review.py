"""Reads for the review of a meeting's minutes: the text the members read (and its hash, to
which every approval is bound), what changed between two texts, the comments, and who
approves in what capacity under the forum's rule. Selectors: no writes."""

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.html import linebreaks

from agreements.redline import redline_html
from partnerships.models import OWNER_SIDES, Side
from partnerships.selectors import partnership_access

from .models import (
    Action,
    AgendaItem,
    ForumMember,
    Meeting,
    MinutesApproval,
    MinutesApprovers,
    MinutesCapacity,
    MinutesComment,
    MinutesText,
    item_label,
)
from .selectors import FIXED_ORDER, ForumAccess


def minutes_content(meeting: Meeting) -> dict:
    """What the members read in the minutes, in no language: attendance, then per item (in
    the agenda's order) its number, title, minutes, decision and the actions it gave. Standing
    items are named by their kind, said in the reader's language on display. Two queries."""
    rank = {kind: n for n, kind in enumerate(FIXED_ORDER)}
    items = sorted(
        AgendaItem.objects.filter(
            Q(fixed__gt="") | Q(status=AgendaItem.Status.ACCEPTED), meeting=meeting
        ).prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("due_date", "pk"))),
        key=lambda i: (0, rank.get(i.fixed, 0), 0) if i.fixed else (1, i.position, i.pk),
    )
    return {
        "attendance": [
            [a.name, a.title, a.present]
            for a in meeting.attendance.order_by("-present", "name", "pk")
        ],
        "items": [
            {
                "id": item.pk,
                "number": item.number,
                "year": item.year,
                "fixed": item.fixed,
                "title": "" if item.fixed else item.title,
                "minutes": item.minutes,
                "decision": item.decision,
                "actions": [
                    [a.description, a.owner, a.due_date.isoformat()] for a in item.actions.all()
                ],
            }
            for item in items
        ],
    }


def minutes_hash(content: dict) -> str:
    """SHA-256 of the canonical JSON of the minutes' content."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class ItemChange:
    """One item whose minutes, decision or actions differ between two texts."""

    heading: str
    minutes: str  # the redline, as HTML
    decision: str
    actions_before: list
    actions_after: list


def _heading(entry: dict) -> str:
    if entry["fixed"]:
        return str(AgendaItem.Fixed(entry["fixed"]).label)
    return f"{item_label(entry['number'], entry['year'])} {entry['title']}".strip()


def minutes_changes(old: dict, new: dict) -> list[ItemChange]:
    """What changed from the text `old` to `new`, item by item, as redlines. No query."""
    before = {entry["id"]: entry for entry in old["items"]}
    changes = []
    for entry in new["items"]:
        was = before.get(entry["id"], {"minutes": "", "decision": "", "actions": []})
        if all(was[key] == entry[key] for key in ("minutes", "decision", "actions")):
            continue
        changes.append(
            ItemChange(
                heading=_heading(entry),
                minutes=redline_html(linebreaks(was["minutes"]), linebreaks(entry["minutes"])),
                decision=redline_html(linebreaks(was["decision"]), linebreaks(entry["decision"])),
                actions_before=was["actions"] if was["actions"] != entry["actions"] else [],
                actions_after=entry["actions"] if was["actions"] != entry["actions"] else [],
            )
        )
    return changes


def minutes_text_get(meeting: Meeting, content_hash: str) -> MinutesText | None:
    """The text of the minutes the members read when its hash was `content_hash`."""
    return MinutesText.objects.filter(meeting=meeting, content_hash=content_hash).first()


def minutes_capacities(meeting: Meeting) -> tuple[str, ...]:
    """The capacities whose approvals make the minutes approved, by the forum's rule. Under
    "the chair and the other owner" the other owner is the side the chair does not sit for;
    when the forum has no chair, or the chair sits for neither owner or both, a representative
    of each owner approves instead. At most three queries."""
    forum = meeting.forum
    if forum.minutes_approvers == MinutesApprovers.CHAIR_AND_OTHER_SIDE:
        chair = forum.members.filter(role=ForumMember.Role.CHAIR).select_related("user").first()
        if chair is not None:
            sides = partnership_access(chair.user, forum.partnership).sides & set(OWNER_SIDES)
            if len(sides) == 1:
                other = Side.STATE if Side.MUNICIPAL in sides else Side.MUNICIPAL
                return (MinutesCapacity.CHAIR, MinutesCapacity(str(other)))
    return (MinutesCapacity.MUNICIPAL, MinutesCapacity.STATE)


def may_approve_as(access: ForumAccess, capacity: str) -> bool:
    """Whether the user may approve the minutes in `capacity`: the forum's chair as chair; a
    permanent member of the forum who sits on that owner's side in the partnership for it.
    No query."""
    member = access.member
    if member is None or not member.is_permanent or not access.can_read:
        return False
    if capacity == MinutesCapacity.CHAIR:
        return member.role == ForumMember.Role.CHAIR
    return not access.access.via_covered_municipality and capacity in access.access.sides


@dataclass(frozen=True)
class CapacityRow:
    capacity: str
    label: str
    approval: MinutesApproval | None
    mine: bool  # the user may approve in this capacity now


@dataclass(frozen=True)
class MinutesReview:
    """The review of a held meeting's minutes as one user sees it."""

    meeting: Meeting
    content_hash: str
    published: bool
    deadline: date | None
    comments_open: bool
    approval_open: bool
    rows: list[CapacityRow]
    comments: list[MinutesComment]
    withdrawn: list[MinutesApproval]
    may_comment: bool
    i_approved: bool

    @property
    def waiting_for(self) -> list[CapacityRow]:
        return [row for row in self.rows if row.approval is None]

    def comments_on(self, item_id: int | None) -> list[MinutesComment]:
        return [c for c in self.comments if c.item_id == item_id]


def _deadline(meeting: Meeting) -> date | None:
    """The comment deadline of a draft out for comment on a held meeting (else None)."""
    if meeting.status != Meeting.Status.HELD or meeting.minutes_published_at is None:
        return None
    return meeting.minutes_comment_deadline


def comments_open(meeting: Meeting, today: date | None = None) -> bool:
    """Members may comment from the draft until the end of the deadline day."""
    deadline = _deadline(meeting)
    return deadline is not None and (today or timezone.localdate()) <= deadline


def approval_open(meeting: Meeting, today: date | None = None) -> bool:
    """Approval opens the day after the comment deadline."""
    deadline = _deadline(meeting)
    return deadline is not None and (today or timezone.localdate()) > deadline


def minutes_review(meeting: Meeting, access: ForumAccess, user) -> MinutesReview:
    """Everything the meeting page shows of the review; a constant number of queries (the
    content, the approvals, the comments with their authors and the chair's side)."""
    content_hash = minutes_hash(minutes_content(meeting))
    approvals = list(meeting.minutes_approvals.all())
    standing = {a.capacity: a for a in approvals if a.withdrawn_at is None}
    is_open, commenting = approval_open(meeting), comments_open(meeting)
    mine_taken = any(a.user_id == user.pk for a in standing.values())
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        # As approved (the forum's rule may have changed since); none before approvals existed.
        capacities: tuple[str, ...] = tuple(standing)
    else:
        capacities = minutes_capacities(meeting)
    rows = [
        CapacityRow(
            capacity=capacity,
            label=str(MinutesCapacity(capacity).label),
            approval=standing.get(capacity),
            mine=is_open
            and capacity not in standing
            and not mine_taken
            and may_approve_as(access, capacity),
        )
        for capacity in capacities
    ]
    return MinutesReview(
        meeting=meeting,
        content_hash=content_hash,
        published=meeting.minutes_published_at is not None,
        deadline=meeting.minutes_comment_deadline,
        comments_open=commenting,
        approval_open=is_open,
        rows=rows,
        comments=list(meeting.minutes_comments.select_related("author", "item")),
        withdrawn=[a for a in approvals if a.withdrawn_at is not None],
        may_comment=commenting and (access.can_submit or access.is_secretary),
        i_approved=mine_taken,
    )
