"""Signing in a real browser: both signatories sign, the agreement is in force, the PDFs download.

Built on NAV Ørland, which the demo world leaves without an agreement. The agreement is
written and approved by both sides through the services (the live server shares the
database); the browser then takes over: the rådmann signs for the municipal side, the county
director for the state side, the agreement goes in force (its start date in 9.0 is left
empty, so it is in force from today), the archival PDF/A is verified and downloaded, and
"Lag PDF" makes a PDF of the agreement as it stands. axe-core runs on every page reached.
"""

import hashlib
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from pypdf import PdfReader

from agreements import services
from agreements.models import Agreement
from partnerships.models import Partnership, Side

pytestmark = pytest.mark.e2e

PARTNERSHIP = "NAV Ørland"
SECRETARY = "navleder.orland"  # Liv Sætre
MUNICIPAL_SIGNATORY = "radmann.orland"  # Kari Hoff, Kommunedirektør
STATE_SIGNATORY = "fylkesdirektor.trondelag"  # Ola Aune, Direktør NAV Trøndelag
CONFIRM = "Jeg har lest avtalen og signerer den på vegne av parten."
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def approved_agreement() -> Agreement:
    """An Ørland agreement with every section written and approved by both sides."""
    users = {u.username: u for u in get_user_model().objects.all()}
    partnership = Partnership.objects.get(office__name=PARTNERSHIP)
    agreement = services.agreement_create(partnership=partnership, user=users[SECRETARY])
    for section in agreement.sections.all():
        services.agreement_section_update(
            section=section,
            user=users[SECRETARY],
            title=section.title,
            body=f"<p>Avtalt tekst for punkt {section.number}.</p>",
            structured_data=section.structured,
            expected_revision=section.revision,
        )
    for section in agreement.sections.all():
        for username, side in (
            (MUNICIPAL_SIGNATORY, Side.MUNICIPAL),
            (STATE_SIGNATORY, Side.STATE),
        ):
            services.agreement_section_approve(section=section, user=users[username], side=side)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.APPROVED
    return agreement


def log_out(page):
    with page.expect_navigation():
        page.locator('header form[action="/konto/logg-ut/"] button[type=submit]').click()
    expect(page.locator("input[name=username]")).to_be_visible()


def open_agreement(page):
    page.get_by_role("link", name=PARTNERSHIP, exact=True).click()
    expect(page.locator("h1")).to_have_text(PARTNERSHIP)
    page.get_by_test_id("agreement-row").get_by_role("link", name="Versjon 1", exact=True).click()


def status_badge(page):
    return page.locator("h1 + p > .badge")


def signing_card(page):
    return page.get_by_role("region", name="Signering")


def sign_form(page):
    return page.locator("form[enctype='multipart/form-data']")


def submit_signature(page):
    with page.expect_navigation():
        sign_form(page).get_by_role("button", name="Signer", exact=True).click()


def download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_bytes()


