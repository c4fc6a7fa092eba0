"""The demo world (manage.py seed_demo), seeded once for the module (tests/demo/conftest.py):
who sees what, the agreements, the meetings and the driftsavtaler; and running it again
changes nothing."""

import datetime as dt
from decimal import Decimal as D
from io import BytesIO, StringIO

import pikepdf
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from agreements import selectors, services
from agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementSection,
    AgreementSignature,
    QuestionAnswer,
)
from costsharing.models import (
    ExpenseLine,
    MunicipalWeight,
    OperatingAgreement,
    OperatingAgreementEvent,
    StaffingPeriod,
)
from costsharing.selectors import cost_overview
from meetings.minutes_review import minutes_capacities
from meetings.models import AgendaItem, Meeting
from meetings.selectors import open_actions
from partnerships import selectors as partnership_selectors
from partnerships.models import Membership, Partnership, Side

YEAR = 2026  # tests/demo/conftest.py freezes time at 15 August 2026
STATE, MUNICIPAL = Side.STATE, Side.MUNICIPAL


def day(month, dom) -> dt.date:
    return dt.date(YEAR, month, dom)


def periods_of(agreement, side=None) -> list[tuple[dt.date, dt.date, D]]:
    rows = StaffingPeriod.objects.filter(agreement=agreement).order_by("side", "starts_on")
    if side:
        rows = rows.filter(side=side)
    return [(p.starts_on, p.ends_on, p.fte) for p in rows]


EXPECTED = {
    "fylkesdirektor.oslo": {"Oslo kommune – NAV Oslo", "NAV Grorud", "NAV Østensjø", "NAV Frogner"},
    "bydelsdirektor.grorud": {"NAV Grorud"},
    "bydelsdirektor.frogner": {"NAV Frogner"},
    "navleder.grorud": {"NAV Grorud"},
    "radmann.orland": {"NAV Ørland"},
    "radmann.grong": {"NAV Indre Namdal"},
    "revisor.oslo": {"Oslo kommune – NAV Oslo", "NAV Grorud", "NAV Østensjø", "NAV Frogner"},
    "fylkesdirektor.trondelag": {"NAV Ørland", "NAV Indre Namdal"},
}


def test_demo_users_see_exactly_their_partnerships(demo):
    users = get_user_model().objects.in_bulk(EXPECTED, field_name="username")

    for username, expected in EXPECTED.items():
        assert users[username].check_password("navpartner-demo"), username
        seen = {str(p) for p in partnership_selectors.partnerships_visible_to(users[username])}
        assert seen == expected, username


def test_seed_demo_is_idempotent(demo):
    counts = (
        Partnership.objects.count(),
        Membership.objects.count(),
        get_user_model().objects.count(),
    )

    call_command("seed_demo", stdout=StringIO())

    assert (
        Partnership.objects.count(),
        Membership.objects.count(),
        get_user_model().objects.count(),
    ) == counts


def test_the_vertskommune_partnership_covers_three_municipalities(demo):
    namdal = Partnership.objects.get(office__name="NAV Indre Namdal")

    assert namdal.municipal_party.name == "Grong kommune"
    assert namdal.covered_municipalities.count() == 3


# --- the demo agreements -----------------------------------------------------------------------


def _completeness(agreement):
    rows = selectors.agreement_section_rows(agreement)
    return selectors.agreement_completeness(
        agreement, rows, selectors.agreement_attachments(agreement)
    )


def test_the_central_agreement_is_in_force_and_approved_by_both_sides(demo):
    central = Agreement.objects.get(partnership__kind=Partnership.Kind.CENTRAL)

    assert central.status == Agreement.Status.IN_FORCE
    assert central.in_force_from == dt.date(2021, 3, 1)
    assert central.created_by.username == "kommunaldirektor.oslo"
    sections = list(central.sections.prefetch_related("approvals"))
    assert "Kommunikasjon" in {s.title for s in sections if s.is_custom}
    for section in sections:
        assert section.body.strip(), section.number
        assert {a.side for a in section.approvals.all()} == {"municipal", "state"}, section
    assert not central.sections.filter(answers__status=QuestionAnswer.Status.OPEN).exists()
    meetings = central.sections.get(number="3.1").structured
    assert meetings["meetings_per_year"] >= 6
    validity = central.sections.get(number="9.0").structured
    assert (validity["valid_from"], validity["until_renewed"], validity["notice_months"]) == (
        "2021-03-01",
        True,
        3,
    )
    # The history is real: written, approved by both, then signed on paper by both sides,
    # registered through the signing service with the scans; the archival copy exists.
    kinds = set(central.events.values_list("kind", flat=True))
    assert {
        "created",
        "section_edited",
        "section_added",
        "question_answered",
        "approved",
        "signed",
        "archived",
    } <= kinds
    signatures = list(central.signatures.all())
    assert {s.method for s in signatures} == {"paper"}
    assert all(s.signed_at.date() < dt.date(2021, 3, 1) and s.evidence_sha256 for s in signatures)
    assert central.archive.status == "ready" and central.archive.pdf_variant == "pdf/a-3a"
    assert services.agreement_archive_verify(agreement=central, user=central.created_by)


