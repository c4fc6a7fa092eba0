"""Demo meetings: Grorud's partnership meetings (two held, one planned with submitted items)
and Oslo's central committee with an item escalated from Grorud. Built through the services,
relative to today so the demo never looks stale. Running it again changes nothing."""

import datetime as dt

from django.utils import timezone

from meetings import services
from meetings.minutes_review import minutes_content, minutes_hash
from meetings.models import (
    AgendaItem,
    ForumMember,
    Meeting,
    MinutesApproval,
    MinutesCapacity,
    MinutesComment,
)
from partnerships.models import Partnership

Kind = AgendaItem.Kind
Role = ForumMember.Role


def _at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _members(forum, actor, users, rows) -> None:
    for username, role, title in rows:
        if not forum.members.filter(user=users[username]).exists():
            services.forum_member_add(
                forum=forum, user=users[username], role=role, title=title, actor=actor
            )


def _review(meeting, leader, *, comment, approvers) -> None:
    """Send the draft minutes for comment, comment, and approve, through the services; then
    date it all as if the draft went out three days after the meeting with a week to
    comment, and the approvals came two days after the deadline."""
    services.minutes_publish(meeting=meeting, user=leader, comment_deadline=timezone.localdate())
    author, item, text = comment
    services.minutes_comment_add(meeting=meeting, user=author, item=item, text=text)
    sent = meeting.starts_at + dt.timedelta(days=3)
    deadline = timezone.localtime(sent).date() + dt.timedelta(days=7)
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_published_at=sent, minutes_comment_deadline=deadline
    )
    MinutesComment.objects.filter(meeting=meeting).update(created_at=sent + dt.timedelta(days=2))
    meeting.refresh_from_db()
    for user, capacity in approvers:
        services.minutes_approve(
            meeting=meeting,
            user=user,
            capacity=capacity,
            expected_hash=minutes_hash(minutes_content(meeting)),
        )
    approved = sent + dt.timedelta(days=9)
    MinutesApproval.objects.filter(meeting=meeting).update(approved_at=approved)
    Meeting.objects.filter(pk=meeting.pk, minutes_approved_at__isnull=False).update(
        minutes_approved_at=approved
    )


