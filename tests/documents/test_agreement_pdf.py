"""The printed partnership agreement: templates/pdf/agreement.html through navpartner.pdf.

Checked as a reader of the paper would: what the pages say (pdftotext -layout, per page) and
where (the table of contents against the page each heading is really on).

The template's own msgids may not be in the catalogue when these tests run, so a translated
word is matched in English or bokmål (e.g. "Page 2 of 5" / "Side 2 av 5"); names, numbers and
dates (formatted by Django's nb locale) are matched exactly.
"""

import datetime as dt
import io
import re
import subprocess

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader
from pypdf.generic import StreamObject

from agreements.models import AgreementSection, Attachment
from agreements.selectors import (
    agreement_document_context,
    agreement_get_for_user,
    agreement_text,
)
from agreements.services import agreement_create, agreement_section_add, agreement_section_update
from navpartner.pdf import render_pdf
from partnerships.models import Membership
from tests.factories import (
    MembershipFactory,
    MunicipalityFactory,
    OfficeFactory,
    PartnershipFactory,
    UserFactory,
)

GENERATED_AT = dt.datetime(2024, 4, 12, 10, 0, tzinfo=dt.UTC)
FOOTER = re.compile(r"(?:Side|Page) (\d+) (?:av|of) (\d+)")
WATERMARK = re.compile(r"\b(?:UTKAST|DRAFT)\b")

PARAGRAPH = (
    "<p>Partene skal samarbeide om å gi brukerne helhetlige tjenester. NAV-leder har ansvaret "
    "for at bestemmelsen følges opp i det daglige arbeidet, og rapporterer til "
    "partnerskapsmøtet om hvordan den virker. Ved tvil om forståelsen tas saken opp i "
    "partnerskapsmøtet før det treffes beslutninger som binder kontoret.</p>"
)
BODIES = {
    "1.0": "<p>Partene er Bydel Grorud, Oslo kommune, og NAV Oslo.</p>",
    "2.0": "<p>Særlige behov på Økern og Ålesundgata – æøå ÆØÅ.</p>" + PARAGRAPH * 3,
    "2.1": PARAGRAPH * 2 + "<ul><li>Publikumsmottak</li><li>Samtalerom</li></ul>",
    "3.1": "<h3>Styringsdokumenter</h3>" + PARAGRAPH * 4,
    "3.3": PARAGRAPH * 5 + "<blockquote><p>Sikkerhet først.</p></blockquote>",
    "3.5": PARAGRAPH * 4 + "<ol><li>Arbeid</li><li>Aktivitet</li></ol>",
    "5.0": PARAGRAPH * 4,
    "8.0": PARAGRAPH * 3,
}
OWN_SECTION = "Samarbeid på Økern – årsplan"


def write(section, user, body):
    kind = section.template_section.structured if section.template_section_id else None
    agreement_section_update(
        section=section,
        user=user,
        title=section.title,
        body=body,
        structured_data=section.structured if kind else None,
        expected_revision=section.revision,
    )


@pytest.fixture
def written(agreement, municipal_signatory):
    """NAV Grorud's agreement with some sections written (some pages long), one of its own."""
    agreement_section_add(agreement=agreement, user=municipal_signatory, title=OWN_SECTION)
    for section in agreement.sections.select_related("template_section"):
        if body := BODIES.get(section.number, PARAGRAPH if section.is_custom else ""):
            write(section, municipal_signatory, body)
    agreement.refresh_from_db()
    return agreement


def document_context(agreement, **overrides):
    partnership = agreement.partnership
    return {
        "agreement": agreement,
        "partnership": partnership,
        "covered_municipalities": list(partnership.covered_municipalities.order_by("name")),
        "sections": agreement_text(agreement),
        "attachments": list(agreement.attachments.all()),
        "signatures": [],
        "draft": True,
        "generated_at": GENERATED_AT,
        "sha256": "",
        **overrides,
    }


def render(agreement, pdf_variant=None, **overrides):
    html = render_to_string("pdf/agreement.html", document_context(agreement, **overrides))
    return render_pdf(html, pdf_variant=pdf_variant)


