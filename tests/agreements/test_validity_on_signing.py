"""A revision that is signed starts when it says: point 9.0 is not carried over from the
agreement in force, and signing checks it (start not before the signing day unless
confirmed; end and first evaluation after it), saying what to fix."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements import services
from agreements.models import Agreement, AgreementEvent

from . import MUNICIPAL, STATE, approve_everything, section, sign

pytestmark = pytest.mark.usefixtures("bokmal", "media")

Status = Agreement.Status
SIGNING_DAY = dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC)


def _set_validity(agreement, user, **values):
    validity = section(agreement, "9.0")
    services.agreement_section_update(
        section=validity,
        user=user,
        title=validity.title,
        body=validity.body,
        structured_data={**validity.structured, **values},
        expected_revision=validity.revision,
    )


def _approve_all(agreement, municipal, state):
    for s in agreement.sections.all():
        services.agreement_section_approve(section=s, user=municipal, side=MUNICIPAL)
        services.agreement_section_approve(section=s, user=state, side=STATE)
    agreement.refresh_from_db()
    assert agreement.status == Status.APPROVED


@pytest.fixture
def in_force_since_2022(
    agreement,
    nav_leder,
    municipal_signatory,
    state_editor,
    state_signatory,
    django_capture_on_commit_callbacks,
):
    """Version 1 (9.0: from 1 January 2022, until renewed, evaluated every 12 months),
    signed 15 December 2021 and in force from 1 January 2022."""
    _set_validity(agreement, nav_leder, valid_from="2022-01-01")
    approve_everything(
        agreement, writer=nav_leder, municipal=municipal_signatory, state=state_editor
    )
    with (
        time_machine.travel(dt.datetime(2021, 12, 15, 12, tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sign(agreement, municipal_signatory, MUNICIPAL, earlier_start_confirmed=False)
        sign(agreement, state_signatory, STATE, earlier_start_confirmed=False)
    services.agreements_activate_due(today=dt.date(2022, 1, 1))
    agreement.refresh_from_db()
    assert agreement.status == Status.IN_FORCE
    assert agreement.in_force_from == dt.date(2022, 1, 1)
    return agreement


@pytest.fixture
def revision(in_force_since_2022, nav_leder, municipal_signatory, state_editor):
    """Version 2, started and approved by both on 27 November 2026."""
    with time_machine.travel(SIGNING_DAY, tick=False):
        revision = services.agreement_start_revision(agreement=in_force_since_2022, user=nav_leder)
        _approve_all(revision, municipal_signatory, state_editor)
    return revision


def test_a_revision_does_not_carry_the_start_date_of_the_agreement_in_force(
    in_force_since_2022, nav_leder
):
    with time_machine.travel(SIGNING_DAY, tick=False):
        revision = services.agreement_start_revision(agreement=in_force_since_2022, user=nav_leder)

    validity = section(revision, "9.0")
    assert validity.structured["valid_from"] is None
    # The rest of 9.0 is the agreement's own: kept.
    assert validity.structured["until_renewed"] is True
    assert validity.structured["evaluation_interval_months"] == 12
    assert validity.revisions.get().structured == validity.structured
    # The parties are told, in the history, that 9.0 needs their dates.
    event = revision.events.get(kind=AgreementEvent.Kind.SECTION_EDITED)
    assert event.section == validity
    assert "9.0: datoene fra avtalen som gjelder, er fjernet" in event.detail
    # Other points are copied as they were.
    assert section(revision, "3.1").structured == section(in_force_since_2022, "3.1").structured


def test_an_end_date_already_passed_is_cleared_too(nav_leder, in_force_since_2022):
    # As an agreement signed for 2022-2025 would have it (fixed text: set in the database).
    validity = section(in_force_since_2022, "9.0")
    validity.structured = {
        **validity.structured,
        "valid_to": "2025-12-31",
        "until_renewed": False,
    }
    validity.save(update_fields=["structured"])

    with time_machine.travel(SIGNING_DAY, tick=False):
        revision = services.agreement_start_revision(agreement=in_force_since_2022, user=nav_leder)

    data = section(revision, "9.0").structured
    assert (data["valid_from"], data["valid_to"]) == (None, None)
    assert revision.events.filter(kind=AgreementEvent.Kind.SECTION_EDITED).count() == 1


def test_the_demo_case_a_revision_signed_today_starts_today(
    revision, client, municipal_signatory, state_signatory, django_capture_on_commit_callbacks
):
    """Grorud's version 2, revising the agreement in force from 1 January 2022, signed on
    27 November 2026: in force from that day, its first evaluation a year later."""
    with (
        time_machine.travel(SIGNING_DAY, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sign(revision, municipal_signatory, MUNICIPAL, earlier_start_confirmed=False)
        sign(revision, state_signatory, STATE, earlier_start_confirmed=False)
        revision.refresh_from_db()
        client.force_login(municipal_signatory)
        page = client.get(reverse("agreements:agreement_detail", args=[revision.pk]))

    assert revision.status == Status.IN_FORCE
    assert revision.in_force_from == dt.date(2026, 11, 27)
    assert "Gjeldende fra 1. januar 2022" not in page.text
    assert "Gjeldende fra 27. november 2026." in page.text
    assert "Neste evaluering innen 27. november 2027 (punkt 9.0)." in page.text
    assert "forfalt" not in page.text


def test_a_start_before_the_signing_day_is_refused_unless_confirmed(
    revision, nav_leder, municipal_signatory, state_editor
):
    """The old behaviour, 9.0 set back to 1 January 2022: refused, saying what to fix."""
    with time_machine.travel(SIGNING_DAY, tick=False):
        _set_validity(revision, nav_leder, valid_from="2022-01-01")
        _approve_all(revision, municipal_signatory, state_editor)

        with pytest.raises(ValidationError) as refused:
            sign(revision, municipal_signatory, MUNICIPAL, earlier_start_confirmed=False)
        # Confirming the earlier start is not enough: the evaluation would be long overdue.
        with pytest.raises(ValidationError) as still_refused:
            sign(revision, municipal_signatory, MUNICIPAL, earlier_start_confirmed=True)

    assert refused.value.messages == [
        "Punkt 9.0 sier at avtalen gjelder fra 1. januar 2022, før den signeres "
        "(27. november 2026). Endre startdatoen i 9.0, eller bekreft at avtalen skal gjelde "
        "fra en tidligere dato.",
        "Etter punkt 9.0 skulle første evaluering vært 1. januar 2023, som ikke er etter at "
        "avtalen signeres (27. november 2026). Endre startdatoen eller evalueringsintervallet "
        "i 9.0.",
    ]
    assert len(still_refused.value.messages) == 1
    assert "første evaluering" in still_refused.value.messages[0]
    assert not revision.signatures.exists()


def test_a_confirmed_earlier_start_is_signed_and_applies_from_it(
    revision,
    nav_leder,
    municipal_signatory,
    state_editor,
    state_signatory,
    django_capture_on_commit_callbacks,
):
    with time_machine.travel(SIGNING_DAY, tick=False):
        _set_validity(revision, nav_leder, valid_from="2026-11-01")
        _approve_all(revision, municipal_signatory, state_editor)
        with pytest.raises(ValidationError):
            sign(revision, municipal_signatory, MUNICIPAL, earlier_start_confirmed=False)
        with django_capture_on_commit_callbacks(execute=True):
            sign(revision, municipal_signatory, MUNICIPAL, earlier_start_confirmed=True)
            sign(revision, state_signatory, STATE, earlier_start_confirmed=True)

    revision.refresh_from_db()
    assert revision.status == Status.IN_FORCE
    assert revision.in_force_from == dt.date(2026, 11, 1)


def test_an_end_date_not_after_the_signing_day_is_refused(
    revision, nav_leder, municipal_signatory, state_editor
):
    with time_machine.travel(SIGNING_DAY, tick=False):
        _set_validity(revision, nav_leder, valid_to="2026-11-27", until_renewed=False)
        _approve_all(revision, municipal_signatory, state_editor)
        with pytest.raises(ValidationError) as refused:
            sign(revision, municipal_signatory, MUNICIPAL, earlier_start_confirmed=True)

    assert refused.value.messages == [
        "Punkt 9.0 sier at avtalen slutter 27. november 2026, som ikke er etter at den "
        "signeres (27. november 2026). Endre sluttdatoen i 9.0."
    ]
    assert not revision.signatures.exists()


def test_the_sign_page_says_what_to_fix_with_a_link_to_9_0(
    revision, client, nav_leder, municipal_signatory, state_editor
):
    with time_machine.travel(SIGNING_DAY, tick=False):
        _set_validity(revision, nav_leder, valid_from="2026-11-01")
        _approve_all(revision, municipal_signatory, state_editor)
        url = reverse("agreements:agreement_sign", args=[revision.pk])
        client.force_login(municipal_signatory)
        page = client.get(url)
        post = {
            **page.context["form"].initial,
            "side": MUNICIPAL,
            "place": "Oslo",
            "confirm": "on",
        }
        refused = client.post(url, post)
        signed = client.post(url, {**post, "earlier_start": "on"})

    validity_url = reverse(
        "agreements:section_detail", args=[revision.pk, section(revision, "9.0").pk]
    )
    assert page.status_code == 200
    assert 'data-testid="validity-problems"' in page.text
    assert "gjelder fra 1. november 2026, før den signeres" in page.text
    assert f'href="{validity_url}"' in page.text
    assert "Avtalen skal gjelde fra en tidligere dato" in page.text
    assert refused.status_code == 400
    assert "Endre startdatoen i 9.0" in refused.text
    assert signed.status_code == 302
    assert revision.signatures.get().side == MUNICIPAL


def test_the_sign_page_shows_no_warning_when_9_0_is_right(revision, client, municipal_signatory):
    with time_machine.travel(SIGNING_DAY, tick=False):
        client.force_login(municipal_signatory)
        page = client.get(reverse("agreements:agreement_sign", args=[revision.pk]))

    assert page.status_code == 200
    assert 'data-testid="validity-problems"' not in page.text
