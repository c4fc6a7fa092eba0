"""Builds the demo world: Oslo (central partnership and three bydeler) and Trøndelag (an
ordinary kommune and a vertskommune), with their agreements. Running it again changes nothing.

The agreements are written through the services, acting as the demo users, so that their
history is real:

* Oslo kommune – NAV Oslo: the central agreement, in force since 1 March 2021;
* NAV Grorud: version 1 in force since 1 January 2022, and version 2 under negotiation;
* NAV Indre Namdal: a draft with a few points written and the delegation decision missing;
* NAV Ørland: no agreement yet (the empty state; the browser tests start one there).

Then the meetings (``demo.meetings``) and this year's driftsavtaler of NAV Grorud and NAV
Indre Namdal (``demo.costsharing``).

A partnership that already has an agreement is left alone. The texts are in
``demo.texts``."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation

from agreements.models import (
    Agreement,
    AgreementEvent,
    Comment,
    QuestionAnswer,
    SectionApproval,
    SectionRevision,
    WithdrawnApproval,
)
from agreements.services import (
    agreement_create,
    agreement_section_add,
    agreement_section_approve,
    agreement_section_update,
    agreement_sign,
    agreement_start_revision,
    question_answer_update,
    veileder_templates_load_all,
)
from agreements.services.comments import comment_add
from agreements.services.suggestions import suggestion_create
from demo import DEMO_PASSWORD, texts
from demo.costsharing import seed_costsharing
from demo.meetings import seed_meetings
from navpartner.pdf import render_pdf
from oversight.services.summaries import partnership_summaries_refresh
from partnerships.models import (
    County,
    Membership,
    Municipality,
    Office,
    Partnership,
)
from partnerships.reference import written_standard_of
from partnerships.services import membership_grant, partnership_create

COUNTIES = [("03", "NAV Oslo"), ("50", "NAV Trøndelag"), ("46", "NAV Vestland")]
OSLO = ("0301", "Oslo kommune")
BYDELER = [
    # bydelsnummer, bydel, office, street address, postal code
    ("030110", "Bydel Grorud", "NAV Grorud", "Ammerudveien 22", "0958"),
    ("030113", "Bydel Østensjø", "NAV Østensjø", "Olaf Helsets vei 6", "0694"),
    ("030105", "Bydel Frogner", "NAV Frogner", "Sørkedalsveien 6", "0369"),
]
TRONDELAG_KOMMUNER = [
    ("5057", "Ørland kommune"),
    ("5045", "Grong kommune"),
    ("5046", "Høylandet kommune"),
    ("5044", "Namsskogan kommune"),
    ("5043", "Røyrvik kommune"),
]
# A nynorsk kommune (målform nynorsk): its partnership's documents are in nynorsk. In
# Vestland, since the demo's Trøndelag kommuner write bokmål or are neutral.
SOGNDAL = ("4640", "Sogndal kommune")
Side, Role = Membership.Side, Membership.Role
USERS = [
    # username, first name, last name, title, side, role, scope ("county"|"municipality"|
    # "partnership", key)
    (
        "fylkesdirektor.oslo",
        "Hilde",
        "Bakken",
        "Direktør NAV Oslo",
        Side.STATE,
        Role.SIGNATORY,
        "county",
        "03",
    ),
    (
        "bydelsdirektor.grorud",
        "Anders",
        "Lie",
        "Bydelsdirektør",
        Side.MUNICIPAL,
        Role.SIGNATORY,
        "partnership",
        "NAV Grorud",
    ),
    (
        "bydelsdirektor.ostensjo",
        "Mona",
        "Haugen",
        "Bydelsdirektør",
        Side.MUNICIPAL,
        Role.SIGNATORY,
        "partnership",
        "NAV Østensjø",
    ),
    (
        "bydelsdirektor.frogner",
        "Per",
        "Strand",
        "Bydelsdirektør",
        Side.MUNICIPAL,
        Role.SIGNATORY,
        "partnership",
        "NAV Frogner",
    ),
    (
        "navleder.grorud",
        "Ingrid",
        "Dahl",
        "NAV-leder",
        Side.OFFICE,
        Role.SECRETARY,
        "partnership",
        "NAV Grorud",
    ),
    (
        "kommunaldirektor.oslo",
        "Jon",
        "Berg",
        "Kommunaldirektør, byrådsavdelingen",
        Side.MUNICIPAL,
        Role.SIGNATORY,
        "central",
        "0301",
    ),
    (
        "revisor.oslo",
        "Siri",
        "Moen",
        "Kommunerevisjonen i Oslo",
        Side.MUNICIPAL,
        Role.AUDITOR,
        "municipality",
        "0301",
    ),
    (
        "fylkesdirektor.trondelag",
        "Ola",
        "Aune",
        "Direktør NAV Trøndelag",
        Side.STATE,
        Role.SIGNATORY,
        "county",
        "50",
    ),
    (
        "radmann.orland",
        "Kari",
        "Hoff",
        "Kommunedirektør",
        Side.MUNICIPAL,
        Role.SIGNATORY,
        "partnership",
        "NAV Ørland",
    ),
    (
        "radmann.grong",
        "Eirik",
        "Grande",
        "Kommunedirektør, vertskommunen",
        Side.MUNICIPAL,
        Role.SIGNATORY,
        "partnership",
        "NAV Indre Namdal",
    ),
    (
        "navleder.orland",
        "Liv",
        "Sætre",
        "NAV-leder",
        Side.OFFICE,
        Role.SECRETARY,
        "partnership",
        "NAV Ørland",
    ),
    (
        "fylkesdirektor.vestland",
        "Solveig",
        "Hauge",
        "Direktør NAV Vestland",
        Side.STATE,
        Role.SIGNATORY,
        "county",
        "46",
    ),
    (
        "kommunedirektor.sogndal",
        "Torbjørn",
        "Nes",
        "Kommunedirektør",
        Side.MUNICIPAL,
        Role.SIGNATORY,
        "partnership",
        "NAV Sogndal",
    ),
]


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo partnerships and demo users."

    def handle(self, *args, **options):
        if not settings.NAVPARTNER_ALLOW_DEMO:
            raise CommandError("Demo data is disabled here (NAVPARTNER_ALLOW_DEMO is off).")
        # In the site's language, as a request would be: the PDFs made on signing carry
        # their /Lang, and the texts made from translations are Norwegian.
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            veileder_templates_load_all()
            partnerships = self._partnerships()
            created = self._users(partnerships)
            new_agreements = self._agreements(partnerships)
            users = get_user_model().objects.in_bulk(
                [username for username, *_ in USERS], field_name="username"
            )
            seed_meetings(partnerships, users)
            seed_costsharing(partnerships, users)
            # Some of it is made without the services that keep the overview's summaries.
            partnership_summaries_refresh(partnership_ids=[p.pk for p in partnerships.values()])
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready: {len(partnerships)} partnerships, {len(USERS) + 1} users "
                f"({created} new), {Agreement.objects.count()} agreements ({new_agreements} "
                f"new). Password for every demo user: {DEMO_PASSWORD}"
            )
        )

    def _partnerships(self) -> dict[str, Partnership]:
        counties = {
            number: County.objects.update_or_create(number=number, defaults={"name": name})[0]
            for number, name in COUNTIES
        }
        oslo = _municipality(OSLO[0], OSLO[1], counties["03"])
        central = Partnership.objects.filter(
            kind=Partnership.Kind.CENTRAL, municipal_party=oslo
        ).first()
        if central is None:
            central = partnership_create(
                kind=Partnership.Kind.CENTRAL,
                municipal_party=oslo,
                state_party=counties["03"],
            )
        result = {"central:0301": central}
        for number, name, office_name, street, postal_code in BYDELER:
            bydel = _municipality(number, name, counties["03"], parent=oslo)
            office = _office(office_name, street, postal_code, "Oslo")
            result[office_name] = _local(office, bydel, counties["03"], parent=central)

        trondelag = {
            number: _municipality(number, name, counties["50"])
            for number, name in TRONDELAG_KOMMUNER
        }
        orland = _office("NAV Ørland", "Rådhusgata 8", "7130", "Brekstad")
        result["NAV Ørland"] = _local(orland, trondelag["5057"], counties["50"])
        namdal = _office("NAV Indre Namdal", "Søndre gate 2", "7870", "Grong")
        result["NAV Indre Namdal"] = _local(
            namdal,
            trondelag["5045"],
            counties["50"],
            covered=[trondelag[n] for n in ("5046", "5044", "5043")],
        )
        sogndal = _municipality(*SOGNDAL, counties["46"])
        office = _office("NAV Sogndal", "", "6856", "Sogndal")
        result["NAV Sogndal"] = _local(office, sogndal, counties["46"])
        return result

    def _users(self, partnerships: dict[str, Partnership]) -> int:
        user_model = get_user_model()
        created = 0
        for username, first, last, title, side, role, scope, key in USERS:
            user, is_new = user_model.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@example.org",
                },
            )
            if is_new:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
                created += 1
            target = {
                "county": lambda k: {"county": County.objects.get(number=k)},
                "municipality": lambda k: {"municipality": Municipality.objects.get(number=k)},
                "partnership": lambda k: {"partnership": partnerships[k]},
                "central": lambda k: {"partnership": partnerships[f"central:{k}"]},
            }[scope](key)
            membership_grant(user=user, side=side, role=role, title=title, **target)
        admin, is_new = user_model.objects.get_or_create(
            username="admin",
            defaults={
                "first_name": "Demo",
                "last_name": "Administrator",
                "email": "admin@example.org",
                "is_staff": True,
                "is_superuser": True,
            },
        )
        if is_new:
            admin.set_password(DEMO_PASSWORD)
            admin.save(update_fields=["password"])
            created += 1
        return created

    def _agreements(self, partnerships: dict[str, Partnership]) -> int:
        """Each demo agreement, unless its partnership already has one. Returns how many new."""
        users = get_user_model().objects.in_bulk(
            [username for username, *_ in USERS], field_name="username"
        )
        builders = [
            ("central:0301", _central_agreement),
            ("NAV Grorud", _grorud_agreements),
            ("NAV Indre Namdal", _namdal_draft),
            ("NAV Sogndal", _sogndal_draft),
            # NAV Ørland keeps no agreement: the empty state.
        ]
        created = 0
        for key, build in builders:
            partnership = partnerships[key]
            if not partnership.agreements.exists():
                created += build(partnership, users)
        return created


# --- the agreements ----------------------------------------------------------------------------


def _central_agreement(partnership: Partnership, users) -> int:
    """Oslo's central agreement: written by the municipality, approved by both, in force."""
    writer, state = users["kommunaldirektor.oslo"], users["fylkesdirektor.oslo"]
    agreement = agreement_create(partnership=partnership, user=writer)
    _write(agreement, writer, texts.CENTRAL_BODIES, texts.CENTRAL_STRUCTURED)
    _add_own_sections(agreement, writer, texts.CENTRAL_OWN_SECTIONS)
    _answer_all(agreement, writer, texts.CENTRAL_ANSWER_NOTE)
    _approve(agreement, writer, Side.MUNICIPAL)
    _approve(agreement, state, Side.STATE)
    _backdate(agreement, _at(2020, 11, 16), _at(2021, 2, 22))
    _sign_on_paper(agreement, [(writer, Side.MUNICIPAL), (state, Side.STATE)], _at(2021, 2, 24))
    return 1


