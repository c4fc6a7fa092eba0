"""The reminders due on a day: who should be told of what, found without writing anything.

Each reminder carries its occasion — what it is about and which threshold — so the job that
sends them (``oversight.services.notifications.reminders_send``) tells nobody twice however
often it runs. A day the job did not run is caught up the next time: every window below is a
range of days, not a single day.

- An agreement's last day, and its evaluation (``agreement_deadlines``): from 90 days before
  the "90 days" reminder, from 30 days before to the day itself the "30 days" one, so a run
  that missed day 90 still sends the first while more than 30 days remain. To the
  partnership's editors, signatories and secretary (the NAV-leder). The date is part of the
  occasion: notice that moves the last day earns reminders for the new day.
- A forum behind its agreed frequency (``forums_frequency``): once a calendar month while
  behind, to the forum's secretary (as the forum sees one: its own, or the NAV-leder) and
  its chair.
- The submission deadline of an open meeting: from 3 days before to the day itself, to the
  forum's permanent members (those who submit items).
- An open action due within 7 days, and again once overdue, to the forum's secretary (the
  action's owner is free text, not a user).
- Sections one side approved more than 14 days ago that wait for the other: one reminder an
  agreement and a batch (the day of the newest such approval), to those who may approve for
  the waiting side.

Only users who may see the partnership now are told, and only active ones. Ten queries
however many partnerships, agreements, forums, meetings and actions.
"""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, SectionApproval
from agreements.selectors.deadlines import agreement_deadlines
from meetings.models import Action, Forum, ForumMember, Meeting, forum_name_text
from meetings.selectors import OPEN_MEETING_STATUSES, ForumAccess, forums_frequency
from navpartner.texts import Date, Text, gettext_noop, ngettext_noop
from partnerships.models import OWNER_SIDES, Membership, Partnership
from partnerships.selectors import PartnershipAccess, partnership_access, user_memberships_preload

from ..models import Kind

THRESHOLDS = (90, 30)  # days before an agreement's last day or evaluation
SUBMISSION_NOTICE_DAYS = 3
ACTION_NOTICE_DAYS = 7
APPROVAL_PATIENCE_DAYS = 14  # the other side is reminded once an approval is older than this
DEADLINE_STATUSES = (Agreement.Status.IN_FORCE, Agreement.Status.SIGNED)
APPROVAL_STATUSES = (Agreement.Status.DRAFT, Agreement.Status.NEGOTIATION)
PARTNERSHIP_RELATED = ("office", "municipal_party", "state_party")


@dataclass(frozen=True)
class Reminder:
    user: User
    kind: str
    occasion: str
    message: Text
    url: str


def threshold(days_left: int) -> int | None:
    """The reminder a date `days_left` days away calls for: 90, 30, or None (too far off, or
    past)."""
    far, near = THRESHOLDS
    if days_left < 0 or days_left > far:
        return None
    return near if days_left <= near else far


def _related(prefix: str) -> list[str]:
    return [f"{prefix}partnership__{name}" for name in PARTNERSHIP_RELATED]


