"""Word files built in code for the import tests: python-docx where it can, raw WordprocessingML
where it cannot (tracked changes, hyperlinks, list numbering, macros, a zip bomb).

``AGREEMENT`` is one local agreement (written for these tests) as points of blocks; each
``build_*`` writes it with one of the heading conventions offices use. ``EXPECTED`` is the
HTML each point must come back as, whatever the convention."""

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

# ---- the agreement, written for these tests


@dataclass(frozen=True)
class Point:
    number: str  # how the office numbers it ("" when the convention has no numbers)
    title: str
    blocks: tuple  # ("p", [inline…]) | ("bullets", [str]) | ("table", [[str]]) | ("sub", str)


# Inline pieces: a str, ("b", str), ("i", str), ("link", str, url), ("ins", str),
# ("del", str), ("comment", str, comment text), ("image",).
PREAMBLE = ("Partnerskapsavtale for NAV Fjellvik", "Vedtatt i partnerskapsmøtet 4. desember 2023.")

PARTIES = ("1.0", "Avtaleparter", (
    ("p", ["Avtalen er inngått mellom partene nedenfor."]),
    ("table", [
        ["Part", "Representert ved"],
        ["Fjellvik kommune", "Kommunedirektør"],
        ["NAV Vestfold og Telemark", "Fylkesdirektør"],
    ]),
))  # fmt: skip
PURPOSE = ("2.0", "Formålet med partnerskapsavtalen", (
    ("p", [
        "Partene skal sammen gi innbyggerne ",
        ("b", "gode og samordnede tjenester"),
        ", slik ",
        ("i", "lov om arbeids- og velferdsforvaltningen"),
        " legger opp til. Se ",
        ("link", "veilederen", "https://www.nav.no/partnerskap"),
        ".",
    ]),
    ("p", [
        "Avtalen gjelder for ", ("ins", "hele "), ("del", "deler av "), "kontorets virksomhet.",
    ]),
))  # fmt: skip
ORGANISATION = ("3.0", "Organisering og drift av NAV-kontoret", (
    ("p", [
        "Kontoret har ",
        ("comment", "felles ledelse", "Gjelder dette også Fjellvik sentrum?"),
        " og felles lokaler. Partene har ansvar for:",
    ]),
    ("bullets", [
        "drift av felles mottak",
        "felles opplæring av nye medarbeidere",
        "oppfølging av brukerundersøkelser",
    ]),
))  # fmt: skip
COMMUNICATION = ("2.2", "Kommunikasjon", (
    ("p", ["NAV-leder informerer partene om viktige saker i god tid før de blir kjent i media."]),
))  # fmt: skip
LEADERSHIP = ("3.1", "Styring og ledelse", (
    ("p", [
        "Partnerskapsmøtet holdes fire ganger i året. NAV-leder kaller inn og skriver referat."
    ]),
    ("sub", "Deltakere"),
    ("p", ["Kommunalsjef for helse og velferd og avdelingsdirektør i NAV møter fast."]),
))  # fmt: skip
HMS = ("3.9", "HMS", (
    ("p", [
        "Partene samordner arbeidet med helse, miljø og sikkerhet i et felles arbeidsmiljøutvalg.",
        ("image",),
    ]),
))  # fmt: skip
PREMISES = ("3.10", "Lokaler", (
    ("p", ["Kommunen leier lokalene og fordeler husleien etter årsverk i driftsavtalen."]),
))  # fmt: skip
PERIOD = ("9.0", "Avtaleperiode", (
    ("p", [
        "Avtalen gjelder fra 1. januar 2024 til den blir erstattet av en ny avtale. Hver av "
        "partene kan si opp avtalen med tre måneders oppsigelse."
    ]),
))  # fmt: skip

AGREEMENT = [
    Point(*p)
    for p in (PARTIES, PURPOSE, COMMUNICATION, ORGANISATION, LEADERSHIP, HMS, PREMISES, PERIOD)
]