def _grorud_agreements(partnership: Partnership, users) -> int:
    """NAV Grorud: version 1 in force; version 2 under negotiation, partly approved."""
    leader = users["navleder.grorud"]
    municipal, state = users["bydelsdirektor.grorud"], users["fylkesdirektor.oslo"]
    first = agreement_create(partnership=partnership, user=leader)
    _write(first, leader, texts.GRORUD_BODIES, texts.GRORUD_STRUCTURED)
    _add_own_sections(first, leader, texts.GRORUD_OWN_SECTIONS)
    _answer_all(first, leader, texts.GRORUD_ANSWER_NOTE)
    _approve(first, municipal, Side.MUNICIPAL)
    _approve(first, state, Side.STATE)
    _backdate(first, _at(2021, 9, 6), _at(2021, 12, 13))
    _sign_on_paper(first, [(municipal, Side.MUNICIPAL), (state, Side.STATE)], _at(2021, 12, 15))

    revision = agreement_start_revision(agreement=first, user=leader)
    _write(revision, leader, texts.GRORUD_REVISION_BODIES, texts.GRORUD_REVISION_STRUCTURED)
    for number, (index, note) in texts.GRORUD_REVISION_REOPENED_QUESTIONS.items():
        answer = list(_section(revision, number).answers.select_related("question"))[index]
        question_answer_update(
            answer=answer, user=leader, status=QuestionAnswer.Status.OPEN, note=note
        )
    not_municipal = {
        *texts.GRORUD_REVISION_APPROVED_BY_STATE_ONLY,
        *texts.GRORUD_REVISION_APPROVED_BY_NEITHER,
    }
    not_state = {
        *texts.GRORUD_REVISION_APPROVED_BY_MUNICIPAL_ONLY,
        *texts.GRORUD_REVISION_APPROVED_BY_NEITHER,
    }
    _approve(revision, municipal, Side.MUNICIPAL, skip=not_municipal)
    _approve(revision, state, Side.STATE, skip=not_state)
    now = timezone.now()
    _backdate(revision, now - dt.timedelta(days=24), now - dt.timedelta(days=2))
    _grorud_negotiation(revision, leader=leader, municipal=municipal, state=state)
    return 2


