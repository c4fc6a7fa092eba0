import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from agreements import selectors, services
from agreements.models import Agreement, AgreementEvent, AgreementSection, QuestionAnswer
from partnerships import selectors as partnership_selectors
from partnerships.models import Membership, Partnership

pytestmark = pytest.mark.django_db

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


def test_demo_users_see_exactly_their_partnerships():
    call_command("seed_demo", stdout=StringIO())
    users = get_user_model().objects.in_bulk(EXPECTED, field_name="username")

    for username, expected in EXPECTED.items():
        assert users[username].check_password("navpartner-demo"), username
        seen = {str(p) for p in partnership_selectors.partnerships_visible_to(users[username])}
        assert seen == expected, username


def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=StringIO())
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


def test_the_vertskommune_partnership_covers_three_municipalities():
    call_command("seed_demo", stdout=StringIO())

    namdal = Partnership.objects.get(office__name="NAV Indre Namdal")

    assert namdal.municipal_party.name == "Grong kommune"
    assert namdal.covered_municipalities.count() == 3


def test_seed_demo_refuses_where_demo_data_is_off(settings):
    settings.NAVPARTNER_ALLOW_DEMO = False

    with pytest.raises(CommandError):
        call_command("seed_demo")

    assert not get_user_model().objects.filter(username="fylkesdirektor.oslo").exists()


# --- the demo agreements -----------------------------------------------------------------------


def _completeness(agreement):
    rows = selectors.agreement_section_rows(agreement)
    return selectors.agreement_completeness(
        agreement, rows, selectors.agreement_attachments(agreement)
    )


def test_the_central_agreement_is_in_force_and_approved_by_both_sides(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())

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
    assert central.archive.status == "ready" and central.archive.pdf_variant == "pdf/a-3b"
    assert services.agreement_archive_verify(agreement=central, user=central.created_by)


def test_grorud_has_version_1_in_force_and_version_2_under_negotiation():
    call_command("seed_demo", stdout=StringIO())

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


def test_indre_namdal_draft_misses_the_delegation_decision():
    call_command("seed_demo", stdout=StringIO())

    draft = Agreement.objects.get(partnership__office__name="NAV Indre Namdal")

    assert draft.status == Agreement.Status.DRAFT
    assert draft.created_by.username == "radmann.grong"
    assert draft.sections.get(number="3.7").structured["delegated"] is True
    completeness = _completeness(draft)
    assert [a["kind"] for a in completeness.missing_attachments] == ["delegasjonsvedtak"]
    assert completeness.empty_sections  # the rest is still to be written


def test_orland_has_no_agreement():
    call_command("seed_demo", stdout=StringIO())

    assert not Agreement.objects.filter(partnership__office__name="NAV Ørland").exists()


def test_seed_demo_twice_keeps_the_agreements():
    call_command("seed_demo", stdout=StringIO())
    counts = (
        Agreement.objects.count(),
        AgreementSection.objects.count(),
        AgreementEvent.objects.count(),
    )

    call_command("seed_demo", stdout=StringIO())

    assert counts[0] == 4
    assert (
        Agreement.objects.count(),
        AgreementSection.objects.count(),
        AgreementEvent.objects.count(),
    ) == counts


def test_the_demo_has_grorud_meetings_and_an_escalation_to_the_central_committee():
    from meetings.models import AgendaItem, Meeting
    from meetings.selectors import open_actions

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())

    grorud = Meeting.objects.filter(forum__partnership__office__name="NAV Grorud")
    assert sorted(grorud.values_list("status", flat=True)) == [
        "held",
        "minutes_approved",
        "planned",
    ]
    planned = grorud.get(status="planned")
    assert planned.items.filter(status=AgendaItem.Status.SUBMITTED).count() == 2
    assert len(open_actions(planned.forum)) == 2
    escalated = AgendaItem.objects.get(escalated_from__isnull=False)
    assert escalated.meeting.forum.partnership.kind == "central"
    assert escalated.escalated_from.title in escalated.title
