"""Every printed document is a tagged PDF (issue 14): made through the one pipeline
(``document_make``, the worker run eagerly), opened with pikepdf and checked as an archive's
validator or a screen reader would meet it — a structure tree, MarkInfo, the title shown, the
language, the PDF/A-3a or PDF/UA-1 identification in the XMP, every font embedded, headings
that follow the bookmarks, tables with header cells.

Headings and bookmarks are matched one to one: by order, level (the one H1 is the document's
title, not bookmarked; an H2 is a first-level bookmark), page and words. The words are read
back from the page content each heading tag marks.
"""

import io

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from pypdf import PdfReader

from agreements.models import Attachment
from meetings.models import AgendaItem, MinutesCapacity
from meetings.services import forum_member_add, item_accept, item_record, meeting_mark_held
from navpartner.documents import document_make
from navpartner.models import RenderedDocument
from tests.agreements import sign_both, write
from tests.factories import pdf_bytes
from tests.meetings import Role, approve_minutes, at, plan, submit
from tests.test_sealing import seal_identity, seal_settings  # noqa: F401  (fixtures)

pytestmark = pytest.mark.usefixtures("bokmal", "media")

PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}"
HEADINGS = {f"/H{n}": n for n in range(1, 7)}


def make(kind, owner, user, capture) -> bytes:
    """The file the pipeline stores for a ``kind`` print of ``owner``."""
    with capture(execute=True):
        document = document_make(kind=kind, owner=owner, user=user)
    document.refresh_from_db()
    assert document.status == RenderedDocument.Status.READY, document.error
    return document.file.read()


def open_pdf(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def structure(element):
    """The structure elements under ``element`` (a PDF's StructTreeRoot, or any element) in
    reading order, depth first, as (tag, element)."""
    kids = element.get("/K")
    for kid in [] if kids is None else kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield str(kid.S), kid
            yield from structure(kid)


def tags(pdf: pikepdf.Pdf) -> list[str]:
    return [tag for tag, _ in structure(pdf.Root.StructTreeRoot)]


def page_numbers(pdf: pikepdf.Pdf) -> dict:
    return {page.obj.objgen: number for number, page in enumerate(pdf.pages)}


def marked_texts(data: bytes) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence, by (page, MCID): pypdf reads the text out
    (fonts, ToUnicode) and says where each BDC … EMC starts and ends."""
    texts: dict[tuple[int, int], str] = {}
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        current: list = []

        def operator(op, args, cm, tm, current=current):
            if op == b"BDC" and isinstance(args[1], dict) and "/MCID" in args[1]:
                current.append(int(args[1]["/MCID"]))
            elif op == b"BDC" or op == b"BMC":
                current.append(None)
            elif op == b"EMC" and current:
                current.pop()

        def text(value, cm, tm, font, size, current=current, number=number):
            if current and current[-1] is not None:
                key = (number, current[-1])
                texts[key] = texts.get(key, "") + value

        page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return texts


def squash(text: str) -> str:
    return "".join(text.split())


def element_text(element, page: int | None, pages: dict, texts: dict) -> str:
    """The text of a structure element: that of every marked content under it, in order."""
    if "/Pg" in element:
        page = pages[element.Pg.objgen]
    kids = element.get("/K", [])
    found = ""
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            found += texts.get((page, int(kid)), "")
        elif isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid:
            mcr_page = pages[kid.Pg.objgen] if "/Pg" in kid else page
            found += texts.get((mcr_page, int(kid.MCID)), "")
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += element_text(kid, page, pages, texts)
    return found


def element_page(element, pages: dict) -> int:
    """The page of a structure element: its own /Pg, else its first descendant's."""
    if "/Pg" in element:
        return pages[element.Pg.objgen]
    kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
    return next(
        element_page(kid, pages)
        for kid in kids
        if isinstance(kid, pikepdf.Dictionary) and ("/Pg" in kid or "/K" in kid)
    )


def headings(pdf: pikepdf.Pdf, data: bytes) -> list[tuple[int, int, str]]:
    """(level, page, words) of every heading tag, in reading order."""
    pages, texts = page_numbers(pdf), marked_texts(data)
    return [
        (HEADINGS[tag], element_page(e, pages), squash(element_text(e, None, pages, texts)))
        for tag, e in structure(pdf.Root.StructTreeRoot)
        if tag in HEADINGS
    ]


def bookmarks(pdf: pikepdf.Pdf) -> list[tuple[int, int, str]]:
    """(level, page, words) of every bookmark, in order."""
    pages = page_numbers(pdf)
    found = []

    def walk(items, level):
        for item in items:
            found.append((level, pages[item.destination[0].objgen], squash(item.title)))
            walk(item.children, level + 1)

    with pdf.open_outline() as outline:
        walk(outline.root, 1)
    return found


def xmp_ids(pdf: pikepdf.Pdf) -> dict[str, str]:
    meta = pdf.open_metadata()
    return {
        key: str(meta.get(name, ""))
        for key, name in (
            ("pdfa_part", f"{PDFAID}part"),
            ("pdfa_conformance", f"{PDFAID}conformance"),
            ("pdfua_part", f"{PDFUAID}part"),
        )
    }


def fonts(pdf: pikepdf.Pdf):
    """Every font the pages use (descendants of Type0 fonts included)."""
    for page in pdf.pages:
        for font in page.obj.Resources.get("/Font", {}).values():
            yield from font.get("/DescendantFonts", [font])


def assert_tagged(data: bytes, *, archival: bool) -> pikepdf.Pdf:
    """What every print must be; returns the opened PDF for more checks."""
    pdf = open_pdf(data)
    root = pdf.Root
    assert pdf.pdf_version == "1.7"  # what PDF/UA-1 and PDF/A-3 are based on
    assert "/StructTreeRoot" in root
    assert root.MarkInfo.Marked is True
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert str(root.Lang) == "nb"
    assert str(pdf.open_metadata().get("dc:title", "")), "no document title in the XMP"
    ids = xmp_ids(pdf)
    if archival:
        assert (ids["pdfa_part"], ids["pdfa_conformance"]) == ("3", "A")
    else:
        assert ids["pdfua_part"] == "1"
        assert ids["pdfa_part"] == ""
    used = list(fonts(pdf))
    assert used
    for font in used:
        descriptor = font.FontDescriptor
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), font.BaseFont
    found = headings(pdf, data)
    levels = [level for level, _, _ in found]
    assert levels[0] == 1 and levels.count(1) == 1, "one H1, the first heading"
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert found[0][2] in squash(str(pdf.open_metadata()["dc:title"]))
    outline = bookmarks(pdf)
    assert outline
    assert [(level + 1, page, title) for level, page, title in outline] == found[1:]
    return pdf


