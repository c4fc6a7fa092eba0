"""Bringing an agreement in from Word, in a real browser: the NAV leader of NAV Ørland (which
the demo world leaves without an agreement) uploads a .docx, checks the proposed mapping,
moves the own point "Kommunikasjon" to a veileder point by keyboard, confirms, and reads the
new draft. axe-core runs on the upload, mapping and result pages."""

import io
import re

import docx
import pytest
from playwright.sync_api import expect

from tests.e2e import tab_to

pytestmark = pytest.mark.e2e

PARTNERSHIP = "NAV Ørland"
SECRETARY = "navleder.orland"  # Liv Sætre

POINTS = [
    ("1.0 Avtaleparter", "Avtalen er inngått mellom Ørland kommune og NAV Trøndelag."),
    (
        "2.0 Formålet med partnerskapsavtalen",
        "Partene skal sammen gi innbyggerne i Ørland et helhetlig tilbud fra ett kontor.",
    ),
    (
        "3.1 Styring og ledelse",
        "Partnerskapsmøtet holdes fire ganger i året og ledes av rådmannen.",
    ),
    ("Kommunikasjon", "Partene varsler hverandre før saker om kontoret tas opp i media."),
    ("5.0 Brukermedvirkning", "Brukerrådet i Ørland møtes to ganger hvert halvår."),
    ("9.0 Avtaleperiode", "Avtalen gjelder fra 1. januar 2027 og evalueres hvert annet år."),
]
#: The demo's veileder may be in bokmål or nynorsk; the point's number is the same.
COMMUNICATION_TARGET = re.compile(r"^3\.3 Personvern")


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Partnerskapsavtale for NAV Ørland")
    for heading, text in POINTS:
        document.add_heading(heading, level=1)
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_import_journey(login, demo, assert_accessible):
    page = login(SECRETARY)
    with page.expect_navigation():
        page.get_by_role("link", name=PARTNERSHIP, exact=True).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Importer avtale fra Word").click()
    expect(page.locator("h1")).to_have_text("Importer avtale fra Word")
    assert_accessible(page)

    # Upload: the file is read in-process here, so the mapping follows at once.
    page.get_by_label("Avtalen som Word-fil (.docx)").set_input_files(
        {
            "name": "partnerskapsavtale-orland.docx",
            "mimeType": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            "buffer": docx_bytes(),
        }
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Last opp og les filen").click()
    expect(page).to_have_url(re.compile(r"/importer/\d+/koble/$"))
    expect(page.locator("h1")).to_have_text("Kontroller importen")
    expect(page.get_by_test_id("import-part")).to_have_count(len(POINTS))
    expect(page.get_by_test_id("import-outcome")).to_contain_text("ny avtale")
    assert_accessible(page)

    # Each part shows its text; the own point is proposed as one.
    communication = page.get_by_label("«Kommunikasjon» går til")
    expect(communication).to_have_value("")
    expect(
        page.get_by_label("«3.1 Styring og ledelse» går til").locator("option:checked")
    ).to_have_text(re.compile(r"^3\.1 Styring og le"))

    # By keyboard: Tab to the select and type the start of the point's number.
    tab_to(page, communication)
    page.keyboard.type("3.3")
    expect(communication.locator("option:checked")).to_have_text(COMMUNICATION_TARGET)

    with page.expect_navigation():
        page.get_by_role("button", name="Bekreft og opprett utkastet").click()
    expect(page).to_have_url(re.compile(r"/avtaler/\d+/$"))
    expect(page.locator(".messages")).to_contain_text("Avtalen er importert")
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("link", name="Les hele avtalen").click()
    sections = page.get_by_test_id("text-section")
    # "Kommunikasjon" went where the keyboard put it, not to an own point of its own.
    expect(
        sections.filter(has=page.get_by_role("heading", name=COMMUNICATION_TARGET))
    ).to_contain_text("Partene varsler hverandre før saker om kontoret")
    expect(sections.filter(has_text="Kommunikasjon")).to_have_count(0)
    expect(
        sections.filter(has=page.get_by_role("heading", name=re.compile(r"^3\.1 ")))
    ).to_contain_text("Partnerskapsmøtet holdes fire ganger i året")
    assert_accessible(page)
