"""A county at real scale, for looking at and timing the overview: N kommuner, each with its
NAV office and partnership, an agreement, a forum with meetings and actions, and this year's
driftsavtale. Everything is made with bulk_create (not through the services one row at a
time), so 400 partnerships take seconds.

The partnerships cycle through the situations the 2012 report names (``pattern = i % 10``):

* 0–2, 5: an agreement in force, evaluation due in the future (5: within 90 days);
* 3: in force for years, evaluation overdue;
* 4: in force with an end date within 90 days;
* 6: version 1 in force and a revision under negotiation (a few questions reopened, half
  the sections approved by each side);
* 7: a first agreement under negotiation: a third of the questions open, half approved, a
  delegation without its delegasjonsvedtak attached;
* 8: a draft, every question open;
* 9: in force, notice given: it ends within 90 days.

And the forums (``i % 4``): 0–1 meet as agreed (two held this year, the next planned);
2 held one meeting in the last year; 3 held none in the last 200 days and plans none. An
open action from the last meeting is overdue in every third partnership.

It also makes a login (``fylkesdirektor.skala`` by default) with a county membership on the
state side, so the overview can be looked at. The county must not exist: the command
refuses to run twice for the same county number.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from agreements import structured
from agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementSection,
    AgreementSignature,
    QuestionAnswer,
    SectionApproval,
    VeilederTemplate,
)
from agreements.selectors.agreements import section_is_empty
from agreements.selectors.deadlines import add_months
from agreements.services import veileder_templates_load_all
from costsharing import split
from costsharing.models import ExpenseLine, OperatingAgreement, StaffingPeriod
from costsharing.services import cost_summaries_refresh
from demo import DEMO_PASSWORD
from meetings.models import Action, AgendaItem, Forum, ForumMember, Meeting
from meetings.services import DEFAULT_MEETINGS_PER_YEAR
from navpartner.texts import Text
from oversight.services.summaries import partnership_summaries_refresh
from partnerships.models import County, Membership, Municipality, Office, Partnership

D = Decimal
Status = Agreement.Status
Side, Role = Membership.Side, Membership.Role

ROOTS = ["Skala", "Fjell", "Bjørke", "Furu", "Gran", "Rogn", "Hegg", "Myr", "Elve", "Lyng"]
ENDINGS = [
    "dal", "vik", "nes", "berg", "fjord", "haug", "lund", "sand", "strand", "heim",
    "ås", "mo", "bø", "våg", "li", "eid", "stad", "set", "rud", "holm",
]  # fmt: skip
OTHER_LINES = ["Bredbånd og felles skrivere", "Kantine", "Parkering", "Sikkerhetsopplæring"]
Category = ExpenseLine.Category


@dataclass
class Seeded:
    county: County
    director: object
    partnerships: list[Partnership]


def kommune_name(i: int) -> str:
    """A made-up, Norwegian-sounding name, different for each i."""
    base = ROOTS[i % len(ROOTS)] + ENDINGS[(i // len(ROOTS)) % len(ENDINGS)]
    rounds = i // (len(ROOTS) * len(ENDINGS))
    return f"{base} {rounds + 1}" if rounds else base


@transaction.atomic
def seed_scale(
    n: int,
    *,
    county_number: str = "99",
    county_name: str = "NAV Skalafylke",
    username: str = "fylkesdirektor.skala",
    password: str = DEMO_PASSWORD,
    today: dt.date | None = None,
) -> Seeded:
    """Make the county and everything in it; raises CommandError if it exists already."""
    if n < 1:
        raise CommandError("--partnerships must be at least 1.")
    if County.objects.filter(number=county_number).exists():
        raise CommandError(
            f"County {county_number} exists already; seed_scale makes a new county each time. "
            "Choose another --county-number."
        )
    if County.objects.filter(name=county_name).exists():
        raise CommandError(f"A county named {county_name!r} exists already; choose --county-name.")
    today = today or timezone.localdate()
    veileder_templates_load_all()
    template = VeilederTemplate.objects.order_by("-revision", "-pk").first()
    county = County(number=county_number, name=county_name)
    county.full_clean()
    county.save()
    partnerships, names = _partnerships(county, n)
    director = _director(county, username, password)
    leaders, chiefs = _local_users(county, partnerships, names)
    plans = [_plan(i, today) for i in range(n)]
    _agreements(template, partnerships, plans, director, leaders, chiefs)
    forums = _forums(partnerships, plans, director, leaders, chiefs)
    _meetings(forums, leaders, today)
    _driftsavtaler(partnerships, leaders, today)
    # Made in bulk, not by the services that keep the overview's summaries.
    partnership_summaries_refresh(partnership_ids=[p.pk for p in partnerships])
    return Seeded(county, director, partnerships)


# --- the world ---------------------------------------------------------------------------------


def _free_numbers(county_number: str, n: int) -> list[str]:
    """N four-digit kommunenummer not taken yet, from the county's own hundred upwards."""
    taken = set(Municipality.objects.values_list("number", flat=True))
    start = int(county_number) * 100
    numbers = []
    for k in range(9000):
        number = f"{1000 + (start - 1000 + k) % 9000:04d}"
        if number not in taken:
            numbers.append(number)
            if len(numbers) == n:
                return numbers
    raise CommandError(f"There are not {n} free kommunenummer left.")