def seed_meetings(partnerships: dict[str, Partnership], users) -> int:
    grorud = services.forum_for_partnership(partnership=partnerships["NAV Grorud"])
    central = services.forum_for_partnership(partnership=partnerships["central:0301"])
    if grorud.meetings.exists():
        return 0
    leader, bydel, director = (
        users["navleder.grorud"],
        users["bydelsdirektor.grorud"],
        users["fylkesdirektor.oslo"],
    )
    _members(
        grorud,
        leader,
        users,
        [
            ("navleder.grorud", Role.SECRETARY, "NAV-leder"),
            ("bydelsdirektor.grorud", Role.CHAIR, "Bydelsdirektør"),
            ("fylkesdirektor.oslo", Role.MEMBER, "Direktør NAV Oslo"),
        ],
    )
    _members(
        central,
        director,
        users,
        [
            ("fylkesdirektor.oslo", Role.SECRETARY, "Direktør NAV Oslo"),
            ("kommunaldirektor.oslo", Role.CHAIR, "Kommunaldirektør, byrådsavdelingen"),
        ],
    )

    # Five months ago: held, minutes approved, one action still open.
    spring = services.meeting_plan(
        forum=grorud,
        user=leader,
        starts_at=_at(-150, 9),
        ends_at=_at(-150, 11),
        place="NAV Grorud, møterom Alna",
    )
    plan = services.item_submit(
        meeting=spring,
        user=leader,
        kind=Kind.DECISION,
        title="Felles virksomhetsplan for kontoret",
        description="Forslag til virksomhetsplan for året, med mål fra begge styringslinjer.",
        owner="NAV-leder",
        minutes_planned=30,
    )
    services.item_accept(item=plan, user=leader)
    # A personnel matter: exempt from public access (offentleglova § 25), so the public
    # version of the invitation and the minutes shows only the legal basis.
    staffing = services.item_submit(
        meeting=spring,
        user=leader,
        kind=Kind.DISCUSSION,
        title="Tilrettelegging for en ansatt etter langtidsfravær",
        description="Drøfting av tilrettelegging og arbeidsoppgaver for en navngitt ansatt.",
        owner="NAV-leder",
        minutes_planned=15,
    )
    services.item_accept(item=staffing, user=leader)
    services.item_publicity_set(item=staffing, user=leader, basis="25")
    services.meeting_mark_held(
        meeting=spring,
        user=leader,
        attendance=[
            ("Anders Lie", "Bydelsdirektør", True),
            ("Hilde Bakken", "Direktør NAV Oslo", True),
            ("Ingrid Dahl", "NAV-leder", True),
        ],
    )
    services.item_record(
        item=plan,
        user=leader,
        minutes="NAV-leder la fram planen. Eierne ba om tydeligere mål for unge brukere.",
        decision="Virksomhetsplanen vedtas med de endringene som kom fram i møtet.",
    )
    services.action_add(
        item=plan,
        user=leader,
        description="Legge fram tall for unge brukere i arbeidsrettet aktivitet",
        owner="NAV-leder",
        due_date=timezone.localdate() + dt.timedelta(days=10),
    )
    services.item_record(
        item=staffing,
        user=leader,
        minutes="Eierne støttet forslaget til tilrettelegging. NAV-leder følger opp i samråd "
        "med den ansatte.",
    )
    # The parties reviewed and approved the minutes; the director commented first.
    _review(
        spring,
        leader,
        comment=(director, plan, "Legg til at målene for unge brukere følges opp i neste møte."),
        approvers=[(bydel, MinutesCapacity.CHAIR), (director, MinutesCapacity.STATE)],
    )

    # A month ago: held, minutes not yet approved; one matter goes to the central committee.
    autumn = services.meeting_plan(
        forum=grorud,
        user=leader,
        starts_at=_at(-30, 13),
        ends_at=_at(-30, 15),
        place="NAV Grorud, møterom Alna",
    )
    rent = services.item_submit(
        meeting=autumn,
        user=leader,
        kind=Kind.DISCUSSION,
        title="Fordeling av husleie etter ombygging",
        description="Partene er uenige om arealet etter ombyggingen "
        "skal telle med i fordelingsnøkkelen.",
        owner="Direktør NAV Oslo",
        minutes_planned=20,
    )
    services.item_accept(item=rent, user=leader)
    services.meeting_mark_held(
        meeting=autumn,
        user=leader,
        attendance=[
            ("Anders Lie", "Bydelsdirektør", True),
            ("Hilde Bakken", "Direktør NAV Oslo", False),
            ("Ingrid Dahl", "NAV-leder", True),
        ],
    )
    services.item_record(
        item=rent,
        user=leader,
        minutes="Partene ble ikke enige. Saken meldes til sentralt "
        "samarbeidsutvalg, jf. punkt 7.0.",
    )
    services.action_add(
        item=rent,
        user=leader,
        description="Sende oversikt over arealene til begge eiere",
        owner="NAV-leder",
        due_date=timezone.localdate() - dt.timedelta(days=3),
    )

    # The draft is out and commented; the chair has approved, the state side has not yet.
    _review(
        autumn,
        leader,
        comment=(bydel, rent, "Presiser at arealet i 2. etasje er det partene er uenige om."),
        approvers=[(bydel, MinutesCapacity.CHAIR)],
    )

    # In five weeks: the central committee, where the escalated item waits.
    services.meeting_plan(
        forum=central,
        user=director,
        starts_at=_at(35, 10),
        ends_at=_at(35, 12),
        place="NAV Oslo, Sannergata 2",
    )
    services.item_escalate(item=rent, user=leader)

    # In three weeks: planned, with items submitted by the members.
    winter = services.meeting_plan(
        forum=grorud,
        user=leader,
        starts_at=_at(21, 9),
        ends_at=_at(21, 11),
        place="NAV Grorud, møterom Alna",
    )
    services.item_submit(
        meeting=winter,
        user=bydel,
        kind=Kind.DECISION,
        title="Revisjon av partnerskapsavtalen, punkt 3.1",
        description="Forslag om fire partnerskapsmøter i året.",
        owner="Bydelsdirektør",
        minutes_planned=30,
    )
    services.item_submit(
        meeting=winter,
        user=director,
        kind=Kind.ORIENTATION,
        title="Styringssignaler fra NAV Oslo for neste år",
        owner="Direktør NAV Oslo",
        minutes_planned=15,
    )
    # The director cannot come and sends a substitute, who will get the papers.
    services.meeting_respond(
        meeting=winter,
        user=director,
        attending=False,
        substitute_name="Siri Nymoen, avdelingsdirektør NAV Oslo",
        substitute_email="siri.nymoen@example.org",
    )

    # Two months ago: planned, then cancelled; its item went back to wait for a meeting.
    cancelled = services.meeting_plan(
        forum=grorud,
        user=leader,
        starts_at=_at(-60, 9),
        ends_at=_at(-60, 11),
        place="NAV Grorud, møterom Alna",
    )
    services.item_accept(
        item=services.item_submit(
            meeting=cancelled,
            user=leader,
            kind=Kind.ORIENTATION,
            title="Status for kvalifiseringsprogrammet",
            owner="NAV-leder",
        ),
        user=leader,
    )
    services.meeting_cancel(
        meeting=cancelled, user=leader, reason="For få kunne møte; sakene tas i neste møte."
    )
    _year_plan(grorud, leader)
    return 5


# Grorud's year plan (årshjul), added after the meetings above so their agendas stay as they
# are; the next meeting the NAV-leder plans picks up its items.
YEAR_PLAN = [
    ("Avregning av driftsavtalen for fjoråret", Kind.DECISION, {"month": 2}),
    ("Gjennomgang av beredskapsplanen", Kind.ORIENTATION, {"month": 5}),
    ("Budsjett og driftsavtale for neste år", Kind.DECISION, {"month": 10}),
    ("Evaluering av partnerskapsavtalen (punkt 9.0)", Kind.DISCUSSION, {"meeting_number": 2}),
]


def _year_plan(forum, leader) -> None:
    for title, kind, when in YEAR_PLAN:
        services.year_plan_item_add(forum=forum, user=leader, title=title, kind=kind, **when)