def tables_have_headers(pdf: pikepdf.Pdf) -> int:
    """How many tables there are, once checked that each has header cells (TH) and that
    every data cell names its headers (what a screen reader reads out with it)."""
    tables = [e for tag, e in structure(pdf.Root.StructTreeRoot) if tag == "/Table"]
    for table in tables:
        cells = list(structure(table))
        assert any(tag == "/TH" for tag, _ in cells)
        for tag, cell in cells:
            if tag == "/TD":
                assert len(cell.A.Headers), "a data cell without its header cells"
    return len(tables)


def test_the_working_copy_of_an_agreement_is_pdf_ua_1(
    approved, municipal_signatory, nav_leder, django_capture_on_commit_callbacks
):
    # Headings a user wrote (the editor offers h2–h4) are placed under the section's own.
    write(approved, "2.0", nav_leder, "<h2>Mål</h2><p>Felles mål.</p><h4>Delmål</h4><p>Ett.</p>")
    write(approved, "2.1", nav_leder, "<h3>Lokaler</h3><p>Felles mottak.</p>")
    data = make("agreement", approved, municipal_signatory, django_capture_on_commit_callbacks)
    pdf = assert_tagged(data, archival=False)
    found = [(level, words) for level, _, words in headings(pdf, data)]
    mine = found.index((3, "Mål"))
    section, sub = found[mine - 1], found[mine + 2]
    assert section[0] == 2 and section[1].startswith("2.0")
    assert found[mine + 1] == (4, "Delmål")
    assert sub[0] == 3 and sub[1].startswith("2.1")
    assert found[mine + 3] == (4, "Lokaler")
    assert {"/L", "/LI"} <= set(tags(pdf))  # the table of contents is a list
    assert tables_have_headers(pdf)  # the facts on the cover