def _partnerships(county: County, n: int) -> tuple[list[Partnership], list[str]]:
    names = [kommune_name(i) for i in range(n)]
    taken_offices = set(
        Office.objects.filter(name__in=[f"NAV {name}" for name in names]).values_list(
            "name", flat=True
        )
    )
    municipalities = Municipality.objects.bulk_create(
        Municipality(number=number, name=f"{name} kommune", county=county)
        for number, name in zip(_free_numbers(county.number, n), names, strict=True)
    )
    offices = Office.objects.bulk_create(
        Office(
            name=f"NAV {name}" + (f" ({county.number})" if f"NAV {name}" in taken_offices else ""),
            street_address=f"Storgata {i + 1}",
            postal_code=f"{(1000 + i * 7) % 9000 + 1000:04d}",
            postal_town=name,
            leadership_model=Office.LeadershipModel.ONE_LEADER,
        )
        for i, name in enumerate(names)
    )
    partnerships = Partnership.objects.bulk_create(
        Partnership(office=o, municipal_party=m, state_party=county)
        for o, m in zip(offices, municipalities, strict=True)
    )
    for p, o, m in zip(partnerships, offices, municipalities, strict=True):
        p.office, p.municipal_party, p.state_party = o, m, county
    return partnerships, names


def _director(county: County, username: str, password: str):
    user, _created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": "Fylkesdirektør",
            "last_name": county.name,
            "email": f"{username}@example.org",
        },
    )
    user.set_password(password)
    user.save(update_fields=["password"])
    Membership.objects.create(
        user=user,
        county=county,
        side=Side.STATE,
        role=Role.SIGNATORY,
        title=f"Direktør {county.name}",
    )
    return user


def _local_users(county, partnerships, names):
    """Each office's NAV-leder and each kommune's kommunedirektør, with memberships. They
    cannot log in (no password): they are there to own meetings, actions and approvals."""
    user_model = get_user_model()
    unusable = make_password(None)

    def users(prefix, first_name):
        return user_model.objects.bulk_create(
            user_model(
                username=f"{prefix}.{county.number}-{i + 1:03d}",
                first_name=first_name,
                last_name=name,
                email=f"{prefix}.{county.number}-{i + 1:03d}@example.org",
                password=unusable,
            )
            for i, name in enumerate(names)
        )

    leaders = users("navleder", "NAV-leder")
    chiefs = users("kommunedirektor", "Kommunedirektør")
    Membership.objects.bulk_create(
        [
            *(
                Membership(
                    user=u, partnership=p, side=Side.OFFICE, role=Role.SECRETARY, title="NAV-leder"
                )
                for u, p in zip(leaders, partnerships, strict=True)
            ),
            *(
                Membership(
                    user=u,
                    partnership=p,
                    side=Side.MUNICIPAL,
                    role=Role.SIGNATORY,
                    title="Kommunedirektør",
                )
                for u, p in zip(chiefs, partnerships, strict=True)
            ),
        ]
    )
    return leaders, chiefs


