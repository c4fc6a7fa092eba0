"""Reads of forums and meetings, and the one permission gate for them.

A forum belongs to a partnership: whoever may not see the partnership gets 404 for the forum
and everything in it. Within it, the forum's own roles decide who may submit items (every
permanent member) and who builds the agenda (the secretary, or the partnership's secretary,
i.e. the NAV-leder). Every page selector runs a constant number of queries.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils import timezone
from django.utils.dates import MONTHS

from agreements.models import Agreement, AgreementSection, StructuredKind
from partnerships.models import Partnership
from partnerships.selectors import (
    PartnershipAccess,
    child_get,
    partnership_access,
    partnership_members,
    partnership_prefetch,
    partnership_visible_access,
)

from .models import (
    Action,
    AgendaItem,
    Forum,
    ForumMember,
    ItemAttachment,
    Meeting,
    MeetingEvent,
    YearPlanItem,
)

OPEN_MEETING_STATUSES = (Meeting.Status.PLANNED, Meeting.Status.INVITED)
# An item with no meeting waits for one: deferred, or escalated to a committee with no meeting
# planned.
WAITING = Q(
    meeting__isnull=True, status__in=(AgendaItem.Status.SUBMITTED, AgendaItem.Status.DEFERRED)
)
HELD_STATUSES = (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED)
FIXED_ORDER = (
    AgendaItem.Fixed.AGENDA,
    AgendaItem.Fixed.PREVIOUS_MINUTES,
    AgendaItem.Fixed.ACTIONS,
)


@dataclass(frozen=True)
class ForumAccess:
    """What one user may do in one forum."""

    forum: Forum
    access: PartnershipAccess
    member: ForumMember | None

    @property
    def can_read(self) -> bool:
        return self.access.can_view

    @property
    def is_secretary(self) -> bool:
        """Builds the agenda: the partnership's secretary (the NAV-leder) or the forum's."""
        return self.can_read and (
            self.access.is_secretary
            or (self.member is not None and self.member.role == ForumMember.Role.SECRETARY)
        )

    @property
    def can_submit(self) -> bool:
        """May submit items and close actions: a permanent member of the forum, or anyone who
        may change the partnership. A read-only partnership member who is not a permanent
        forum member only reads."""
        return self.can_read and (
            (self.member is not None and self.member.is_permanent) or self.access.can_edit
        )


def require_secretary(access: ForumAccess) -> ForumAccess:
    """The agenda, minutes and members are the secretary's: 403 for anyone else who reads the
    forum. Views and services ask this one rule."""
    if not access.is_secretary:
        raise PermissionDenied
    return access


def action_may_close(access: ForumAccess) -> bool:
    """Who may mark an action done: any permanent member, or the secretary."""
    return access.can_submit or access.is_secretary


def item_may_attach(access: ForumAccess, item: AgendaItem, user) -> bool:
    """Who may attach a PDF to an item: the secretary, or its submitter while a permanent
    member."""
    return access.is_secretary or (access.can_submit and item.submitted_by_id == user.pk)


def forum_access(user, forum: Forum, access: PartnershipAccess | None = None) -> ForumAccess:
    """The user's access to a forum already loaded (services use this; pages use the gate),
    given their ``access`` to its partnership if the caller has it."""
    member = None
    if user.is_authenticated:
        member = ForumMember.objects.filter(forum=forum, user=user).first()
    if access is None:
        access = partnership_access(user, forum.partnership)
    return ForumAccess(forum, access, member)


def forum_get_for_user(user, forum_pk) -> ForumAccess:
    """The gate: 404 for anyone who may not see the forum's partnership."""
    forum = Forum.objects.filter(pk=forum_pk).prefetch_related(partnership_prefetch()).first()
    if forum is None:
        raise Http404
    return _forum_gate(user, forum)