def test_grorud_has_version_1_in_force_and_version_2_under_negotiation(demo):
    first, second = Agreement.objects.filter(partnership__office__name="NAV Grorud").order_by(
        "version"
    )

    assert (first.version, first.status) == (1, Agreement.Status.IN_FORCE)
    assert first.in_force_from == dt.date(2022, 1, 1)
    assert {"Samordning av HMS", "Innleie og drift"} <= set(
        first.sections.values_list("title", flat=True)
    )
    assert (second.version, second.status) == (2, Agreement.Status.NEGOTIATION)
    assert second.based_on == first
    changes, removed = selectors.agreement_changes(second)
    changed = {c.section.number for c in changes if c.changed}
    assert len(changed) >= 2
    assert "3.1" in changed and removed == []
    assert second.sections.get(number="3.1").structured["meetings_per_year"] == 4
    completeness = _completeness(second)
    assert completeness.awaiting["municipal"] and completeness.awaiting["state"]
    assert completeness.open_questions > 0


def test_indre_namdal_draft_misses_the_delegation_decision(demo):
    draft = Agreement.objects.get(partnership__office__name="NAV Indre Namdal")

    assert draft.status == Agreement.Status.DRAFT
    assert draft.created_by.username == "radmann.grong"
    assert draft.sections.get(number="3.7").structured["delegated"] is True
    completeness = _completeness(draft)
    assert [a["kind"] for a in completeness.missing_attachments] == ["delegasjonsvedtak"]
    assert completeness.empty_sections  # the rest is still to be written


def test_orland_has_no_agreement(demo):
    assert not Agreement.objects.filter(partnership__office__name="NAV Ørland").exists()


def test_seed_demo_twice_keeps_the_agreements(demo):
    counts = (
        Agreement.objects.count(),
        AgreementSection.objects.count(),
        AgreementEvent.objects.count(),
    )

    call_command("seed_demo", stdout=StringIO())

    assert counts[0] == 5  # central, Grorud 1 and 2, Indre Namdal, Sogndal
    assert (
        Agreement.objects.count(),
        AgreementSection.objects.count(),
        AgreementEvent.objects.count(),
    ) == counts


def test_the_demo_has_grorud_meetings_and_an_escalation_to_the_central_committee(demo):
    call_command("seed_demo", stdout=StringIO())  # the second time

    grorud = Meeting.objects.filter(forum__partnership__office__name="NAV Grorud")
    assert sorted(grorud.values_list("status", flat=True)) == [
        "cancelled",
        "held",
        "minutes_approved",
        "planned",
    ]
    planned = grorud.get(status="planned")
    assert planned.items.filter(status=AgendaItem.Status.SUBMITTED).count() == 2
    # The director sent an absence with a substitute for the next meeting.
    [absence] = planned.responses.all()
    assert not absence.attending and absence.substitute_name.startswith("Siri Nymoen")
    # The cancelled meeting's item waits for a meeting, with its reason.
    cancelled = grorud.get(status="cancelled")
    assert cancelled.cancelled_reason
    assert AgendaItem.objects.get(title="Status for kvalifiseringsprogrammet").meeting is None
    assert len(open_actions(planned.forum)) == 2
    # The last held meeting's minutes were commented and await the state side's approval.
    held = grorud.get(status="held")
    assert held.minutes_comments.count() == 1
    assert list(held.minutes_approvals.values_list("capacity", flat=True)) == ["chair"]
    assert minutes_capacities(held) == ("chair", "state")
    approved = grorud.get(status="minutes_approved")
    assert sorted(approved.minutes_approvals.values_list("capacity", flat=True)) == [
        "chair",
        "state",
    ]
    assert planned.forum.year_plan.count() == 4
    escalated = AgendaItem.objects.get(escalated_from__isnull=False)
    assert escalated.meeting.forum.partnership.kind == "central"
    assert escalated.escalated_from.title in escalated.title


# --- the driftsavtaler ------------------------------------------------------------------------


