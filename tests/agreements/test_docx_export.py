"""The agreement as a Word file (agreements/docx_export.py, agreements/views/docx.py), read
back with python-docx as Word shows it: the points in the navigation pane (Heading 1), the
text's formatting, the parties' and the signatures' tables, UTKAST in a draft's header and
"Side X av Y" in the footer."""

import io
import subprocess

import docx
import pytest
from django.urls import reverse
from docx.oxml.ns import qn
from pypdf import PdfReader

from agreements import services
from agreements.docx_export import SIGNATURE_LINE
from tests.agreements import pdf_upload, section, write
from tests.factories import MunicipalityFactory, pdf_bytes

pytestmark = pytest.mark.usefixtures("bokmal")

RICH = (
    "<h2>Styringsdokumenter</h2>"
    "<p>Partene har <strong>felles ansvar</strong> for at kontoret <em>følger</em> "
    '<a href="https://www.nav.no/samarbeid">veilederen</a>.<br>Ny linje.</p>'
    "<ul><li><p>Publikumsmottak</p><ul><li><p>Åpningstider</p></li></ul></li>"
    "<li><p>Samtalerom</p></li></ul>"
    "<ol><li><p>Arbeid</p></li><li><p>Aktivitet</p></li></ol>"
    "<blockquote><p>Sikkerhet først.</p></blockquote>"
)
OWN_POINT = "Kommunikasjon og HMS"
POINT_3_1 = "3.1 Styring og ledelse av det felles lokale kontoret"


def download(client, user, agreement):
    client.force_login(user)
    return client.get(reverse("agreements:agreement_docx", args=[agreement.pk]))


def open_docx(response):
    return docx.Document(io.BytesIO(response.content))


def heading(agreement, number) -> str:
    point = section(agreement, number)
    return f"{point.number} {point.title}"