def meeting_get_for_user(user, pk) -> tuple[ForumAccess, Meeting]:
    """The forum gate for a meeting's URL: the meeting with its forum in one query, then
    the forum's gate (404 for outsiders)."""
    meeting = Meeting.objects.select_related("forum").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    prefetch_related_objects([meeting.forum], partnership_prefetch())
    return _forum_gate(user, meeting.forum), meeting


def _forum_gate(user, forum: Forum) -> ForumAccess:
    """The user's access to a forum read with its partnership (partnership_prefetch); 404
    for anyone who may not read it."""
    access = forum_access(user, forum, partnership_visible_access(user, forum.partnership))
    if not access.can_read:
        raise Http404
    return access


def forum_of_partnership(partnership: Partnership) -> Forum | None:
    """The partnership's forum (made with the partnership), or None for one made before
    forums were; one query. Reading it never makes one."""
    forum = Forum.objects.filter(partnership_id=partnership.pk).first()
    if forum is not None:
        forum.partnership = partnership
    return forum


def meeting_get(forum: Forum, meeting_pk) -> Meeting:
    """A meeting of a forum the caller already passed through the gate."""
    return child_get(forum.meetings, meeting_pk)


def item_get(forum: Forum, item_pk) -> AgendaItem:
    """An agenda item of a forum the caller already passed through the gate."""
    return child_get(forum.items, item_pk, "meeting")


def meeting_item_get(forum: Forum, meeting: Meeting, item_pk) -> AgendaItem:
    """An item of this meeting, or one of the forum's waiting for a meeting (404 else)."""
    item = item_get(forum, item_pk)
    if item.meeting_id not in (meeting.pk, None):
        raise Http404
    return item