@pytest.mark.usefixtures("seal_settings")
def test_the_sealed_archival_copy_of_a_signed_agreement_is_pdf_a_3a(
    approved, municipal_signatory, state_signatory, django_capture_on_commit_callbacks
):
    signed = sign_both(
        approved,
        municipal=municipal_signatory,
        state=state_signatory,
        capture=django_capture_on_commit_callbacks,
    )
    assert signed.archive.pdf_variant == "pdf/a-3a"
    pdf = assert_tagged(signed.archive.file.read(), archival=True)
    [seal] = pdf.Root.AcroForm.Fields  # the seal's incremental update kept every tag
    assert seal.FT == "/Sig"
    assert tables_have_headers(pdf)


def test_appended_attachments_keep_the_structure_of_the_agreement(
    approved, municipal_signatory, django_capture_on_commit_callbacks
):
    for title, pages in (("Driftsavtale 2026", 2), ("Beredskapsplan", 1)):
        name = default_storage.save(
            f"agreements/{approved.pk}/{title}.pdf", ContentFile(pdf_bytes(pages))
        )
        Attachment.objects.create(
            agreement=approved, kind="other", title=title, file=name, size=1, sha256="0" * 64
        )
    with django_capture_on_commit_callbacks(execute=True):
        document = document_make(
            kind="agreement", owner=approved, user=municipal_signatory, append_attachments=True
        )
    document.refresh_from_db()
    alone_data = make(
        "agreement", approved, municipal_signatory, django_capture_on_commit_callbacks
    )
    alone = open_pdf(alone_data)
    data = document.file.read()
    appended = assert_tagged(data, archival=False)

    assert len(appended.pages) == len(alone.pages) + 3
    assert headings(appended, data) == headings(alone, alone_data)


@pytest.fixture
def held(forum, clock, nav_leder, municipal_signatory):
    """A meeting with a decision item, held, its minutes written (not yet approved)."""
    meeting = plan(forum, nav_leder, at(2026, 4, 14, 9))
    item = submit(meeting, municipal_signatory, "Felles tiltaksplan", kind=AgendaItem.Kind.DECISION)
    item_accept(item=item, user=nav_leder)
    clock.move_to(at(2026, 4, 20, 9), tick=False)
    meeting_mark_held(
        meeting=meeting,
        user=nav_leder,
        attendance=[("Åse Bøe", "Bydelsdirektør", True), ("Hilde Bakken", "Direktør", False)],
    )
    item_record(item=item, user=nav_leder, minutes="Lagt fram.", decision="Planen vedtas.")
    return meeting


def test_the_invitation_is_pdf_ua_1(held, nav_leder, django_capture_on_commit_callbacks):
    data = make("meeting_invitation", held, nav_leder, django_capture_on_commit_callbacks)
    assert tables_have_headers(assert_tagged(data, archival=False))


def test_minutes_are_pdf_ua_1_until_approved_then_pdf_a_3a(
    held,
    forum,
    clock,
    nav_leder,
    municipal_signatory,
    state_editor,
    django_capture_on_commit_callbacks,
):
    draft = make("meeting_minutes", held, nav_leder, django_capture_on_commit_callbacks)
    pdf = assert_tagged(draft, archival=False)
    assert {"/L", "/LI"} <= set(tags(pdf))  # who was present, who was absent

    forum_member_add(forum=forum, user=state_editor, role=Role.MEMBER, actor=nav_leder)
    approve_minutes(
        held,
        nav_leder,
        clock,
        [(municipal_signatory, MinutesCapacity.MUNICIPAL), (state_editor, MinutesCapacity.STATE)],
    )
    approved = make("meeting_minutes", held, nav_leder, django_capture_on_commit_callbacks)
    assert tables_have_headers(assert_tagged(approved, archival=True))


def test_the_driftsavtale_is_pdf_ua_1(driftsavtale, reader, django_capture_on_commit_callbacks):
    data = make("driftsavtale", driftsavtale, reader, django_capture_on_commit_callbacks)
    assert tables_have_headers(assert_tagged(data, archival=False))
