"""Signing: only what both sides approved, each side its own signatory, then frozen, archived
as PDF/A and in force on its start date."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from agreements import services
from agreements.models import Agreement, AgreementEvent
from navpartner.models import RenderedDocument
from tests.agreements import MUNICIPAL, STATE, pdf_upload, sign, sign_both, sign_form_data
from tests.factories import pdf_bytes

Status = Agreement.Status
pytestmark = pytest.mark.usefixtures("media")


def test_nothing_is_signed_before_both_approved_every_section(agreement, municipal_signatory):
    with pytest.raises(ValidationError):
        sign(agreement, municipal_signatory, MUNICIPAL)
    assert not agreement.signatures.exists()


def test_only_a_signatory_of_the_side_signs(approved, state_editor, nav_leder, municipal_signatory):
    for user, side in ((state_editor, STATE), (nav_leder, MUNICIPAL), (municipal_signatory, STATE)):
        with pytest.raises(PermissionDenied):
            sign(approved, user, side)
    assert not approved.signatures.exists()


def test_the_first_signature_locks_the_text_until_it_is_withdrawn(
    approved, municipal_signatory, nav_leder
):
    signature = sign(approved, municipal_signatory, MUNICIPAL)
    section = approved.sections.get(number="2.0")

    with pytest.raises(ValidationError, match="Signeringen har startet"):
        services.agreement_section_update(
            section=section,
            user=nav_leder,
            title=section.title,
            body="<p>Endret.</p>",
            structured_data=None,
            expected_revision=section.revision,
        )
    services.agreement_signature_withdraw(signature=signature, user=municipal_signatory)
    services.agreement_section_update(
        section=section,
        user=nav_leder,
        title=section.title,
        body="<p>Endret.</p>",
        structured_data=None,
        expected_revision=section.revision,
    )

    approved.refresh_from_db()
    assert approved.status == Status.NEGOTIATION


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
def test_both_signatures_freeze_archive_and_put_in_force(
    approved, municipal_signatory, state_signatory, django_capture_on_commit_callbacks
):
    sign_both(
        approved,
        municipal=municipal_signatory,
        state=state_signatory,
        capture=django_capture_on_commit_callbacks,
    )

    assert approved.status == Status.IN_FORCE
    assert approved.in_force_from == dt.date(2026, 1, 1)
    assert len(approved.content_sha256) == 64
    archive = approved.archive
    assert archive.status == RenderedDocument.Status.READY
    assert archive.pdf_variant == "pdf/a-3a"
    pdf = archive.file.read()
    reader = PdfReader(io.BytesIO(pdf))
    last_page = reader.pages[-1].extract_text()
    assert approved.content_sha256 in last_page.replace("\n", "").replace(" ", "")
    assert (reader.xmp_metadata.pdfaid_part, reader.xmp_metadata.pdfaid_conformance) == ("3", "A")
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Hilde Bakken" in text
    assert services.agreement_archive_verify(agreement=approved, user=municipal_signatory)


@time_machine.travel(dt.datetime(2025, 11, 1, 12, tzinfo=dt.UTC))
def test_a_future_start_date_waits_for_the_daily_activation(
    approved, municipal_signatory, state_signatory, django_capture_on_commit_callbacks
):
    sign_both(
        approved,
        municipal=municipal_signatory,
        state=state_signatory,
        capture=django_capture_on_commit_callbacks,
    )
    assert approved.status == Status.SIGNED

    assert services.agreements_activate_due(today=dt.date(2025, 12, 31)) == 0
    assert services.agreements_activate_due(today=dt.date(2026, 1, 1)) == 1
    assert services.agreements_activate_due(today=dt.date(2026, 1, 2)) == 0

    approved.refresh_from_db()
    assert approved.status == Status.IN_FORCE


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
def test_a_paper_signature_keeps_the_scan_as_evidence(
    approved, municipal_signatory, state_signatory, django_capture_on_commit_callbacks
):
    scan = pdf_upload(pdf_bytes(2), "signert.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        signature = sign(approved, municipal_signatory, MUNICIPAL, evidence=scan)

    assert signature.method == "paper"
    assert signature.evidence.read().startswith(b"%PDF-")
    assert len(signature.evidence_sha256) == 64


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
def test_verify_notices_a_tampered_archive(
    approved, municipal_signatory, state_signatory, django_capture_on_commit_callbacks
):
    sign_both(
        approved,
        municipal=municipal_signatory,
        state=state_signatory,
        capture=django_capture_on_commit_callbacks,
    )
    path = approved.archive.file.path
    with open(path, "ab") as handle:
        handle.write(b"% tampered")

    assert not services.agreement_archive_verify(agreement=approved, user=municipal_signatory)
    assert approved.events.filter(kind=AgreementEvent.Kind.VERIFIED).count() == 1


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
def test_sign_page(
    client,
    approved,
    municipal_signatory,
    reader,
    outsider,
    state_signatory,
    django_capture_on_commit_callbacks,
):
    url = reverse("agreements:agreement_sign", args=[approved.pk])
    client.force_login(reader)
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(municipal_signatory)

    page = client.get(url)
    refused = client.post(
        url, {"side": MUNICIPAL, "name": "Anders Lie", "title": "Bydelsdirektør", "place": "Oslo"}
    )  # without confirming
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            url,
            sign_form_data(page.context["form"]["content_hash"].value()),
        )

    assert page.status_code == 200
    assert refused.status_code == 400
    assert done.status_code == 302
    assert approved.signatures.get().name == "Anders Lie"


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
def test_notice_ends_the_agreement_after_the_notice_period(
    client, in_force, municipal_signatory, reader
):
    agreement = in_force
    url = reverse("agreements:agreement_terminate", args=[agreement.pk])
    client.force_login(reader)
    assert client.post(url).status_code == 403
    client.force_login(municipal_signatory)

    confirm = client.get(url)
    client.post(url)

    agreement.refresh_from_db()
    assert "3 måneder" in confirm.text
    assert agreement.terminates_on == dt.date(2026, 6, 1)  # the notice period of 9.0: 3 months
    assert services.agreements_end_due(today=dt.date(2026, 6, 1)) == 0
    assert services.agreements_end_due(today=dt.date(2026, 6, 2)) == 1
    agreement.refresh_from_db()
    assert agreement.status == Status.TERMINATED
    with pytest.raises(ValidationError):
        services.agreement_give_notice(
            agreement=agreement, user=municipal_signatory, side=MUNICIPAL
        )


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
def test_an_agreement_with_an_end_date_expires(
    agreement,
    nav_leder,
    municipal_signatory,
    state_editor,
    state_signatory,
    django_capture_on_commit_callbacks,
):
    validity = agreement.sections.get(number="9.0")
    services.agreement_section_update(
        section=validity,
        user=nav_leder,
        title=validity.title,
        body="<p>Periode.</p>",
        structured_data={
            **validity.structured,
            "valid_from": "2026-01-01",
            "valid_to": "2027-12-31",
            "until_renewed": False,
        },
        expected_revision=validity.revision,
    )
    for section in agreement.sections.all():
        if not section.body:
            services.agreement_section_update(
                section=section,
                user=nav_leder,
                title=section.title,
                body="<p>Tekst.</p>",
                structured_data=section.structured,
                expected_revision=section.revision,
            )
        services.agreement_section_approve(
            section=section, user=municipal_signatory, side=MUNICIPAL
        )
        services.agreement_section_approve(section=section, user=state_editor, side=STATE)
    agreement.refresh_from_db()
    sign_both(
        agreement,
        municipal=municipal_signatory,
        state=state_signatory,
        capture=django_capture_on_commit_callbacks,
    )
    assert agreement.status == Status.IN_FORCE

    assert agreement.valid_to == dt.date(2027, 12, 31)
    assert services.agreements_end_due(today=dt.date(2027, 12, 31)) == 0
    assert services.agreements_end_due(today=dt.date(2028, 1, 1)) == 1
    agreement.refresh_from_db()
    assert agreement.status == Status.EXPIRED


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
def test_a_pdf_made_after_signing_carries_the_signatures(
    client, in_force, municipal_signatory, django_capture_on_commit_callbacks
):
    agreement = in_force
    client.force_login(municipal_signatory)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agreements:agreement_pdf", args=[agreement.pk]))

    document = RenderedDocument.objects.get(object_id=agreement.pk, kind="agreement")
    text = "".join(p.extract_text() for p in PdfReader(document.file.open("rb")).pages)
    assert "Hilde Bakken" in text and "UTKAST" not in text