def page_texts(pdf, tmp_path) -> list[str]:
    """Each page's text as laid out (pdftotext -layout); pages are split at form feeds."""
    path = tmp_path / "agreement.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    pages = result.stdout.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def watermarked_pages(pdf) -> list[bool]:
    """Per page, whether it carries the draft mark. pypdf reads the rotated word whole, where
    pdftotext -layout scatters its letters over the page."""
    return [
        bool(WATERMARK.search(page.extract_text())) for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def toc_pages(pages) -> list[int]:
    return [
        i for i, text in enumerate(pages) if re.search(r"^\s*(Innhold|Contents)\s*$", text, re.M)
    ]


def toc_page_number(toc_text: str, number: str) -> int:
    """The page number the table of contents gives for a section: the number that ends the
    entry's line, or the line it wraps onto (the dot leader between them is drawn, not
    text)."""
    lines = toc_text.splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"\s*{re.escape(number)}\s", line))
    for line in lines[start : start + 3]:
        if found := re.search(r"\S\s+(\d+)\s*$", line):
            return int(found.group(1))
    raise AssertionError(f"no page number for {number} in the contents")


def heading_page(pages, section, after: int) -> int:
    """The (1-based) page on which the section's heading "N.N Title" is printed."""
    first_word = section.title.split()[0]
    pattern = re.compile(rf"^\s*{re.escape(section.number)}\s+{re.escape(first_word)}", re.M)
    found = [i + 1 for i, text in enumerate(pages) if i > after and pattern.search(text)]
    assert len(found) == 1, (section.number, found)
    return found[0]


def content_lines(text: str) -> list[str]:
    """A page's lines without the footer and the stray letters of the watermark."""
    return [
        line
        for line in text.splitlines()
        if len(line.strip()) > 3 and not FOOTER.search(line) and not WATERMARK.search(line)
    ]


def test_cover_names_the_parties_the_office_and_the_draft(written, tmp_path):
    cover = page_texts(render(written), tmp_path)[0]

    assert re.search(r"Partnerskapsavtale|Partnership agreement", cover)
    assert "NAV Grorud" in cover
    assert "Storgata 1, 0155 Oslo" in cover  # the office's address
    assert "Bydel Grorud, Oslo kommune" in cover  # the municipal party: bydel and kommune
    assert re.search(r"^\s*NAV Oslo\s*$", cover, re.M)  # the state party, NAV fylke
    assert re.search(r"(Utkast|Draft), (versjon|version) 1, 12\. april 2024", cover)
    # Grorud's agreement sits under the central Oslo agreement, which prevails.
    assert re.search(r"(mellom|between)\s+Oslo\s+kommune\s+(og|and)\s+NAV\s+Oslo", cover)


def test_contents_gives_the_page_each_heading_is_really_on(written, tmp_path):
    pages = page_texts(render(written), tmp_path)
    [toc] = toc_pages(pages)
    sections = [section for section, _structured in agreement_text(written)]

    assert len(sections) == 19  # the veileder's 18 points and the agreement's own
    numbers = {}
    for section in sections:
        numbers[section.number] = toc_page_number(pages[toc], section.number)
        assert numbers[section.number] == heading_page(pages, section, after=toc), section.number
    # The sections are printed in agreement order, over several pages.
    assert list(numbers.values()) == sorted(numbers.values())
    assert numbers["1.0"] == toc + 2 and numbers["10.0"] > numbers["1.0"] + 2
    assert re.search(rf"^\s*10\.0\s+{OWN_SECTION}", pages[numbers["10.0"] - 1], re.M)


def test_no_heading_is_left_alone_at_the_foot_of_a_page(written, tmp_path):
    # With this text and without "break-after: avoid", page 3 ends with the heading of 3.1.
    heading = re.compile(r"^\s*\d{1,2}\.\d{1,2}\s+\S")
    for number, text in enumerate(page_texts(render(written), tmp_path)[2:], start=3):
        lines = content_lines(text)
        assert not heading.match(lines[-1]), f"page {number} ends with a heading: {lines[-1]}"


