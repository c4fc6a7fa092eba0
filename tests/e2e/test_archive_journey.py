"""Issue 14 in a real browser: the archivist's package for the signed agreement, and the
public version of the agreement, both downloaded as a user would.

NAV Grorud's version 1 is signed and in force in the demo world. The bydelsdirektør (an
editor of the partnership) opens it, files it ("Arkiver"): the archival PDF/A is made if it
is not yet, the zip downloads and its arkivmelding validates against the official schema.
Then an exempt attachment and "Offentlig versjon": the public PDF downloads, and names the
legal basis instead of the attachment. axe-core runs on each page reached.
"""

import io
import zipfile

import pikepdf
import pytest
import xmlschema
from lxml import etree
from playwright.sync_api import expect
from pypdf import PdfReader

from agreements.models import Agreement, Attachment
from archive.package import SCHEMAS
from navpartner.uploads import pdf_upload_store
from tests.agreements import pdf_upload
from tests.factories import pdf_bytes

pytestmark = pytest.mark.e2e

USER = "bydelsdirektor.grorud"


def download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), "rb") as handle:
        return handle.read()


def open_version_1(page):
    page.get_by_role("link", name="NAV Grorud", exact=True).click()
    page.get_by_test_id("agreement-row").get_by_role("link", name="Versjon 1", exact=True).click()
    expect(page.locator("h1")).to_contain_text("Partnerskapsavtale")


def test_the_signed_agreement_is_filed_as_a_valid_package_and_published(
    login, page, assert_accessible
):
    login(USER)
    signed = Agreement.objects.get(partnership__office__name="NAV Grorud", version=1)
    attachment = Attachment(
        agreement=signed, kind="other", title="Lønnsoversikt per ansatt", original_name="l.pdf"
    )
    pdf_upload_store(attachment, pdf_upload(pdf_bytes()))
    attachment.save()
    page.emulate_media(reduced_motion="reduce")
    open_version_1(page)
    agreement_url = page.url

    # 1. "Arkiver": the page says what is filed; the PDF is made first if it is not ready.
    page.get_by_test_id("archive-link").first.click()
    expect(page.locator("h1")).to_have_text("Arkiver")
    assert_accessible(page)
    if page.get_by_test_id("not-ready").count():
        page.get_by_role("button", name="Lag PDF-en").click()
        expect(page.get_by_test_id("document-status")).to_have_attribute(
            "data-status", "ready", timeout=30_000
        )
        page.go_back()
        page.reload()
    package = download(page, page.get_by_test_id("package-download"))

    files = zipfile.ZipFile(io.BytesIO(package))
    xml = files.read("arkivmelding.xml")
    official = xmlschema.XMLSchema(
        str(SCHEMAS / "no.ks.fiks.arkiv.v2.arkivering.arkivmelding.opprett.xsd")
    )
    official.validate(etree.fromstring(xml))
    [pdf_name] = [name for name in files.namelist() if name.endswith(".pdf")]
    with pikepdf.open(io.BytesIO(files.read(pdf_name))) as archived:
        xmp = archived.open_metadata()
        assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("3", "A")

    # 2. An attachment exempt under offl. § 14, marked on the agreement page.
    page.goto(agreement_url)
    page.get_by_role("link", name="Offentlighet Lønnsoversikt per ansatt").click()
    assert_accessible(page)
    page.get_by_label("Offentlighet").select_option("14")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_test_id("attachment-exempt")).to_contain_text("offl. § 14")

    # 3. The public version of the agreement: made from the agreement page, downloaded.
    page.get_by_test_id("public-agreement").click()
    ready = page.get_by_role("link", name="Last ned PDF-en")
    expect(ready).to_be_visible(timeout=30_000)
    assert_accessible(page)
    public = PdfReader(io.BytesIO(download(page, ready)))
    text = " ".join(" ".join(p.extract_text().split()) for p in public.pages)
    assert "offentlig versjon" in text.lower()
    assert "Lønnsoversikt per ansatt – Unntatt offentlighet, offl. § 14" in text