#: number, title in the file -> HTML that must come out (the editor's formatting).
EXPECTED = {
    "Avtaleparter": (
        "<p>Avtalen er inngått mellom partene nedenfor.</p><ul><li>Part – Representert ved</li>"
        "<li>Fjellvik kommune – Kommunedirektør</li>"
        "<li>NAV Vestfold og Telemark – Fylkesdirektør</li></ul>"
    ),
    "Formålet med partnerskapsavtalen": (
        "<p>Partene skal sammen gi innbyggerne <strong>gode og samordnede tjenester</strong>, "
        "slik <em>lov om arbeids- og velferdsforvaltningen</em> legger opp til. Se "
        '<a href="https://www.nav.no/partnerskap">veilederen</a>.</p>'
        "<p>Avtalen gjelder for hele kontorets virksomhet.</p>"
    ),
    "Kommunikasjon": (
        "<p>NAV-leder informerer partene om viktige saker i god tid før de blir kjent i media.</p>"
    ),
    "Organisering og drift av NAV-kontoret": (
        "<p>Kontoret har felles ledelse og felles lokaler. Partene har ansvar for:</p>"
        "<ul><li>drift av felles mottak</li><li>felles opplæring av nye medarbeidere</li>"
        "<li>oppfølging av brukerundersøkelser</li></ul>"
    ),
    "Styring og ledelse": (
        "<p>Partnerskapsmøtet holdes fire ganger i året. NAV-leder kaller inn og skriver "
        "referat.</p><h3>Deltakere</h3><p>Kommunalsjef for helse og velferd og "
        "avdelingsdirektør i NAV møter fast.</p>"
    ),
    "HMS": (
        "<p>Partene samordner arbeidet med helse, miljø og sikkerhet i et felles "
        "arbeidsmiljøutvalg.</p>"
    ),
    "Lokaler": "<p>Kommunen leier lokalene og fordeler husleien etter årsverk i driftsavtalen.</p>",
    "Avtaleperiode": (
        "<p>Avtalen gjelder fra 1. januar 2024 til den blir erstattet av en ny avtale. Hver av "
        "partene kan si opp avtalen med tre måneders oppsigelse.</p>"
    ),
}
EXPECTED_DROPPED = {
    "comment": 1,
    "image": 1,
    "table": 1,
    "tracked_deletion": 1,
    "tracked_insertion": 1,
}


# ---- writing blocks


def new_document() -> docx.document.Document:
    return docx.Document()


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def add_inline(document, paragraph, pieces) -> None:
    for piece in pieces:
        if isinstance(piece, str):
            paragraph.add_run(piece)
        elif piece[0] == "b":
            paragraph.add_run(piece[1]).bold = True
        elif piece[0] == "i":
            paragraph.add_run(piece[1]).italic = True
        elif piece[0] == "link":
            add_hyperlink(paragraph, piece[1], piece[2])
        elif piece[0] == "ins":
            add_tracked(paragraph, "w:ins", piece[1])
        elif piece[0] == "del":
            add_tracked(paragraph, "w:del", piece[1])
        elif piece[0] == "comment":
            run = paragraph.add_run(piece[1])
            document.add_comment(run, text=piece[2], author="Kari Nordmann", initials="KN")
        elif piece[0] == "image":
            paragraph.add_run().add_picture(io.BytesIO(png_bytes()))


def add_hyperlink(paragraph, text: str, url: str) -> None:
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def add_tracked(paragraph, tag: str, text: str) -> None:
    """A tracked insertion (w:ins) or deletion (w:del, its text in w:delText)."""
    change = OxmlElement(tag)
    change.set(qn("w:id"), str(abs(hash(text)) % 10000))
    change.set(qn("w:author"), "Ola Nordmann")
    change.set(qn("w:date"), "2023-11-20T10:00:00Z")
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if tag == "w:del" else "w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    change.append(run)
    paragraph._p.append(change)


def add_body(document, point: Point, *, sub_heading) -> None:
    for block in point.blocks:
        kind = block[0]
        if kind == "p":
            add_inline(document, document.add_paragraph(), block[1])
        elif kind == "bullets":
            for item in block[1]:
                document.add_paragraph(item, style="List Bullet")
        elif kind == "table":
            rows = block[1]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        elif kind == "sub":
            sub_heading(document, block[1])


def build(heading, *, sub_heading, title=None, points=AGREEMENT) -> bytes:
    """The agreement with ``heading(document, point)`` writing each point's heading."""
    document = new_document()
    (title or (lambda d, text: d.add_paragraph(text, style="Title")))(document, PREAMBLE[0])
    document.add_paragraph(PREAMBLE[1])
    for point in points:
        heading(document, point)
        add_body(document, point, sub_heading=sub_heading)
    return to_bytes(document)


def bold_paragraph(document, text: str, size: int | None = None):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = True
    if size:
        run.font.size = Pt(size)
    return paragraph


# ---- the five conventions


def build_heading_styles(style_names=("Heading 1", "Heading 2")) -> bytes:
    """Word heading styles, no numbers: "Avtaleparter" in Heading 1, a sub-heading in Heading
    2. ``style_names`` ("Overskrift 1", "Overskrift 2") builds the styles as Norwegian Word
    names them."""
    document_styles = {}

    def style(document, name):
        if name not in document_styles:
            names = {s.name for s in document.styles}
            if name not in names:
                added = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                added.font.bold = True
                added.font.size = Pt(14 if name.endswith("1") else 12)
            document_styles[name] = name
        return name

    return build(
        lambda d, p: d.add_paragraph(p.title, style=style(d, style_names[0])),
        sub_heading=lambda d, text: d.add_paragraph(text, style=style(d, style_names[1])),
    )


def build_bold_paragraphs() -> bytes:
    """Bold paragraphs, no numbers: the title bold at 16 pt, points bold at 13 pt, a
    sub-heading bold at body size."""
    return build(
        lambda d, p: bold_paragraph(d, p.title, 13),
        sub_heading=lambda d, text: bold_paragraph(d, text, 11),
        title=lambda d, text: bold_paragraph(d, text, 16),
    )