# --- the agreements ----------------------------------------------------------------------------


@dataclass
class Plan:
    """What one partnership's agreements look like."""

    in_force_from: dt.date | None = None
    valid_to: dt.date | None = None
    terminates_on: dt.date | None = None
    evaluation_months: int = 24
    meetings_per_year: int = 2
    open_status: str = ""  # a version being worked on: draft or negotiation
    revision: bool = False  # the open version revises the one in force


def _plan(i: int, today: dt.date) -> Plan:
    pattern = i % 10
    meetings = 4 if i % 7 == 0 else 2
    if pattern in (0, 1, 2):
        return Plan(today - dt.timedelta(days=100 + 60 * pattern + i % 50), meetings_per_year=2)
    if pattern == 3:
        return Plan(add_months(today, -30) - dt.timedelta(days=i % 60), evaluation_months=12)
    if pattern == 4:
        return Plan(
            add_months(today, -36),
            valid_to=today + dt.timedelta(days=20 + i % 60),
            evaluation_months=48,
            meetings_per_year=meetings,
        )
    if pattern == 5:
        return Plan(add_months(today, -12) + dt.timedelta(days=10 + i % 70), evaluation_months=12)
    if pattern == 6:
        return Plan(
            add_months(today, -50),
            evaluation_months=36,
            open_status=Status.NEGOTIATION,
            revision=True,
        )
    if pattern == 7:
        return Plan(open_status=Status.NEGOTIATION, meetings_per_year=meetings)
    if pattern == 8:
        return Plan(open_status=Status.DRAFT)
    return Plan(
        add_months(today, -40),
        terminates_on=today + dt.timedelta(days=30 + i % 50),
        evaluation_months=60,
    )


def _structured(kind, agreement: Agreement, plan: Plan, chief, director, *, written: bool):
    partnership, template = agreement.partnership, agreement.template
    if kind == structured.PARTIES:
        return {
            "municipal_party": partnership.municipal_party.name,
            "state_party": partnership.state_party.name,
            "covered_municipalities": [],
            "signatories": [
                {"side": "municipal", "name": chief.get_full_name(), "title": "Kommunedirektør"},
                {"side": "state", "name": director.get_full_name(), "title": "Fylkesdirektør"},
            ],
        }
    data = structured.initial(kind, template, partnership)
    if kind == structured.MEETINGS:
        data.update(meetings_per_year=plan.meetings_per_year, chair="Kommunedirektør")
    elif kind == structured.LEADERSHIP and written:
        data.update(employment="state")
    elif kind == structured.DELEGATION and agreement.status == Status.NEGOTIATION:
        # Delegated, but the delegasjonsvedtak is not attached yet.
        data.update(delegated=True, decision_reference=f"Kommunestyret, sak {partnership.pk}/24")
    elif kind == structured.OPERATING_AGREEMENT:
        data.update(tenant="municipal")
    elif kind == structured.VALIDITY and agreement.in_force_from:
        data.update(
            valid_from=agreement.in_force_from.isoformat(),
            valid_to=agreement.valid_to.isoformat() if agreement.valid_to else None,
            until_renewed=agreement.valid_to is None,
            evaluation_interval_months=plan.evaluation_months,
        )
    return data


def _body(section, partnership) -> str:
    return (
        f"<p>{section.title}: {partnership.municipal_party.name} og "
        f"{partnership.state_party.name} er enige om hvordan dette løses ved "
        f"{partnership.office.name}.</p><ul><li>Ansvar og oppgaver er avklart.</li>"
        "<li>Partene evaluerer ordningen i partnerskapsmøtet.</li></ul>"
    )