def test_the_demo_has_this_years_driftsavtaler_and_running_it_again_adds_nothing(demo):
    counts = [
        model.objects.count()
        for model in (
            OperatingAgreement,
            ExpenseLine,
            StaffingPeriod,
            MunicipalWeight,
            OperatingAgreementEvent,
        )
    ]
    call_command("seed_demo", stdout=StringIO())

    assert counts == [
        model.objects.count()
        for model in (
            OperatingAgreement,
            ExpenseLine,
            StaffingPeriod,
            MunicipalWeight,
            OperatingAgreementEvent,
        )
    ]
    grorud, namdal = (
        OperatingAgreement.objects.select_related("partnership__municipal_party").get(
            partnership__office__name=name
        )
        for name in ("NAV Grorud", "NAV Indre Namdal")
    )
    users = get_user_model().objects.in_bulk(
        ["navleder.grorud", "radmann.grong"], field_name="username"
    )

    # NAV Grorud: the bydel is the tenant; husleie by area, the rest by årsverk.
    assert (grorud.year, grorud.tenant, grorud.key) == (YEAR, MUNICIPAL, "arsverk")
    assert (grorud.state_area, grorud.municipal_area) == (D("610"), D("540"))
    assert grorud.created_by == users["navleder.grorud"]
    assert grorud.lines.count() == 8
    rent = grorud.lines.get(category="rent")
    assert rent.key == "area"
    assert D("2000000") < rent.budget < D("3000000")
    assert periods_of(grorud, STATE) == [
        (day(1, 1), day(6, 30), D("14.50")),
        (day(7, 1), day(12, 31), D("12.50")),
    ]
    assert periods_of(grorud, MUNICIPAL) == [(day(1, 1), day(12, 31), D("11.00"))]
    # Two quarters have passed on 15 August: their actuals and payments, nothing after.
    for line in grorud.lines.all():
        assert line.actual_q1 and line.actual_q2, line
        assert line.actual_q3 == line.actual_q4 == 0, line
    q1, q2, q3, q4 = grorud.paid_on_account
    assert q1 == q2 > 0 and q3 == q4 == 0
    assert {e.user for e in grorud.events.all()} == {users["navleder.grorud"]}
    overview = cost_overview(grorud)
    assert overview.error == ""
    assert overview.result is not None
    assert overview.gaps == []
    # on account: a quarter of the state's budgeted share, in whole kroner
    assert q1 == (overview.result.budget_totals[STATE] / 4).quantize(D("1"))

    # NAV Indre Namdal: the state is the tenant; Grong's share divided by population.
    assert (namdal.tenant, namdal.key, namdal.municipal_key) == (STATE, "arsverk", "population")
    assert namdal.created_by == users["radmann.grong"]
    assert periods_of(namdal) == [
        (day(1, 1), day(12, 31), D("5.50")),
        (day(1, 1), day(12, 31), D("6.00")),
    ]
    figures = {
        w.municipality.name: w.weight
        for w in MunicipalWeight.objects.filter(agreement=namdal).select_related("municipality")
    }
    assert set(figures) == {
        "Grong kommune",
        "Høylandet kommune",
        "Namsskogan kommune",
        "Røyrvik kommune",
    }
    assert figures["Grong kommune"] > figures["Høylandet kommune"] > figures["Røyrvik kommune"]
    overview = cost_overview(namdal)
    assert overview.error == ""
    assert overview.result is not None
    result = overview.result
    assert sum(result.municipal_budget.values()) == result.budget_totals[MUNICIPAL]
    assert result.quarters[0].paid_on_account > 0
    assert (
        Partnership.objects.get(office__name="NAV Indre Namdal").covered_municipalities.count() == 3
    )


def _point_page(client, username, number):
    client.force_login(get_user_model().objects.get(username=username))
    revision = Agreement.objects.get(partnership__office__name="NAV Grorud", version=2)
    point = revision.sections.get(number=number)
    return client.get(reverse("agreements:section_detail", args=[revision.pk, point.pk])).text


def test_grorud_version_2_is_being_negotiated(demo, client):
    director = "fylkesdirektor.oslo"
    changed = _point_page(client, director, "3.3")
    meetings = _point_page(client, director, "3.1")
    bydel_meetings = _point_page(client, "bydelsdirektor.grorud", "3.1")

    # 3.3 changed after the state side approved it: it sees what changed since.
    assert 'data-testid="changed-since"' in changed
    assert "første uken" in changed
    # 3.1: the state side's open suggestion and the thread both sides see ...
    assert 'data-testid="suggestion"' in meetings
    assert "oktober" in meetings
    assert "Fire møter i året blir mye" in meetings and "kan vi ta januar" in meetings
    # ... and the bydel's internal note, which only the bydel sees.
    assert "Internt: vi godtar tre møter" in bydel_meetings
    assert "Internt: vi godtar tre møter" not in meetings


def test_the_demos_paper_signatures_are_documents_with_a_language_and_a_title(demo):
    """The stand-in scans are made by render_pdf, which tags every PDF: a document without a
    language made WeasyPrint log 'Missing required "lang" attribute' at every `make run`."""
    signatures = AgreementSignature.objects.exclude(evidence="")
    assert signatures.count() >= 4  # the central agreement and Grorud v1, each side
    for signature in signatures:
        with signature.evidence.open("rb") as handle, pikepdf.open(BytesIO(handle.read())) as pdf:
            assert str(pdf.Root.Lang) == "nb"
            assert str(pdf.docinfo["/Title"]) == "Signert papirkopi"