def build_numbers_with_zero() -> bytes:
    """ "1.0 Avtaleparter" in plain paragraphs; own points numbered where the office put them
    (2.2, 3.9, 3.10); a bold sub-heading."""
    return build(
        lambda d, p: d.add_paragraph(f"{p.number} {p.title}"),
        sub_heading=lambda d, text: bold_paragraph(d, text),
    )


RENUMBERED = {"1.0": "1.", "2.0": "2.", "2.2": "3.", "3.0": "4.", "3.1": "4.1", "3.9": "5."}
RENUMBERED |= {"3.10": "6.", "9.0": "7."}


def build_numbers_with_dot() -> bytes:
    """ "1. Avtaleparter", bold, numbered one after another as the office's own list (own
    points take veileder numbers: "3. Kommunikasjon", "7. Avtaleperiode"); the sub-heading in
    italics."""
    return build(
        lambda d, p: bold_paragraph(d, f"{RENUMBERED[p.number]} {p.title}"),
        sub_heading=lambda d, text: _italic_paragraph(d, text),
    )


def _italic_paragraph(document, text):
    paragraph = document.add_paragraph()
    paragraph.add_run(text).italic = True
    return paragraph


def build_punkt_prefix() -> bytes:
    """ "Punkt 3.1 Styring og ledelse" in Heading 2, own points unnumbered in Heading 2."""
    own = {"2.2", "3.9", "3.10"}
    return build(
        lambda d, p: d.add_paragraph(
            p.title if p.number in own else f"Punkt {p.number} {p.title}", style="Heading 2"
        ),
        sub_heading=lambda d, text: d.add_paragraph(text, style="Heading 3"),
    )


def build_numbered_list_headings() -> bytes:
    """Headings as items of a Word numbered list ("%1." and "%1.%2."), each standing alone
    between text; the body's own numbered list (items next to each other) stays text."""
    document = new_document()
    heading_list = add_numbering(document, ["%1.", "%1.%2."])
    body_list = add_numbering(document, ["%1)"])
    document.add_paragraph(PREAMBLE[0], style="Title")
    document.add_paragraph(PREAMBLE[1])
    levels = {"1.0": 0, "2.0": 0, "2.2": 1, "3.0": 0, "3.1": 1, "3.9": 1, "3.10": 1, "9.0": 0}
    for point in AGREEMENT:
        paragraph = bold_paragraph(document, point.title)
        set_numbering(paragraph, heading_list, levels[point.number])
        blocks = point.blocks
        if point.number == "3.0":  # this office numbers the responsibilities
            blocks = tuple(("numbered", b[1]) if b[0] == "bullets" else b for b in point.blocks)
        for block in blocks:
            if block[0] == "numbered":
                for item in block[1]:
                    set_numbering(document.add_paragraph(item), body_list, 0)
            else:
                add_body(
                    document,
                    Point(point.number, point.title, (block,)),
                    sub_heading=lambda d, text: d.add_paragraph(text, style="Heading 3"),
                )
    return to_bytes(document)


def add_numbering(document, level_texts: list[str]) -> str:
    """A new decimal list (abstractNum + num) in the numbering part; returns its numId."""
    numbering = document.part.numbering_part.element
    ids = [int(n.get(qn("w:abstractNumId"))) for n in numbering.findall(qn("w:abstractNum"))]
    abstract_id = str(max(ids, default=0) + 1)
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), abstract_id)
    for ilvl, text in enumerate(level_texts):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, value in (("w:start", "1"), ("w:numFmt", "decimal"), ("w:lvlText", text)):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            lvl.append(element)
        abstract.append(lvl)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    num_id = str(max(num_ids, default=0) + 1)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), num_id)
    ref = OxmlElement("w:abstractNumId")
    ref.set(qn("w:val"), abstract_id)
    num.append(ref)
    numbering.append(num)
    return num_id


def set_numbering(paragraph, num_id: str, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", str(ilvl)), ("w:numId", num_id)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        num_pr.append(element)
    ppr.append(num_pr)


# ---- small documents and bad files


def simple_docx(*paragraphs: str, style: str | None = None) -> bytes:
    document = new_document()
    for text in paragraphs:
        document.add_paragraph(text, style=style)
    return to_bytes(document)


def png_bytes() -> bytes:
    """A 1×1 white PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def with_macros(data: bytes) -> bytes:
    """The .docx as a .docm: a vbaProject.bin part and the macro-enabled main content type."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == "[Content_Types].xml":
                content = content.replace(
                    b"wordprocessingml.document.main+xml",
                    b"ms-word.document.macroEnabled.main+xml",
                ).replace(
                    b'<Default Extension="xml"',
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.'
                    b'vbaProject"/><Default Extension="xml"',
                )
            target.writestr(entry, content)
        target.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 512)
    return out.getvalue()


def zip_bomb(data: bytes, megabytes: int = 200) -> bytes:
    """The .docx with one more entry: ``megabytes`` of zeros that compress to almost nothing."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry, source.read(entry.filename))
        with target.open("word/media/filler.bin", "w", force_zip64=True) as filler:
            block = b"\x00" * (1024 * 1024)
            for _ in range(megabytes):
                filler.write(block)
    return out.getvalue()


OLE_DOC = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 2048
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