def heading_1s(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def paragraphs_of(document, heading: str):
    """The paragraphs of the point whose Heading 1 is `heading`, up to the next one."""
    found, inside = [], False
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            inside = paragraph.text == heading
        elif inside:
            found.append(paragraph)
    return found


def field_codes(paragraph) -> list[str]:
    return [code.text.strip() for code in paragraph._p.iter(qn("w:instrText"))]


def header_text(document) -> str:
    return "\n".join(p.text for p in document.sections[0].header.paragraphs)


def table_texts(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture
def written(agreement, municipal_signatory):
    """Grorud's draft: 3.1 with every kind of formatting the editor makes, 3.5 with another
    numbered list, and a point of its own."""
    services.agreement_section_add(agreement=agreement, user=municipal_signatory, title=OWN_POINT)
    write(agreement, "3.1", municipal_signatory, RICH)
    write(agreement, "3.5", municipal_signatory, "<ol><li><p>Første</p></li></ol>")
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def signed(request, agreement, nav_leder, media, world, django_capture_on_commit_callbacks):
    """The in_force agreement, with an attachment and a covered municipality, and filed in
    nothing: every relation the file shows."""
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_add(
            agreement=agreement,
            user=nav_leder,
            kind="delegasjonsvedtak",
            title="Delegasjonsvedtak",
            upload=pdf_upload(pdf_bytes(1)),
        )
    world.partnership.covered_municipalities.add(MunicipalityFactory(name="Nittedal kommune"))
    return request.getfixturevalue("in_force")


def test_a_reader_downloads_the_draft_with_its_points_as_headings(client, reader, written):
    response = download(client, reader, written)

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"] == 'attachment; filename="nav-grorud-avtale-v1.docx"'
    document = open_docx(response)
    points = [f"{s.number} {s.title}" for s in written.sections.all()]
    assert heading_1s(document) == points
    assert POINT_3_1 in points
    assert points[-1].endswith(OWN_POINT)


def test_the_agreement_page_offers_the_word_file(client, reader, written):
    client.force_login(reader)

    page = client.get(reverse("agreements:agreement_detail", args=[written.pk])).content.decode()

    url = reverse("agreements:agreement_docx", args=[written.pk])
    assert f'href="{url}" download>Last ned som Word (.docx)</a>' in page


def test_the_text_keeps_its_formatting(client, reader, written):
    paragraphs = paragraphs_of(open_docx(download(client, reader, written)), POINT_3_1)
    by_text = {p.text: p for p in paragraphs}

    assert by_text["Styringsdokumenter"].style.name == "Heading 2"
    prose = next(p for p in paragraphs if p.text.startswith("Partene har"))
    runs = {run.text: run for run in prose.iter_inner_content() if hasattr(run, "bold")}
    assert runs["felles ansvar"].bold
    assert runs["følger"].italic
    assert not runs["Partene har "].bold
    link = prose.hyperlinks[0]
    assert (link.address, link.text) == ("https://www.nav.no/samarbeid", "veilederen")
    assert "\nNy linje." in prose.text  # the <br>
    assert [(p.text, p.style.name) for p in paragraphs if p.style.name.startswith("List")] == [
        ("Publikumsmottak", "List Bullet"),
        ("Åpningstider", "List Bullet 2"),
        ("Samtalerom", "List Bullet"),
        ("Arbeid", "List Number"),
        ("Aktivitet", "List Number"),
    ]
    assert by_text["Sikkerhet først."].style.name == "Quote"


def test_what_is_not_the_points_own_text_is_marked(client, reader, written):
    """The structured part (3.1's meetings) and the note on an empty point are content
    controls tagged for what they are, so a reader of the file can leave them out; the
    point's own text is not in one."""
    document = open_docx(download(client, reader, written))
    controls = {
        control.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")): "".join(
            text.text for text in control.iter(qn("w:t"))
        )
        for control in document.element.body.iterchildren(qn("w:sdt"))
    }

    meetings = controls["navpartner:structured:meetings"]
    assert "Partnerskapsmøtet holdes minst 2 ganger i året." in meetings
    assert "Styringsdokumenter" not in meetings
    assert controls["navpartner:not-filled-in"] == "Ikke utfylt."
    assert "Styringsdokumenter" in [p.text for p in paragraphs_of(document, POINT_3_1)]


def test_each_numbered_list_counts_from_one(client, reader, written):
    """Word's "List Number" runs on through the document; each list gets its own numbering
    that starts at 1."""
    document = open_docx(download(client, reader, written))
    numbering = document.part.numbering_part.element

    def numbering_of(paragraph):
        num_id = paragraph._p.pPr.numPr.numId.val
        num = next(n for n in numbering.num_lst if n.numId == num_id)
        start = num.find(qn("w:lvlOverride")).find(qn("w:startOverride"))
        return num_id, start.get(qn("w:val"))

    arbeid, aktivitet = (
        p for p in paragraphs_of(document, POINT_3_1) if p.style.name == "List Number"
    )
    (forste,) = paragraphs_of(document, heading(written, "3.5"))
    assert numbering_of(arbeid) == numbering_of(aktivitet)
    assert numbering_of(arbeid)[1] == numbering_of(forste)[1] == "1"
    assert numbering_of(arbeid)[0] != numbering_of(forste)[0]


def test_the_parties_table_and_the_properties(client, reader, written):
    document = open_docx(download(client, reader, written))

    parties = document.tables[0]
    assert table_texts(parties) == [
        ["Part", "Rolle"],
        ["Bydel Grorud, Oslo kommune", "Kommunal part"],
        ["NAV Oslo", "Statlig part (NAV fylke)"],
    ]
    assert parties.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    properties = document.core_properties
    assert properties.title == "Partnerskapsavtale NAV Grorud, versjon 1"
    assert properties.subject == "NAV Grorud"
    assert (properties.language, properties.author) == ("nb-NO", "navpartner")


def test_a_draft_says_utkast_on_every_page_and_has_lines_to_sign_on(client, reader, written):
    document = open_docx(download(client, reader, written))

    assert "UTKAST" in header_text(document)
    assert "Utkast, versjon 1" in header_text(document)
    signatures = table_texts(document.tables[-1])
    assert signatures[0] == [
        "Kommunal side\nBydel Grorud, Oslo kommune",
        "Statlig side\nNAV Oslo",
    ]
    place, signature = signatures[1], signatures[2]
    assert place == [f"{SIGNATURE_LINE}\nSted og dato"] * 2
    assert signature == [f"{SIGNATURE_LINE}\nUnderskrift"] * 2


def test_the_footer_numbers_the_pages(client, reader, written):
    footer = open_docx(download(client, reader, written)).sections[0].footer.paragraphs[0]

    assert footer.text.startswith("Side ")
    assert " av " in footer.text
    assert field_codes(footer) == ["PAGE", "NUMPAGES"]


def test_a_signed_agreement_shows_its_signatures_and_no_draft_mark(client, reader, signed):
    document = open_docx(download(client, reader, signed))

    assert "UTKAST" not in header_text(document)
    assert "Versjon 1" in header_text(document)
    signatures = table_texts(document.tables[-1])
    assert signatures[1] == ["Oslo, 1. mars 2026\nSted og dato"] * 2
    assert [row[0].split("\n")[0] for row in signatures[3:]] == [
        signed.signatures.get(side="municipal").name,
        "Direktør",
    ]
    assert SIGNATURE_LINE not in "".join(sum(signatures, []))
    attachments = table_texts(document.tables[-2])
    assert attachments == [["Vedlegg 1", "Delegasjonsvedtak (vedtak.pdf)"]]
    assert "Vertskommune for Nittedal kommune" in table_texts(document.tables[0])[1][1]


def test_the_query_count_is_pinned_and_nothing_is_written(
    client, reader, signed, django_assert_num_queries
):
    client.force_login(reader)
    url = reverse("agreements:agreement_docx", args=[signed.pk])
    # session, user; the gate: the reader's memberships, the agreement (with its template and
    # archive), its partnership (with parties and office), the central partnership above it,
    # its signatures (prefetched:
    # "signed?" asks no more), whether the partnership covers municipalities; the print:
    # sections (with their template points), attachments, covered municipalities, the last
    # content event; the archive: the case, the filed record. None per section, attachment
    # or signature.
    with django_assert_num_queries(14) as captured:
        response = client.get(url)

    assert response.status_code == 200
    written = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert written == []


def test_a_drafts_query_count_is_pinned(client, reader, written, django_assert_num_queries):
    client.force_login(reader)
    url = reverse("agreements:agreement_docx", args=[written.pk])
    # As a signed agreement's (above), and the partnership's signatories, who are to sign
    # where 1.0 names nobody.
    with django_assert_num_queries(15):
        assert client.get(url).status_code == 200


def test_an_outsider_gets_404(client, outsider, written):
    assert download(client, outsider, written).status_code == 404


def test_only_get(client, reader, written):
    client.force_login(reader)
    url = reverse("agreements:agreement_docx", args=[written.pk])
    assert client.post(url).status_code == 405


def test_the_file_opens_in_libreoffice(client, reader, signed, tmp_path):
    path = tmp_path / "avtale.docx"
    path.write_bytes(download(client, reader, signed).content)

    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )

    pages = [page.extract_text() for page in PdfReader(tmp_path / "avtale.pdf").pages]
    assert len(pages) > 2
    assert f"Side 2 av {len(pages)}" in pages[1]  # the fields, updated by LibreOffice
    assert POINT_3_1 in "".join(pages)