class _Audience:
    """Who may do what in a set of partnerships. Two queries however many partnerships: their
    covered municipalities, and every membership of each active user who has one in their
    scope. Access is then decided without queries by ``partnership_access`` itself, the one
    rule: each user's memberships reach it through the cache ``user_memberships`` keeps on
    the user object, filled here with the complete list that function would have loaded."""

    def __init__(self, partnerships: dict[int, Partnership]):
        self.partnerships = partnerships
        self.covered: dict[int, set[int]] = defaultdict(set)
        self.users: dict[int, User] = {}
        self._by_scope: dict[tuple[str, int | None], set[int]] = defaultdict(set)
        self._access: dict[int, dict[int, PartnershipAccess]] = {}
        if not partnerships:
            return
        through = Partnership.covered_municipalities.through
        for partnership_id, municipality_id in through.objects.filter(
            partnership_id__in=list(partnerships)
        ).values_list("partnership_id", "municipality_id"):
            self.covered[partnership_id].add(municipality_id)
        municipality_ids = set()
        for p in partnerships.values():
            municipality_ids |= self._municipalities(p)
        in_scope = Membership.objects.filter(
            Q(partnership_id__in=list(partnerships))
            | Q(county_id__in={p.state_party_id for p in partnerships.values()})
            | Q(municipality_id__in=municipality_ids)
        )
        memberships = (
            Membership.objects.filter(user__in=in_scope.values("user_id"), user__is_active=True)
            .select_related("user", "partnership", "county", "municipality")
            .order_by("pk")
        )
        by_user: dict[int, list[Membership]] = defaultdict(list)
        for m in memberships:
            m.user = self.users.setdefault(m.user_id, m.user)
            by_user[m.user_id].append(m)
            self._by_scope["partnership", m.partnership_id].add(m.user_id)
            self._by_scope["county", m.county_id].add(m.user_id)
            self._by_scope["municipality", m.municipality_id].add(m.user_id)
        for user_id, user in self.users.items():
            user_memberships_preload(user, by_user[user_id])

    def _municipalities(self, p: Partnership) -> set[int]:
        ids = {p.municipal_party_id, p.municipal_party.parent_id} | self.covered[p.pk]
        return {pk for pk in ids if pk is not None}

    def access(self, partnership_id: int) -> dict[int, PartnershipAccess]:
        """Everyone who may see the partnership, by user id."""
        if partnership_id not in self._access:
            p = self.partnerships[partnership_id]
            candidates = (
                self._by_scope["partnership", p.pk] | self._by_scope["county", p.state_party_id]
            )
            for municipality_id in self._municipalities(p):
                candidates |= self._by_scope["municipality", municipality_id]
            accesses = {
                user_id: partnership_access(self.users[user_id], p, self.covered[p.pk])
                for user_id in sorted(candidates)
            }
            self._access[partnership_id] = {
                user_id: access for user_id, access in accesses.items() if access.can_view
            }
        return self._access[partnership_id]

    def editors(self, partnership_id: int) -> list[User]:
        """Who may change the partnership's agreement: editors, signatories, the NAV-leder."""
        return [self.users[u] for u, a in self.access(partnership_id).items() if a.can_edit]

    def approvers(self, partnership_id: int, side: str) -> list[User]:
        return [
            self.users[u] for u, a in self.access(partnership_id).items() if a.can_approve_for(side)
        ]

    def in_forum(self, forum: Forum, members: list[ForumMember]) -> list[tuple[User, ForumAccess]]:
        """Each user who may see the forum's partnership, with their access as the forum
        sees it (``ForumAccess``: secretary, permanent member...)."""
        member_of = {m.user_id: m for m in members}
        return [
            (self.users[u], ForumAccess(forum, access, member_of.get(u)))
            for u, access in self.access(forum.partnership_id).items()
        ]


# --- what is due ---------------------------------------------------------------------------


def _agreements() -> list[Agreement]:
    """Agreements in force or signed, each with `has_newer` (a revision exists, so the
    evaluation is done)."""
    newer = Agreement.objects.filter(
        partnership=OuterRef("partnership"), version__gt=OuterRef("version")
    )
    return list(
        Agreement.objects.filter(status__in=DEADLINE_STATUSES)
        .select_related(*_related(""))
        .annotate(has_newer=Exists(newer))
        .order_by("pk")
    )


def _waiting_approvals(today: date) -> list[SectionApproval]:
    """Approvals more than 14 days old of sections the other side has not approved, in
    agreements still open for approval."""
    other_side = SectionApproval.objects.filter(section=OuterRef("section")).exclude(
        side=OuterRef("side")
    )
    return list(
        SectionApproval.objects.filter(
            section__agreement__status__in=APPROVAL_STATUSES,
            approved_at__date__lte=today - timedelta(days=APPROVAL_PATIENCE_DAYS + 1),
        )
        .exclude(Exists(other_side))
        .select_related("section", *_related("section__agreement__"))
        .order_by("pk")
    )


def _meetings_due(today: date) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            status__in=OPEN_MEETING_STATUSES,
            submission_deadline__gte=today,
            submission_deadline__lte=today + timedelta(days=SUBMISSION_NOTICE_DAYS),
        ).order_by("pk")
    )


def _actions_due(today: date) -> list[Action]:
    return list(
        Action.objects.filter(
            status=Action.Status.OPEN,
            due_date__lte=today + timedelta(days=ACTION_NOTICE_DAYS),
        )
        .select_related("item")
        .order_by("pk")
    )