def test_every_page_says_page_x_of_y_and_carries_the_running_header(written, tmp_path):
    pdf = render(written)
    pages = page_texts(pdf, tmp_path)
    total = len(PdfReader(io.BytesIO(pdf)).pages)

    assert total == len(pages) >= 5
    assert [FOOTER.findall(text) for text in pages] == [
        [(str(n), str(total))] for n in range(1, total + 1)
    ]
    header = re.compile(r"(Partnerskapsavtale|Partnership agreement) – NAV Grorud")
    assert not header.search(pages[0])  # not on the cover
    assert all(header.search(text) for text in pages[1:])


def test_the_draft_mark_is_on_every_page_until_signed(written):
    assert all(watermarked_pages(render(written, draft=True)))
    assert not any(watermarked_pages(render(written, draft=False)))


def test_norwegian_letters_survive(written, tmp_path):
    text = "\n".join(page_texts(render(written), tmp_path))

    assert "Særlige behov på Økern og Ålesundgata – æøå ÆØÅ." in text
    assert OWN_SECTION in text


def test_signature_page_has_blank_lines_for_each_party_to_sign_on_paper(written, tmp_path):
    last = page_texts(render(written), tmp_path)[-1]

    assert re.search(r"(Underskrifter|Signatures)", last)
    assert re.search(r"(KOMMUNAL SIDE|MUNICIPAL SIDE)\s+(STATLIG SIDE|STATE SIDE)", last)
    assert re.search(r"Bydel Grorud, Oslo kommune\s+NAV Oslo", last)  # side by side
    assert len(re.findall(r"(Sted og dato|Place and date)", last)) == 2
    assert len(re.findall(r"\b(Navn|Name)\b", last)) == 2
    assert "Anders" not in last


def test_signature_page_shows_the_recorded_signatures_and_the_checksum(written, tmp_path):
    signed_at = dt.datetime(2024, 12, 12, 13, 5, tzinfo=dt.UTC)
    signatures = [
        {
            "side_label": "Kommunal side",
            "party": "Bydel Grorud, Oslo kommune",
            "name": "Anders Lie",
            "title": "Bydelsdirektør",
            "place": "Oslo",
            "signed_at": signed_at,
        },
        {
            "side_label": "Statlig side",
            "party": "NAV Oslo",
            "name": "Hilde Bakken",
            "title": "Direktør NAV Oslo",
            "place": "Trondheim",
            "signed_at": signed_at,
        },
    ]
    checksum = "ab12" * 16
    pdf = render(written, draft=False, signatures=signatures, sha256=checksum)
    last = page_texts(pdf, tmp_path)[-1]

    assert re.search(r"Anders Lie\s+Hilde Bakken", last)
    assert re.search(r"Bydelsdirektør\s+Direktør NAV Oslo", last)
    assert re.search(r"Oslo, 12\. desember 2024\s+Trondheim, 12\. desember 2024", last)
    assert checksum in last
    assert not any(watermarked_pages(pdf))


def test_attachments_are_listed_as_vedlegg_1_to_n(written, tmp_path):
    pages = page_texts(render(written), tmp_path)
    assert re.search(r"(Ingen vedlegg|No attachments)\.", "\n".join(pages))

    for title, name in [("Driftsavtale 2025", "drift.pdf"), ("Lokal beredskapsplan", "b.pdf")]:
        Attachment.objects.create(
            agreement=written,
            kind="other",
            title=title,
            file=f"agreements/{written.pk}/{name}",
            original_name=name,
            size=1000,
            sha256="0" * 64,
        )
    text = "\n".join(page_texts(render(written), tmp_path))

    assert re.search(r"(Vedlegg|Attachment) 1\s+Driftsavtale 2025 \(drift\.pdf\)", text)
    assert re.search(r"(Vedlegg|Attachment) 2\s+Lokal beredskapsplan", text)
    assert not re.search(r"(Ingen vedlegg|No attachments)\.", text)


def test_a_host_municipality_agreement_names_the_municipalities_it_covers(
    world, veileder, tmp_path
):
    host = MunicipalityFactory(number="5007", name="Namsos kommune", county=world.oslo_county)
    covered = [
        MunicipalityFactory(number="5045", name="Grong kommune", county=world.oslo_county),
        MunicipalityFactory(number="5046", name="Høylandet kommune", county=world.oslo_county),
    ]
    partnership = PartnershipFactory(
        office=OfficeFactory(name="NAV Midtre Namdal"),
        municipal_party=host,
        covered_municipalities=covered,
    )
    editor = UserFactory(username="radmann.namsos")
    MembershipFactory(
        user=editor, partnership=partnership, side=Membership.Side.MUNICIPAL, title="Rådmann"
    )
    agreement = agreement_create(partnership=partnership, user=editor)
    cover = page_texts(render(agreement), tmp_path)[0]

    assert "NAV Midtre Namdal" in cover
    assert "Namsos kommune" in cover
    assert re.search(r"Grong kommune, Høylandet kommune", cover)
    assert not re.search(r"sentrale partnerskapsavtalen|central partnership agreement", cover)