def _grorud_negotiation(revision: Agreement, *, leader, municipal, state) -> None:
    """Version 2 is being negotiated here, as the parties would: 3.3 was changed after both
    sides approved it (the state side sees what changed since it approved); the state side
    proposes other wording for 3.1 and says why, the bydel answers, and discusses it
    internally first."""
    security = _section(revision, "3.3")
    agreement_section_update(
        section=security,
        user=leader,
        title=security.title,
        body=security.body + texts.GRORUD_NEGOTIATION_3_3_ADDED,
        structured_data=security.structured,
        expected_revision=security.revision,
    )
    agreement_section_approve(
        section=_section(revision, "3.3"), user=municipal, side=Side.MUNICIPAL
    )

    meetings = _section(revision, "3.1")
    suggestion_create(
        section=meetings,
        user=state,
        title=meetings.title,
        body=meetings.body.replace(*texts.GRORUD_NEGOTIATION_3_1_SUGGESTED),
        structured_data=meetings.structured,
        approve_on_accept=True,
        expected_revision=meetings.revision,
    )
    thread = comment_add(section=meetings, user=state, body=texts.GRORUD_NEGOTIATION_3_1_THREAD[0])
    comment_add(
        section=meetings, user=municipal, body=texts.GRORUD_NEGOTIATION_3_1_THREAD[1], thread=thread
    )
    comment_add(
        section=meetings,
        user=municipal,
        body=texts.GRORUD_NEGOTIATION_3_1_INTERNAL,
        visibility=Comment.Visibility.INTERNAL,
    )