# --- the reminders -------------------------------------------------------------------------


def _agreement_reminders(agreements, audience: _Audience, today: date) -> Iterator[Reminder]:
    deadlines = agreement_deadlines(
        agreements, revised_ids=[a.pk for a in agreements if a.has_newer]
    )
    for agreement in agreements:
        due = deadlines[agreement.pk]
        url = reverse("agreements:agreement_detail", args=[agreement.pk])
        for what, kind, day, message in (
            (
                "ends",
                Kind.AGREEMENT_EXPIRING,
                due.ends_on,
                gettext_noop("The partnership agreement for %(partnership)s ends on %(date)s."),
            ),
            (
                "evaluation",
                Kind.EVALUATION_DUE,
                due.evaluation_due,
                gettext_noop(
                    "The partnership agreement for %(partnership)s is due for evaluation on "
                    "%(date)s."
                ),
            ),
        ):
            if day is None:
                continue
            days = threshold((day - today).days)
            if days is None:
                continue
            text = Text(message, {"partnership": str(agreement.partnership), "date": Date(day)})
            occasion = f"agreement:{agreement.pk}:{what}:{day.isoformat()}:{days}"
            for user in audience.editors(agreement.partnership_id):
                yield Reminder(user, kind, occasion, text, url)


def _approval_reminders(approvals, audience: _Audience) -> Iterator[Reminder]:
    """One reminder for each agreement and waiting side, dated by the newest approval that
    waits: what one side approved on one day is one reminder, not one a section."""
    waiting: dict[tuple[int, str], list[SectionApproval]] = defaultdict(list)
    for approval in approvals:
        waiting[approval.section.agreement_id, approval.side].append(approval)
    for (agreement_id, approved_side), batch in waiting.items():
        agreement = batch[0].section.agreement
        side = next(s for s in OWNER_SIDES if s != approved_side)
        newest = timezone.localdate(max(a.approved_at for a in batch))
        occasion = f"agreement:{agreement_id}:waiting:{side.value}:{newest.isoformat()}"
        text = Text.counted(
            ngettext_noop(
                "%(count)s section of the partnership agreement for %(partnership)s has waited "
                "more than 14 days for approval by your side (%(side)s).",
                "%(count)s sections of the partnership agreement for %(partnership)s have "
                "waited more than 14 days for approval by your side (%(side)s).",
            ),
            "count",
            {
                "count": len(batch),
                "partnership": str(agreement.partnership),
                "side": Text.label(side.label),
            },
        )
        url = reverse("agreements:agreement_detail", args=[agreement_id])
        for user in audience.approvers(agreement.partnership_id, side):
            yield Reminder(user, Kind.APPROVAL_WAITING, occasion, text, url)


def _behind_message(forum: Forum, frequency) -> Text:
    sentences = []
    name = forum_name_text(forum.partnership)
    if frequency.required_per_half_year is not None:
        held, required = frequency.held_last_half_year, frequency.required_per_half_year
        if held < required:
            sentences.append(
                Text.counted(
                    ngettext_noop(
                        "%(forum)s has held %(held)s meeting in the last half-year; at least "
                        "%(required)s were agreed.",
                        "%(forum)s has held %(held)s meetings in the last half-year; at least "
                        "%(required)s were agreed.",
                    ),
                    "held",
                    {"forum": name, "held": held, "required": required},
                )
            )
    elif frequency.held_last_12_months < frequency.required_per_year:
        held, required = frequency.held_last_12_months, frequency.required_per_year
        sentences.append(
            Text.counted(
                ngettext_noop(
                    "%(forum)s has held %(held)s meeting in the last 12 months; at least "
                    "%(required)s a year were agreed.",
                    "%(forum)s has held %(held)s meetings in the last 12 months; at least "
                    "%(required)s a year were agreed.",
                ),
                "held",
                {"forum": name, "held": held, "required": required},
            )
        )
    if frequency.next_meeting is None:
        sentences.append(Text(gettext_noop("No next meeting is planned.")))
    return Text.joined(*sentences)