def test_a_central_agreement_names_the_municipality_not_an_office(world, veileder, tmp_path):
    editor = UserFactory(username="byradsavdeling")
    MembershipFactory(user=editor, partnership=world.central, side=Membership.Side.MUNICIPAL)
    agreement = agreement_create(partnership=world.central, user=editor)
    pages = page_texts(render(agreement), tmp_path)

    assert re.search(r"(NAV-kontorene i|NAV offices in) Oslo kommune", pages[0])
    assert not re.search(r"sentrale partnerskapsavtalen|central partnership agreement", pages[0])
    assert re.search(
        r"(Partnerskapsavtale|Partnership agreement) – Oslo kommune – NAV Oslo", pages[1]
    )


def test_hostile_section_text_is_neither_fetched_nor_embedded(written, municipal_signatory, caplog):
    section = written.sections.get(number="2.0")
    hostile = (
        '<p>Før</p><img src="file:///etc/passwd">'
        '<p style="background:url(https://example.com/x)">Etter</p>'
    )
    # Through the service, as users write: the sanitiser strips what the editor cannot make.
    write(section, municipal_signatory, hostile)
    # Straight into the database, past the sanitiser: the renderer still fetches nothing.
    raw = written.sections.get(number="3.3")
    AgreementSection.objects.filter(pk=raw.pk).update(
        body=hostile
        + '<link rel="stylesheet" href="file:///etc/passwd">'
        + '<style>@import url("file:///etc/passwd");</style>'
        + '<object data="file:///etc/passwd"></object>'
        + '<a rel="attachment" href="file:///etc/passwd">passwd</a>'
    )
    pdf = render(written)

    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Før" in text and "Etter" in text  # the rest of the section is there
    assert b"root:" not in pdf
    assert not any(b"root:" in stream for stream in decoded_streams(reader))
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
    assert "blocked: file:///etc/passwd" in caplog.text  # asked for, and refused


def decoded_streams(reader):
    for number in range(1, reader.trailer["/Size"]):
        obj = reader.get_object(number)
        if isinstance(obj, StreamObject):
            yield obj.get_data()


def test_the_archival_copy_is_pdf_a_3a(written):
    pdf = render(written, pdf_variant="pdf/a-3a", draft=False, sha256="ab12" * 16)
    reader = PdfReader(io.BytesIO(pdf))

    pdfaid = "http://www.aiim.org/pdfa/ns/id/"
    descriptions = reader.xmp_metadata.rdf_root.getElementsByTagNameNS(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "Description"
    )
    ids = {
        (d.getAttributeNS(pdfaid, "part"), d.getAttributeNS(pdfaid, "conformance"))
        for d in descriptions
        if d.hasAttributeNS(pdfaid, "part")
    }
    assert ids == {("3", "A")}
    [intent] = reader.trailer["/Root"]["/OutputIntents"]
    assert intent["/S"] == "/GTS_PDFA1"
    assert reader.trailer["/Root"]["/Lang"] == "nb"
    assert re.fullmatch(
        r"(Partnerskapsavtale|Partnership agreement) – NAV Grorud, (versjon|version) 1",
        reader.metadata.title,
    )


def test_the_template_fires_no_query_with_the_views_context(written, municipal_signatory):
    # The view loads the agreement through the gate (which joins the parties, the office and
    # the veileder) and the document context (sections, attachments, covered municipalities).
    agreement = agreement_get_for_user(municipal_signatory, written.pk).agreement
    context = agreement_document_context(agreement) | {"generated_at": GENERATED_AT}

    with CaptureQueriesContext(connection) as queries:
        render_to_string("pdf/agreement.html", context)

    assert queries.captured_queries == []