def _namdal_draft(partnership: Partnership, users) -> int:
    """NAV Indre Namdal: the vertskommune's draft; the delegasjonsvedtak is not attached."""
    writer = users["radmann.grong"]
    agreement = agreement_create(partnership=partnership, user=writer)
    _write(agreement, writer, texts.NAMDAL_BODIES, texts.NAMDAL_STRUCTURED)
    for number, (index, note) in texts.NAMDAL_ANSWERS.items():
        answer = list(_section(agreement, number).answers.select_related("question"))[index]
        question_answer_update(
            answer=answer, user=writer, status=QuestionAnswer.Status.CONSIDERED, note=note
        )
    now = timezone.now()
    _backdate(agreement, now - dt.timedelta(days=9), now - dt.timedelta(days=3))
    return 1


def _sogndal_draft(partnership: Partnership, users) -> int:
    """NAV Sogndal: a draft in nynorsk, the kommune's målform (the veileder's points in
    nynorsk, the first written)."""
    writer = users["kommunedirektor.sogndal"]
    agreement = agreement_create(partnership=partnership, user=writer)
    _write(agreement, writer, texts.SOGNDAL_BODIES, {})
    return 1


def _sign_on_paper(agreement: Agreement, signatories, signed_at: dt.datetime) -> None:
    """The demo's agreements in force were signed by hand before the parties used navpartner:
    each signatory registers the paper signature (a scan and its date) through the same
    service as in the product, which puts the agreement in force and makes its archival copy."""
    agreement.refresh_from_db()
    for user, side in signatories:
        title = (
            user.memberships.filter(role=Membership.Role.SIGNATORY)
            .values_list("title", flat=True)
            .first()
        )
        scan = render_pdf(
            f'<html lang="nb"><title>Signert papirkopi</title><p>Signert papirkopi av '
            f"{agreement} (demo): {user.get_full_name()}, {title}.</p></html>"
        )
        agreement_sign(
            agreement=agreement,
            user=user,
            side=side,
            name=user.get_full_name(),
            title=title or "",
            place="Oslo",
            evidence=SimpleUploadedFile("signert.pdf", scan, content_type="application/pdf"),
            signed_at=signed_at,
        )
        agreement.refresh_from_db()