def _agreements(template, partnerships, plans, director, leaders, chiefs):
    """Every partnership's agreement(s), sections, answers, approvals and signatures."""
    agreements = _versions(template, partnerships, plans, leaders)
    tsections = list(template.sections.prefetch_related("questions").order_by("position"))
    plan_of = {p.pk: plan for p, plan in zip(partnerships, plans, strict=True)}
    chief_of = {p.pk: c for p, c in zip(partnerships, chiefs, strict=True)}
    sections, events, signatures = [], [], []
    for agreement in agreements:
        p, plan = agreement.partnership, plan_of[agreement.partnership_id]
        chief = chief_of[p.pk]
        draft = agreement.status == Status.DRAFT
        for ts in tsections:
            written = not draft or ts.number in ("1.0", "2.0", "9.0")
            sections.append(
                AgreementSection(
                    agreement=agreement,
                    template_section=ts,
                    number=ts.number,
                    title=ts.title,
                    position=ts.position,
                    body=_body(ts, p) if written else "",
                    structured=_structured(
                        ts.structured, agreement, plan, chief, director, written=written
                    ),
                    updated_by=chief,
                    updated_at=agreement.status_changed_at,
                )
            )
        events.append(
            AgreementEvent(
                agreement=agreement,
                kind=AgreementEvent.Kind.CREATED,
                actor=agreement.created_by,
                text=Text.plain(str(template)).to_json(),
                at=agreement.created_at,
            )
        )
        if agreement.status == Status.IN_FORCE:
            signatures += [
                AgreementSignature(
                    agreement=agreement,
                    side=side,
                    method=AgreementSignature.Method.IN_SYSTEM,
                    signed_by=user,
                    name=user.get_full_name(),
                    title=title,
                    place=p.office.postal_town,
                    signed_at=_moment(agreement.in_force_from - dt.timedelta(days=10)),
                )
                for side, user, title in (
                    (Side.MUNICIPAL, chief, "Kommunedirektør"),
                    (Side.STATE, director, "Fylkesdirektør"),
                )
            ]
    for section in sections:
        section.is_empty = section_is_empty(section)
    AgreementSection.objects.bulk_create(sections, batch_size=2000)
    AgreementEvent.objects.bulk_create(events, batch_size=2000)
    AgreementSignature.objects.bulk_create(signatures, batch_size=2000)
    _answers_and_approvals(sections, tsections, chief_of, director)


def _versions(template, partnerships, plans, leaders) -> list[Agreement]:
    """The agreements in force, then the versions being worked on (a revision needs the
    id of the version it revises)."""
    now = timezone.now()
    in_force = {
        p.pk: Agreement(
            partnership=p,
            template=template,
            version=1,
            status=Status.IN_FORCE,
            in_force_from=plan.in_force_from,
            valid_to=plan.valid_to,
            terminates_on=plan.terminates_on,
            notice_given_at=(now - dt.timedelta(days=60)) if plan.terminates_on else None,
            created_by=leader,
            created_at=_moment(plan.in_force_from - dt.timedelta(days=120)),
            status_changed_at=_moment(plan.in_force_from),
        )
        for p, plan, leader in zip(partnerships, plans, leaders, strict=True)
        if plan.in_force_from
    }
    Agreement.objects.bulk_create(in_force.values())
    being_worked_on = Agreement.objects.bulk_create(
        Agreement(
            partnership=p,
            template=template,
            version=2 if plan.revision else 1,
            based_on=in_force[p.pk] if plan.revision else None,
            status=plan.open_status,
            created_by=leader,
            created_at=now - dt.timedelta(days=40),
            status_changed_at=now - dt.timedelta(days=20),
        )
        for p, plan, leader in zip(partnerships, plans, leaders, strict=True)
        if plan.open_status
    )
    return [*in_force.values(), *being_worked_on]