def _forum_reminders(
    forum, members, audience: _Audience, today: date, *, frequency, meetings, actions
) -> Iterator[Reminder]:
    people = audience.in_forum(forum, members)
    secretaries = [user for user, fa in people if fa.is_secretary]
    forum_url = reverse("meetings:forum_detail", args=[forum.pk])
    if frequency is not None and frequency.behind:
        chairs = [
            user
            for user, fa in people
            if fa.member is not None and fa.member.role == ForumMember.Role.CHAIR
        ]
        text = _behind_message(forum, frequency)
        occasion = f"forum:{forum.pk}:behind:{today:%Y-%m}"
        for user in {u.pk: u for u in secretaries + chairs}.values():
            yield Reminder(user, Kind.FORUM_BEHIND, occasion, text, forum_url)
    permanent = [user for user, fa in people if fa.member is not None and fa.member.is_permanent]
    for meeting in meetings:
        meeting.forum = forum
        text = Text(
            gettext_noop("Items for %(meeting)s are due on %(date)s."),
            {
                "meeting": Text(
                    gettext_noop("%(forum)s %(date)s"),
                    {
                        "forum": forum_name_text(forum.partnership),
                        "date": Date(timezone.localdate(meeting.starts_at)),
                    },
                ),
                "date": Date(meeting.submission_deadline),
            },
        )
        occasion = f"meeting:{meeting.pk}:submission:{meeting.submission_deadline.isoformat()}"
        url = reverse("meetings:meeting_detail", args=[meeting.pk])
        for user in permanent:
            yield Reminder(user, Kind.SUBMISSION_DEADLINE, occasion, text, url)
    for action in actions:
        names = {
            "forum": forum_name_text(forum.partnership),
            "action": action.description,
            "owner": str(action.owner),
            "date": Date(action.due_date),
        }
        if action.due_date < today:
            kind, what = Kind.ACTION_OVERDUE, "overdue"
            msgid = gettext_noop(
                "%(forum)s: the action “%(action)s” (%(owner)s) was due on %(date)s and is "
                "still open."
            )
        else:
            kind, what = Kind.ACTION_DUE, "due"
            msgid = gettext_noop(
                "%(forum)s: the action “%(action)s” (%(owner)s) is due on %(date)s."
            )
        occasion = f"action:{action.pk}:{what}:{action.due_date.isoformat()}"
        for user in secretaries:
            yield Reminder(user, kind, occasion, Text(msgid, names), forum_url)


def due_reminders(today: date) -> list[Reminder]:
    """Every reminder due on `today`, in the active language (see the module's docstring for
    the rules). Eleven queries however much there is: agreements, their 9.0 sections, waiting
    approvals, forums, point 3.1 of the agreements in force, their meetings of the year,
    meetings near their deadline, actions due, forum members, covered municipalities,
    memberships."""
    agreements = _agreements()
    approvals = _waiting_approvals(today)
    forums = {f.pk: f for f in Forum.objects.select_related(*_related("")).order_by("pk")}
    frequencies = forums_frequency(forums.values(), today)
    meetings, actions = defaultdict(list), defaultdict(list)
    for meeting in _meetings_due(today):
        meetings[meeting.forum_id].append(meeting)
    for action in _actions_due(today):
        actions[action.item.forum_id].append(action)
    busy = {pk for pk, f in frequencies.items() if f.behind} | meetings.keys() | actions.keys()
    members = defaultdict(list)
    if busy:
        for member in ForumMember.objects.filter(forum_id__in=busy).order_by("pk"):
            members[member.forum_id].append(member)

    partnerships = {a.partnership_id: a.partnership for a in agreements}
    partnerships |= {
        a.section.agreement.partnership_id: a.section.agreement.partnership for a in approvals
    }
    partnerships |= {forums[pk].partnership_id: forums[pk].partnership for pk in busy}
    audience = _Audience(partnerships)

    reminders = [
        *_agreement_reminders(agreements, audience, today),
        *_approval_reminders(approvals, audience),
    ]
    for pk in sorted(busy):
        reminders.extend(
            _forum_reminders(
                forums[pk],
                members[pk],
                audience,
                today,
                frequency=frequencies.get(pk),
                meetings=meetings[pk],
                actions=actions[pk],
            )
        )
    return reminders