def agreement_sections(partnership: Partnership) -> list[AgreementSection]:
    """The points of the partnership's current agreement (the one in force, else the newest
    version) for an item to refer to; one query, however many points. Each point comes with
    its agreement's id and partnership (what the services check of it), nothing more."""
    current = (
        Agreement.objects.filter(partnership=partnership)
        .annotate(
            in_force=Case(
                When(status=Agreement.Status.IN_FORCE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("in_force", "-version")
        .values("pk")[:1]
    )
    return list(
        AgreementSection.objects.filter(agreement=Subquery(current))
        .select_related("agreement")
        .only("pk", "number", "title", "agreement__id", "agreement__partnership_id")
        .order_by("position")
    )


def forum_member_get(forum: Forum, member_pk) -> ForumMember:
    """A member of a forum the caller already passed through the gate."""
    return child_get(forum.members, member_pk, "user")


def forum_member_candidates(forum: Forum, members: list[ForumMember]) -> list[User]:
    """The users who may be added to the forum: those whose membership reaches the
    partnership directly and who are not in the forum yet, by name; one query.

    Reads forum.partnership.municipal_party (select it with the forum; the gate does)."""
    taken = {m.user_id for m in members}
    users: dict[int, User] = {}
    for membership in partnership_members(forum.partnership):
        if membership.user_id not in taken:
            users.setdefault(membership.user_id, membership.user)
    return sorted(
        users.values(), key=lambda u: ((u.get_full_name() or u.get_username()).lower(), u.pk)
    )


def action_get(forum: Forum, action_pk) -> Action:
    """An action of a forum the caller already passed through the gate."""
    action = Action.objects.filter(item__forum=forum, pk=action_pk).select_related("item").first()
    if action is None:
        raise Http404
    action.item.forum = forum
    return action


def _open_actions(forum_id: int):
    return (
        Action.objects.filter(item__forum_id=forum_id, status=Action.Status.OPEN)
        .select_related("item__meeting")
        .order_by("due_date", "pk")
    )


def open_actions(forum: Forum) -> list[Action]:
    """Every open action of the forum's meetings, the oldest due first; one query."""
    return list(_open_actions(forum.pk))


def escalation_outcome(item: AgendaItem) -> list[AgendaItem]:
    """The central committee's items made from this local item (status, decision and meeting
    included), so the outcome is visible where the case began; one query."""
    return list(
        item.escalations.select_related(
            "meeting",
            "forum__partnership__office",
            "forum__partnership__municipal_party",
            "forum__partnership__state_party",
        ).order_by("pk")
    )


class MeetingTime(NamedTuple):
    """A meeting as the frequency rule sees it: which one, and when it starts."""

    pk: int
    starts_at: datetime


@dataclass(frozen=True)
class FrequencyStatus:
    """Whether a forum meets as often as agreed.

    Local forum: behind when fewer meetings were held (status held or minutes approved) in the
    365 days up to and including today than the agreed number a year, or when no next meeting
    is planned. Central committee (seed: at least three times a half-year): behind when fewer
    than half the yearly number (rounded up) were held in the 182 days up to and including
    today, or when no next meeting is planned."""

    required_per_year: int
    held_last_12_months: int
    next_meeting: MeetingTime | None
    behind: bool
    required_per_half_year: int | None = None
    held_last_half_year: int | None = None


YEAR_DAYS = 365
HALF_YEAR_DAYS = 182


def _held_since(starts: list, today: date, days: int) -> int:
    """How many of ``starts`` fall on the ``days`` days up to and including today (in the
    current time zone): compared with those days' bounds, not converted one by one."""
    first, end = _midnight(today - timedelta(days=days - 1)), _midnight(today + timedelta(days=1))
    return sum(1 for s in starts if first <= s < end)


def frequency_status(
    *,
    required_per_year: int,
    central: bool,
    held_starts: list,
    next_meeting: MeetingTime | None,
    today: date,
) -> FrequencyStatus:
    """The frequency rule itself, on data already loaded (no queries): ``held_starts`` are the
    start times of the meetings held (those outside the 365 days up to and including today
    are not counted), and ``next_meeting`` the first open meeting from today on."""
    held_year = _held_since(held_starts, today, YEAR_DAYS)
    if central:
        per_half = math.ceil(required_per_year / 2)
        held_half = _held_since(held_starts, today, HALF_YEAR_DAYS)
        return FrequencyStatus(
            required_per_year=required_per_year,
            held_last_12_months=held_year,
            next_meeting=next_meeting,
            behind=held_half < per_half or next_meeting is None,
            required_per_half_year=per_half,
            held_last_half_year=held_half,
        )
    return FrequencyStatus(
        required_per_year=required_per_year,
        held_last_12_months=held_year,
        next_meeting=next_meeting,
        behind=held_year < required_per_year or next_meeting is None,
    )


def _midnight(day: date) -> datetime:
    """The start of ``day`` in Oslo (settings.TIME_ZONE; navpartner never activates another):
    comparing with it finds the same meetings as ``starts_at__date`` without a date function
    on every row (an index helps). Read from the default time zone, which is cached: asking
    for the current one costs a context-local lookup, and the overview asks ~1 000 times."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_default_timezone())


def _upcoming(today: date) -> Q:
    return Q(status__in=OPEN_MEETING_STATUSES, starts_at__gte=_midnight(today))


def _is_central(forum: Forum) -> bool:
    return forum.partnership.kind == Partnership.Kind.CENTRAL


def _meetings_per_year(structured) -> int | None:
    try:
        value = int((structured or {})["meetings_per_year"])
    except (KeyError, TypeError, ValueError):
        return None
    return value if value > 0 else None


def agreed_meetings_per_year(partnerships: Iterable[Partnership]) -> dict[int, int]:
    """How many meetings a year point 3.1 (structured part "meetings") of each partnership's
    agreement in force requires, keyed by partnership id. A bydel whose agreement in force
    says nothing of it in 3.1 follows the central agreement's 3.1 (its parent's). A
    partnership with no agreement in force, or none that says it, is left out: the caller
    falls back to the forum's stored number.

    "In force" is the agreement's status, which agreements_activate_due and
    agreements_end_due keep to the day; so a new agreement in force counts at once. One
    query, however many partnerships; reads only their ``pk`` and ``parent_id``."""
    partnerships = list(partnerships)
    ids = {p.pk for p in partnerships} | {p.parent_id for p in partnerships if p.parent_id}
    point_3_1 = AgreementSection.objects.filter(
        agreement=OuterRef("pk"), template_section__structured=StructuredKind.MEETINGS
    ).order_by("position", "pk")
    rows = (
        Agreement.objects.filter(partnership_id__any=list(ids), status=Agreement.Status.IN_FORCE)
        .annotate(meetings=Subquery(point_3_1.values("structured")[:1]))
        .order_by()  # read into a dict: the default order would join three tables to sort
        .values_list("partnership_id", "meetings")
    )
    # Partnership id -> the number its agreement in force sets, None when it sets none.
    said: dict[int, int | None] = {}
    for partnership_id, structured in rows:
        said[partnership_id] = _meetings_per_year(structured)
    agreed = {}
    for p in partnerships:
        value = said.get(p.pk)
        if value is None and p.pk in said and p.parent_id:
            value = said.get(p.parent_id)
        if value is not None:
            agreed[p.pk] = value
    return agreed


def forum_frequency(forum: Forum, today: date | None = None) -> FrequencyStatus:
    """How the forum keeps the frequency agreed today; two queries (see forums_frequency)."""
    return forums_frequency([forum], today)[forum.pk]


class MeetingTimes(NamedTuple):
    """What the frequency rule needs of a forum's meetings from a day on, for that day and
    any later one: the start of each meeting held in the year up to it (and of any held
    later), and every open meeting from it on, in time order."""

    held: list[datetime]
    upcoming: list[MeetingTime]


def forums_meeting_times(forum_ids: Sequence[int], today: date) -> dict[int, MeetingTimes]:
    """MeetingTimes of each forum from ``today`` on, keyed by forum id; one query."""
    times = {pk: MeetingTimes([], []) for pk in forum_ids}
    held_since = _midnight(today - timedelta(days=YEAR_DAYS - 1))
    for forum_id, status, starts_at, pk in (
        Meeting.objects.filter(
            Q(status__in=HELD_STATUSES, starts_at__gte=held_since) | _upcoming(today),
            forum__any=list(forum_ids),
        )
        .order_by("starts_at", "pk")
        .values_list("forum_id", "status", "starts_at", "pk")
    ):
        if status in HELD_STATUSES:
            times[forum_id].held.append(starts_at)
        else:
            times[forum_id].upcoming.append(MeetingTime(pk, starts_at))
    return times


def first_open_meeting(times: MeetingTimes, today: date) -> MeetingTime | None:
    """The first open meeting from ``today`` on."""
    start = _midnight(today)
    return next((m for m in times.upcoming if m.starts_at >= start), None)


def forums_frequency(forums, today: date | None = None) -> dict[int, FrequencyStatus]:
    """``forum_frequency`` of many forums at once, keyed by forum id: two queries however many
    forums (point 3.1 of the agreements in force, see agreed_meetings_per_year; the meetings,
    forums_meeting_times). The forum's stored number applies where no agreement in force sets
    one. Reads ``forum.partnership`` (select it with the forums)."""
    today = today or timezone.localdate()
    forums = list(forums)
    agreed = agreed_meetings_per_year(f.partnership for f in forums)
    times = forums_meeting_times([f.pk for f in forums], today)
    return {
        forum.pk: frequency_status(
            required_per_year=agreed.get(forum.partnership_id, forum.meetings_per_year),
            central=_is_central(forum),
            held_starts=times[forum.pk].held,
            next_meeting=first_open_meeting(times[forum.pk], today),
            today=today,
        )
        for forum in forums
    }


@dataclass
class ForumOverview:
    forum: Forum
    members: list[ForumMember]
    meetings: Sequence[Meeting]  # annotated with item_count and submitted_count
    open_actions: list[Action]
    waiting_items: list[AgendaItem]


def forum_overview(forum: Forum) -> ForumOverview:
    """The forum's page: members, meetings (newest first) with their number of items on the
    agenda and submitted, the open actions and the items waiting for a meeting. Four queries,
    however many meetings, items and actions."""
    members = list(
        forum.members.select_related("user").order_by("role", "user__last_name", "user__first_name")
    )
    meetings = list(
        forum.meetings.annotate(
            item_count=Count(
                "items",
                filter=Q(items__status=AgendaItem.Status.ACCEPTED, items__fixed=""),
            ),
            submitted_count=Count("items", filter=Q(items__status=AgendaItem.Status.SUBMITTED)),
        ).order_by("-starts_at")
    )
    waiting = list(
        forum.items.filter(WAITING).select_related("submitted_by").order_by("submitted_at", "pk")
    )
    return ForumOverview(forum, members, meetings, open_actions(forum), waiting)


@dataclass
class AgendaRow:
    item: AgendaItem
    actions: list[Action]
    # For the fixed item "follow-up of open actions": the actions of earlier meetings open
    # when this one started (actions_open_at).
    carried_actions: list[Action] = field(default_factory=list)
    # For a local item sent on to the central committee: the item(s) made there.
    escalations: list[AgendaItem] = field(default_factory=list)


@dataclass
class MeetingAgenda:
    meeting: Meeting
    rows: list[AgendaRow]  # the fixed items, then the accepted ones, in order
    submitted: list[AgendaItem]
    waiting: list[AgendaItem]  # items of the forum with no meeting yet
    declined: list[AgendaItem]
    carried_actions: list[Action]
    changes_after_publication: list[MeetingEvent]

    @property
    def is_published(self) -> bool:
        return self.meeting.published_at is not None


def actions_open_at(meeting: Meeting) -> list[Action]:
    """The actions the meeting's follow-up item lists: those of earlier meetings of the forum
    still open when it started (open now, or done only since), so that old minutes keep the
    list they had. An action is made at the meeting of its item; one of this or a later
    meeting is not carried. One query."""
    return list(
        Action.objects.filter(
            Q(status=Action.Status.OPEN) | Q(closed_at__gte=meeting.starts_at),
            item__forum_id=meeting.forum_id,
            item__meeting__starts_at__lt=meeting.starts_at,
        )
        .select_related("item__meeting")
        .order_by("due_date", "pk")
    )


def meeting_agenda(meeting: Meeting) -> MeetingAgenda:
    """The meeting's agenda: fixed and accepted items in order with their actions (the
    follow-up item with the actions of earlier meetings open when it started, see
    actions_open_at), and the submitted, waiting and declined items apart. Six queries,
    however many items and actions: items, their actions, their attachments, their
    escalations, the actions carried, the changes after publication; a seventh where an item
    was escalated from another forum (that item, its forum named)."""
    items = list(
        AgendaItem.objects.filter(Q(meeting=meeting) | (Q(forum_id=meeting.forum_id) & WAITING))
        .select_related("submitted_by", "agreement_section")
        .prefetch_related(
            # The item each was escalated from, with what its forum is named by: a query of
            # its own, only where there is one (joined in, the nine tables took PostgreSQL
            # longer to plan than to read).
            Prefetch(
                "escalated_from",
                queryset=AgendaItem.objects.select_related(
                    "forum__partnership__office",
                    "forum__partnership__municipal_party",
                    "forum__partnership__state_party",
                ),
            ),
            Prefetch("actions", queryset=Action.objects.order_by("due_date", "pk")),
            "attachments",
            Prefetch(
                "escalations",
                queryset=AgendaItem.objects.select_related("meeting").order_by("pk"),
            ),
        )
        .order_by("position", "pk")
    )
    carried = actions_open_at(meeting)
    events = list(
        meeting.events.filter(after_publication=True).select_related("actor").order_by("at", "pk")
    )
    fixed_rank: dict[str, int] = {kind: n for n, kind in enumerate(FIXED_ORDER)}
    rows, submitted, waiting, declined = [], [], [], []
    for item in items:
        if item.meeting_id is None:
            waiting.append(item)
        elif item.fixed or item.status == AgendaItem.Status.ACCEPTED:
            rows.append(
                AgendaRow(
                    item=item,
                    actions=list(item.actions.all()),
                    carried_actions=carried if item.fixed == AgendaItem.Fixed.ACTIONS else [],
                    escalations=list(item.escalations.all()),
                )
            )
        elif item.status == AgendaItem.Status.DECLINED:
            declined.append(item)
        else:
            submitted.append(item)
    # Fixed items first, whatever positions say.
    rows.sort(key=lambda r: (0, fixed_rank[r.item.fixed]) if r.item.fixed else (1, r.item.position))
    return MeetingAgenda(meeting, rows, submitted, waiting, declined, carried, events)


def meeting_events(meeting: Meeting) -> list[MeetingEvent]:
    """The meeting's history, newest first; one query."""
    return list(meeting.events.select_related("actor"))


def item_attachment_get(forum: Forum, attachment_pk):
    """An attachment of an item of this forum (the caller passed the forum gate)."""
    attachment = ItemAttachment.objects.filter(item__forum=forum, pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return attachment


def item_may_edit(access: ForumAccess, item: AgendaItem, user) -> bool:
    """Who may edit an item: the secretary, or its submitter while it is only submitted (and
    still a permanent member). The rule of services.item_update, also used to show the link."""
    own = item.submitted_by_id == user.pk and item.status == AgendaItem.Status.SUBMITTED
    return access.is_secretary or (own and access.can_submit)


def year_plan_items(forum: Forum) -> list[YearPlanItem]:
    """The forum's year plan in its order; one query."""
    return list(forum.year_plan.order_by("position", "pk"))


def year_plan_item_get(forum: Forum, item_pk) -> YearPlanItem:
    """A plan item of a forum the caller already passed through the gate (404 else)."""
    return child_get(forum.year_plan, item_pk)


@dataclass
class YearMonth:
    number: int
    meetings: list[Meeting]
    items: list[YearPlanItem]

    @property
    def name(self) -> str:
        return str(MONTHS[self.number])


@dataclass
class ForumYear:
    """The forum's year as the forum page shows it (årshjul)."""

    year: int
    months: list[YearMonth]
    # Items for the n-th meeting of the year when the year has no n-th meeting yet.
    without_meeting: list[YearPlanItem]


def forum_year(year: int, meetings: Iterable[Meeting], plan: Iterable[YearPlanItem]) -> ForumYear:
    """Twelve months of `year`, each with the forum's meetings in it (Oslo time) and the plan
    items that fall in it: by month, or in the month of the meeting whose number in the year
    (cancelled meetings not counted) the item names. No query: give it the forum's meetings
    and plan already read."""
    in_year = sorted(
        (m for m in meetings if timezone.localtime(m.starts_at).year == year),
        key=lambda m: m.starts_at,
    )
    months = [YearMonth(number, [], []) for number in range(1, 13)]
    month_of_ordinal = {}
    counted = [m for m in in_year if m.status != Meeting.Status.CANCELLED]
    for ordinal, meeting in enumerate(counted, start=1):
        month_of_ordinal[ordinal] = timezone.localtime(meeting.starts_at).month
    for meeting in in_year:
        months[timezone.localtime(meeting.starts_at).month - 1].meetings.append(meeting)
    without_meeting = []
    for item in plan:
        month = item.month or month_of_ordinal.get(item.meeting_number or 0)
        if month:
            months[month - 1].items.append(item)
        else:
            without_meeting.append(item)
    return ForumYear(year, months, without_meeting)