def _answer_status(section: AgreementSection, question, n: int) -> str:
    """Signed: every question considered. A draft: all open. A first negotiation: every
    third open. A revision: the parties reopen what they want to change (3.1 and 9.0)."""
    agreement = section.agreement
    if agreement.status == Status.DRAFT:
        return QuestionAnswer.Status.OPEN
    if agreement.status == Status.NEGOTIATION and agreement.based_on_id:
        reopened = section.number in ("3.1", "9.0") and question.position == 1
        return QuestionAnswer.Status.OPEN if reopened else QuestionAnswer.Status.CONSIDERED
    if agreement.status == Status.NEGOTIATION and n % 3 == 0:
        return QuestionAnswer.Status.OPEN
    return QuestionAnswer.Status.CONSIDERED


def _approving_sides(section: AgreementSection, half: int) -> list[str]:
    """Signed: both sides approved every section. Under negotiation: the municipality the
    first half and two more, the state the first half less two."""
    if section.agreement.status == Status.IN_FORCE:
        return [Side.MUNICIPAL, Side.STATE]
    if section.agreement.status == Status.NEGOTIATION:
        index = section.position - 1
        limits = ((Side.MUNICIPAL, half + 2), (Side.STATE, half - 2))
        return [side for side, upto in limits if index < upto]
    return []


def _answers_and_approvals(sections, tsections, chief_of, director) -> None:
    questions = {ts.pk: list(ts.questions.all()) for ts in tsections}
    half = len(tsections) // 2
    answers, approvals = [], []
    for section in sections:
        agreement = section.agreement
        chief = chief_of[agreement.partnership_id]
        for question in questions[section.template_section_id]:
            status = _answer_status(section, question, len(answers) + 1)
            considered = status == QuestionAnswer.Status.CONSIDERED
            answers.append(
                QuestionAnswer(
                    section=section,
                    question=question,
                    status=status,
                    note="Drøftet i partnerskapsmøtet." if considered else "",
                    updated_by=chief,
                    updated_at=agreement.status_changed_at,
                )
            )
        approvals += [
            SectionApproval(
                section=section,
                side=side,
                approved_by=chief if side == Side.MUNICIPAL else director,
                approved_at=agreement.status_changed_at,
                section_revision=section.revision,
            )
            for side in _approving_sides(section, half)
        ]
    QuestionAnswer.objects.bulk_create(answers, batch_size=2000)
    SectionApproval.objects.bulk_create(approvals, batch_size=2000)