def _write(agreement: Agreement, user, bodies: dict, structured: dict) -> None:
    """Save the text and structured part of the points given, as the editor would."""
    for section in agreement.sections.select_related("template_section"):
        if section.number not in bodies and section.number not in structured:
            continue
        data = {**section.structured, **structured.get(section.number, {})}
        agreement_section_update(
            section=section,
            user=user,
            title=section.title,
            body=bodies.get(section.number, section.body),
            structured_data=data,
            expected_revision=section.revision,
        )


def _add_own_sections(agreement: Agreement, user, sections) -> None:
    for title, body in sections:
        section = agreement_section_add(agreement=agreement, user=user, title=title)
        agreement_section_update(
            section=section,
            user=user,
            title=title,
            body=body,
            structured_data=None,
            expected_revision=section.revision,
        )


def _answer_all(agreement: Agreement, user, note: str) -> None:
    for answer in QuestionAnswer.objects.filter(section__agreement=agreement).select_related(
        "section__agreement", "question"
    ):
        question_answer_update(
            answer=answer, user=user, status=QuestionAnswer.Status.CONSIDERED, note=note
        )


def _approve(agreement: Agreement, user, side: str, skip=()) -> None:
    for section in agreement.sections.all():
        if section.number not in skip:
            agreement_section_approve(section=section, user=user, side=side)


def _section(agreement: Agreement, number: str):
    return agreement.sections.get(number=number)


def _at(year, month, day) -> dt.datetime:
    return dt.datetime(year, month, day, 9, 0, tzinfo=timezone.get_current_timezone())


def _backdate(agreement: Agreement, start: dt.datetime, end: dt.datetime) -> None:
    """Spread the agreement's history evenly, in the order it happened, between `start` and
    `end`; its other timestamps follow (the demo should not look written in one second)."""
    events = list(agreement.events.order_by("pk"))
    step = (end - start) / max(len(events) - 1, 1)
    for n, event in enumerate(events):
        event.at = (start + step * n).replace(microsecond=0)
    AgreementEvent.objects.bulk_update(events, ["at"])
    Agreement.objects.filter(pk=agreement.pk).update(created_at=start, status_changed_at=end)
    agreement.sections.exclude(updated_at=None).update(updated_at=start + (end - start) / 2)
    QuestionAnswer.objects.filter(section__agreement=agreement).exclude(updated_at=None).update(
        updated_at=start + (end - start) / 2
    )
    SectionApproval.objects.filter(section__agreement=agreement).update(approved_at=end)
    SectionRevision.objects.filter(section__agreement=agreement).update(
        created_at=start + (end - start) / 2
    )
    WithdrawnApproval.objects.filter(section__agreement=agreement).update(
        approved_at=start + (end - start) / 3, withdrawn_at=start + (end - start) / 2
    )


# --- the world ---------------------------------------------------------------------------------


def _municipality(number, name, county, parent=None) -> Municipality:
    """A municipality with its målform from the reference data (Sogndal: nynorsk)."""
    kind = Municipality.Kind.BYDEL if parent else Municipality.Kind.KOMMUNE
    return Municipality.objects.update_or_create(
        number=number,
        defaults={
            "name": name,
            "county": county,
            "parent": parent,
            "kind": kind,
            "written_standard": written_standard_of(number),
        },
    )[0]


def _office(name, street, postal_code, town) -> Office:
    return Office.objects.update_or_create(
        name=name,
        defaults={"street_address": street, "postal_code": postal_code, "postal_town": town},
    )[0]


def _local(office, municipality, county, parent=None, covered=()) -> Partnership:
    existing = Partnership.objects.filter(office=office).first()
    if existing is not None:
        return existing
    return partnership_create(
        office=office,
        municipal_party=municipality,
        state_party=county,
        parent=parent,
        covered_municipalities=covered,
    )