def test_signing_journey(login, demo, assert_accessible):
    agreement = approved_agreement()
    agreement_url = f"{demo}/avtaler/{agreement.pk}/"

    # 1. The rådmann signs for the municipal side.
    page = login(MUNICIPAL_SIGNATORY)
    page.emulate_media(reduced_motion="reduce")
    open_agreement(page)
    expect(page).to_have_url(agreement_url)
    expect(signing_card(page)).to_contain_text("Begge parter har godkjent alle punkter.")
    assert_accessible(page)
    signing_card(page).get_by_role("link", name="Signer avtalen").click()
    expect(page).to_have_url(f"{agreement_url}signer/")
    expect(page.locator("h1")).to_have_text("Signer avtalen")
    form = sign_form(page)
    expect(form.get_by_label("Kommunal side")).to_be_checked()
    expect(form.get_by_label("Statlig side")).to_have_count(0)
    expect(form.get_by_label("Navn")).to_have_value("Kari Hoff")
    expect(form.get_by_label("Tittel")).to_have_value("Kommunedirektør")
    expect(form.get_by_label("Signert papirkopi (PDF, valgfritt)")).to_be_visible()
    expect(form.get_by_label("Dato på det signerte papiret")).to_be_visible()
    assert_accessible(page)

    # Without the confirmation the form is refused and comes back with an error.
    form.get_by_label("Sted").fill("Brekstad")
    submit_signature(page)
    expect(page).to_have_url(f"{agreement_url}signer/")
    confirm = sign_form(page).get_by_label(CONFIRM)
    expect(confirm).not_to_be_checked()
    expect(confirm).to_have_attribute("aria-invalid", "true")
    expect(sign_form(page).locator(".invalid-feedback")).to_contain_text("påkrevet")
    expect(sign_form(page).get_by_label("Sted")).to_have_value("Brekstad")
    assert_accessible(page)
    assert not agreement.signatures.exists()

    confirm.check()
    submit_signature(page)
    expect(page).to_have_url(f"{agreement_url}#signing")
    expect(page.locator(".messages")).to_contain_text("Signaturen din er registrert.")
    signatures = signing_card(page).get_by_test_id("signature")
    expect(signatures).to_have_count(1)
    expect(signatures).to_contain_text("Kommunal side: Kari Hoff, Kommunedirektør, Brekstad")
    expect(signing_card(page).get_by_role("link", name="Signer avtalen")).to_have_count(0)
    # Until the other side has signed, the rådmann may take the signature back.
    expect(signatures.get_by_role("button", name="Trekk signaturen")).to_be_visible()
    expect(status_badge(page)).not_to_have_text("I kraft")
    assert_accessible(page)
    log_out(page)

    # 2. The county director signs for the state side: the agreement is in force.
    page = login(STATE_SIGNATORY)
    open_agreement(page)
    signing_card(page).get_by_role("link", name="Signer avtalen").click()
    form = sign_form(page)
    expect(form.get_by_label("Statlig side")).to_be_checked()
    expect(form.get_by_label("Navn")).to_have_value("Ola Aune")
    expect(form.get_by_label("Tittel")).to_have_value("Direktør NAV Trøndelag")
    form.get_by_label("Sted").fill("Steinkjer")
    form.get_by_label(CONFIRM).check()
    assert_accessible(page)
    submit_signature(page)
    expect(page).to_have_url(f"{agreement_url}#signing")
    expect(status_badge(page)).to_have_text("I kraft")
    expect(signatures).to_have_count(2)
    expect(signatures.nth(1)).to_contain_text("Statlig side: Ola Aune, Direktør NAV Trøndelag")
    card = signing_card(page)
    expect(card).to_contain_text("Gjeldende fra")
    expect(card.get_by_role("heading", name="Arkivkopi (PDF/A)")).to_be_visible()
    archive_sha256 = card.get_by_test_id("archive-sha256").inner_text()
    assert SHA256.match(archive_sha256), archive_sha256
    expect(card.get_by_role("link", name="Signer avtalen")).to_have_count(0)
    expect(page.get_by_role("button", name="Trekk signaturen")).to_have_count(0)
    assert_accessible(page)

    with page.expect_navigation():
        card.get_by_role("button", name="Kontroller").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("Kontrollert:")
    assert_accessible(page)

    archive = download(page, card.get_by_role("link", name="Last ned den signerte avtalen"))
    assert archive.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(archive))
    assert reader.xmp_metadata.pdfaid_part == "3"
    assert hashlib.sha256(archive).hexdigest() == archive_sha256

    # 3. "Lag PDF": the status page polls until the PDF is ready, then it downloads.
    with page.expect_navigation():
        page.get_by_role("button", name="Lag PDF").click()
    expect(page).to_have_url(re.compile(rf"/dokumenter/agreement/{agreement.pk}/\d+/$"))
    ready = page.get_by_role("link", name="Last ned PDF-en")
    expect(ready).to_be_visible()
    expect(page.get_by_test_id("document-status")).to_have_attribute("data-status", "ready")
    assert_accessible(page)
    pdf = download(page, ready)
    assert pdf.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1