def _moment(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


# --- the meetings ------------------------------------------------------------------------------


def _forums(partnerships, plans, director, leaders, chiefs):
    forums = Forum.objects.bulk_create(
        Forum(
            partnership=p,
            meetings_per_year=(
                plan.meetings_per_year
                if plan.in_force_from
                else DEFAULT_MEETINGS_PER_YEAR[Partnership.Kind.LOCAL]
            ),
        )
        for p, plan in zip(partnerships, plans, strict=True)
    )
    ForumMember.objects.bulk_create(
        member
        for forum, leader, chief in zip(forums, leaders, chiefs, strict=True)
        for member in (
            ForumMember(
                forum=forum, user=leader, role=ForumMember.Role.SECRETARY, title="NAV-leder"
            ),
            ForumMember(
                forum=forum, user=chief, role=ForumMember.Role.CHAIR, title="Kommunedirektør"
            ),
            ForumMember(
                forum=forum, user=director, role=ForumMember.Role.MEMBER, title="Fylkesdirektør"
            ),
        )
    )
    return forums


def _meetings(forums, leaders, today):
    """Held meetings with two items each and an action from the first; the next meeting
    where the forum keeps its frequency."""
    # With each meeting: the forum's index, and for a held one its place among the held
    # (None for the one planned) and whether it is the last held.
    meetings, about = [], []
    for i, forum in enumerate(forums):
        pattern = i % 4
        held_days = {0: (190, 40), 1: (250, 100), 2: (250,), 3: (400, 210)}[pattern]
        upcoming = {0: 35, 1: 20, 2: 25, 3: None}[pattern]
        for n, days in enumerate(held_days):
            approved = n < len(held_days) - 1
            meetings.append(
                _meeting(
                    forum,
                    today - dt.timedelta(days=days),
                    Meeting.Status.MINUTES_APPROVED if approved else Meeting.Status.HELD,
                    leaders[i] if approved else None,
                )
            )
            about.append((i, n, n == len(held_days) - 1))
        if upcoming is not None:
            meetings.append(
                _meeting(forum, today + dt.timedelta(days=upcoming), Meeting.Status.PLANNED, None)
            )
            about.append((i, None, False))
    Meeting.objects.bulk_create(meetings, batch_size=2000)

    items, numbers = [], {}
    for meeting, (i, n, _last) in zip(meetings, about, strict=True):
        if n is None:
            continue
        year = timezone.localtime(meeting.starts_at).year
        for kind, title in (
            (AgendaItem.Kind.DECISION, "Felles virksomhetsplan for kontoret"),
            (AgendaItem.Kind.ORIENTATION, "Status for kvalifiseringsprogrammet"),
        ):
            numbers[meeting.forum_id, year] = numbers.get((meeting.forum_id, year), 0) + 1
            items.append(
                AgendaItem(
                    forum=meeting.forum,
                    meeting=meeting,
                    year=year,
                    number=numbers[meeting.forum_id, year],
                    position=numbers[meeting.forum_id, year],
                    kind=kind,
                    title=title,
                    owner="NAV-leder",
                    status=AgendaItem.Status.ACCEPTED,
                    submitted_by=leaders[i],
                    submitted_at=meeting.starts_at - dt.timedelta(days=20),
                    minutes="Saken ble drøftet.",
                    decision="Partnerskapsmøtet slutter seg til forslaget."
                    if kind == AgendaItem.Kind.DECISION
                    else "",
                )
            )
    AgendaItem.objects.bulk_create(items, batch_size=2000)

    actions = []
    decisions = iter(item for item in items if item.kind == AgendaItem.Kind.DECISION)
    for meeting, (i, n, last) in zip(meetings, about, strict=True):
        if n is None:
            continue
        item = next(decisions)
        held_on = timezone.localtime(meeting.starts_at).date()
        if not last:
            due, done = held_on + dt.timedelta(days=30), True
        elif i % 3 == 0:
            due, done = held_on + dt.timedelta(days=14), False  # overdue (held long enough ago)
        else:
            due, done = today + dt.timedelta(days=20 + i % 40), False
        actions.append(
            Action(
                item=item,
                description="Legge fram tall for brukere i arbeidsrettet aktivitet",
                owner="NAV-leder",
                due_date=due,
                status=Action.Status.DONE if done else Action.Status.OPEN,
                closed_by=leaders[i] if done else None,
                closed_at=_moment(due) if done else None,
            )
        )
    Action.objects.bulk_create(actions, batch_size=2000)


def _meeting(forum, day: dt.date, status, approved_by) -> Meeting:
    starts = _moment(day)
    return Meeting(
        forum=forum,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place=f"{forum.partnership.office.name}, møterommet",
        status=status,
        submission_deadline=day - dt.timedelta(days=forum.submission_days),
        agenda_version=0 if status == Meeting.Status.PLANNED else 1,
        published_at=None if status == Meeting.Status.PLANNED else starts - dt.timedelta(days=10),
        minutes_approved_at=starts + dt.timedelta(days=14) if approved_by else None,
        minutes_approved_by=approved_by,
    )


# --- the driftsavtaler ---------------------------------------------------------------------


def _driftsavtaler(partnerships, leaders, today):
    """This year's driftsavtale: twelve expenses, husleie by floor area and the rest by
    årsverk, three årsverk periods per party (four changes in the year), the actuals of the
    quarters that have passed and the payments on account for them."""
    year = today.year
    passed = sum(1 for _start, end in split.quarters(year) if end < today)
    agreements = OperatingAgreement.objects.bulk_create(
        OperatingAgreement(
            partnership=p,
            year=year,
            tenant=split.STATE if i % 5 == 0 else split.MUNICIPAL,
            key=split.ARSVERK,
            state_area=D(400 + 7 * (i % 30)),
            municipal_area=D(300 + 11 * (i % 25)),
            created_by=leaders[i],
        )
        for i, p in enumerate(partnerships)
    )
    lines, periods = [], []
    for i, agreement in enumerate(agreements):
        scale = D(100 + i % 37) / 100
        rows = [
            (Category.RENT, "", split.AREA, D(1_800_000)),
            (Category.COMMON, "", "", D(240_000)),
            (Category.ENERGY, "", "", D(150_000)),
            (Category.CLEANING, "", "", D(210_000)),
            (Category.SECURITY, "", "", D(95_000)),
            (Category.RECEPTION, "", "", D(310_000)),
            (Category.FURNITURE, "", "", D(60_000)),
            (Category.SUPPLIES, "", "", D(42_500)),
            *(
                (Category.OTHER, name, "", D(18_000 + 4_000 * k))
                for k, name in enumerate(OTHER_LINES)
            ),
        ]
        for category, name, key, budget in rows:
            amount = (budget * scale).quantize(split.ORE)
            quarter = (amount / 4).quantize(split.ORE)
            actuals = [quarter + D(i % 9) * 100 if q < passed else D("0.00") for q in range(4)]
            lines.append(
                ExpenseLine(
                    agreement=agreement,
                    category=category,
                    name=name,
                    key=key,
                    budget=amount,
                    actual_q1=actuals[0],
                    actual_q2=actuals[1],
                    actual_q3=actuals[2],
                    actual_q4=actuals[3],
                )
            )
        state, municipal = D(10 + i % 15), D(8 + i % 11)
        for side, spans in (
            (split.STATE, (((1, 1), (3, 31), state), ((4, 1), (8, 31), state - D("1.5")),
                           ((9, 1), (12, 31), state + D("1.0")))),
            (split.MUNICIPAL, (((1, 1), (6, 30), municipal), ((7, 1), (10, 31), municipal + 1),
                               ((11, 1), (12, 31), municipal + D("0.5")))),
        ):  # fmt: skip
            for start, end, fte in spans:
                periods.append(
                    StaffingPeriod(
                        agreement=agreement,
                        side=side,
                        starts_on=dt.date(year, *start),
                        ends_on=dt.date(year, *end),
                        fte=fte,
                    )
                )
    ExpenseLine.objects.bulk_create(lines, batch_size=2000)
    StaffingPeriod.objects.bulk_create(periods, batch_size=2000)
    _pay_on_account(agreements, lines, periods, passed)
    # As the services would have left them after the last change.
    cost_summaries_refresh(agreements=agreements)


def _pay_on_account(agreements, lines, periods, passed: int) -> None:
    """The non-tenant pays its exact share of each quarter that has passed in every fourth
    partnership (settled), 3 % less in the others (a balance to settle), and nothing in
    every seventh."""
    by_agreement = {a.pk: ([], []) for a in agreements}
    for line in lines:
        by_agreement[line.agreement_id][0].append(line)
    for period in periods:
        by_agreement[period.agreement_id][1].append(period)
    for i, agreement in enumerate(agreements):
        if i % 7 == 3 or not passed:
            continue
        own_lines, own_periods = by_agreement[agreement.pk]
        result = split.compute(
            basis=split.Basis(
                year=agreement.year,
                periods=tuple(
                    split.Period(p.side, p.starts_on, p.ends_on, p.fte) for p in own_periods
                ),
                areas={
                    split.STATE: agreement.state_area,
                    split.MUNICIPAL: agreement.municipal_area,
                },
            ),
            lines=[
                split.Line(line.pk, str(line), line.key or agreement.key, line.budget, line.actuals)
                for line in own_lines
            ],
            tenant=agreement.tenant,
        )
        payer = result.non_tenant
        factor = D(1) if i % 4 == 0 else D("0.97")
        paid = [
            (q.shares[payer] * factor).quantize(split.ORE) if n < passed else D("0.00")
            for n, q in enumerate(result.quarters)
        ]
        agreement.paid_q1, agreement.paid_q2, agreement.paid_q3, agreement.paid_q4 = paid
    OperatingAgreement.objects.bulk_update(
        agreements, ["paid_q1", "paid_q2", "paid_q3", "paid_q4"], batch_size=1000
    )
