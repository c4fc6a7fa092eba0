"""Reading an agreement written in Word (.docx) into parts, and proposing where each part goes.

Pure functions: nothing here writes to the database (``agreements.services.imports`` does).

* ``docx_check``  – refuses what is not a plausible .docx, from the zip directory alone
  (size, a renamed PDF, an old .doc, macros, a zip bomb), before anything is extracted;
* ``docx_read``   – the document as a preamble and parts (one per point heading), each part's
  text as the editor's HTML, and what could not be kept (``dropped``);
* ``import_mapping_propose`` – which veileder point each part goes to, or none (own point);
* ``import_structured_propose`` – what a point's text states plainly for its structured part.

Read with python-docx (well kept, exposes styles, numbering and the raw XML, which the
conventions below need); mammoth was not added: it maps styles to HTML well but hides the
numbering, bold-only paragraphs and tracked changes this reader must see.

How a heading is recognised (every convention offices use):

* a Word heading style ("Heading 1", Norwegian Word's "Overskrift 1", or an outline level);
* a number typed before a short title: "1.0 Avtaleparter", "1. Avtaleparter",
  "Punkt 3.1 Styring og ledelse";
* a numbered-list paragraph (decimal numbering) that is a short title, bold or standing alone
  (not next to an item of the same list);
* a short paragraph that is bold throughout.

Numbered candidates are always points. When the document numbers its points, an unnumbered
candidate is a point only when it looks like the numbered ones (the same heading style level,
or the same bold and size); otherwise it is a sub-heading (``<h3>``) of the point above. When
nothing is numbered, the points are the most prominent look that occurs at least twice (so the
document's own title stays in the preamble). Candidates before the first point are preamble.

Inside a point, a sub-heading in a Word heading style keeps its level (Heading 2 → h2, as
``agreements.docx_export`` writes them, h2–h4 as the editor allows); any other is an h3. Lists
(Word numbering, "List Bullet 2" styles, typed "•" bullets) become nested ul/ol; bold, italic
and links are kept. Tracked changes are read as Word's "Final" view shows the text: insertions
kept, deletions left out, both counted in ``dropped``. Tables become bullet lists (one item per
row, cells joined with " – "), since the editor has no tables (``agreements.richtext``).
Images, comments, footnotes and a table of contents are left out and counted. A file
navpartner exported ends its last point at the export's closing headings (attachments,
signatures)."""

import datetime as dt
import difflib
import logging
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

import docx
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from lxml import etree

from .richtext import sanitize_html
from .structured import MEETINGS, VALIDITY

logger = logging.getLogger(__name__)

MAX_DOCX_BYTES = 10 * 1024 * 1024
#: Zip-bomb limits, read from the zip directory before anything is extracted.
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100  # for entries above 1 MB uncompressed
MAX_ZIP_ENTRIES = 2000
MAX_PARTS = 300

MAIN_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")

#: ValidationError code -> message: the import stores the code and translates on display.
IMPORT_ERRORS = {
    "too_large": _("The file is larger than %(limit)s MB. Save it without images and try again."),
    "pdf": _("This is a PDF, not a Word document. Upload the agreement as a .docx file."),
    "doc": _(
        "This is an old Word file (.doc) or a password-protected document. Open it in Word, "
        "remove any password and save it as a Word document (.docx)."
    ),
    "not_docx": _("The file is not a Word document (.docx)."),
    "macros": _(
        "The document contains macros (.docm). Save it as a Word document (.docx) without "
        "macros and try again."
    ),
    "zip_bomb": _("The file unpacks to far more than a Word document can hold and was refused."),
    "unreadable": _("The Word document could not be read. Open it in Word, save it and try again."),
    "empty": _("The document is empty."),
    "no_headings": _(
        "No headings were found in the document. Mark each point's heading with a heading "
        'style or a number such as "1.0 Avtaleparter", and try again.'
    ),
    "too_many_parts": _("The document has more than %(limit)s headings."),
}


def _invalid(code: str, **params) -> ValidationError:
    return ValidationError(IMPORT_ERRORS[code], code=code, params=params or None)


# --------------------------------------------------------------------------------------------
# Checking the file


def docx_check(upload) -> None:
    """Raise ValidationError (translated message, ``code`` a key of IMPORT_ERRORS) unless
    ``upload`` is a plausible .docx. Reads only the first bytes, the zip directory and
    [Content_Types].xml; leaves the file at its start."""
    size = _size(upload)
    if size > MAX_DOCX_BYTES:
        raise _invalid("too_large", limit=MAX_DOCX_BYTES // (1024 * 1024))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF"):
        raise _invalid("pdf")
    if head == OLE_SIGNATURE:
        raise _invalid("doc")
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _invalid("not_docx") from error
    with archive:
        entries = archive.infolist()
        _check_zip_directory(entries)
        names = {entry.filename.lower(): entry.filename for entry in entries}
        if any(name.rsplit("/", 1)[-1] in ("vbaproject.bin", "vbadata.xml") for name in names):
            raise _invalid("macros")
        if "[content_types].xml" not in names:
            raise _invalid("not_docx")
        types = _content_types(archive.read(names["[content_types].xml"]))
    upload.seek(0)
    if any("macroenabled" in t.lower() or "vbaproject" in t.lower() for t in types):
        raise _invalid("macros")
    if MAIN_CONTENT_TYPE not in types:
        raise _invalid("not_docx")


def _size(upload) -> int:
    size = getattr(upload, "size", None)
    if isinstance(size, int):
        return size
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    return size


def _check_zip_directory(entries: list[zipfile.ZipInfo]) -> None:
    """A zip bomb declares its sizes in the directory (zipfile never inflates an entry past its
    declared size), so the sum and the ratios are checked there."""
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _invalid("zip_bomb")
    if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
        raise _invalid("zip_bomb")
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO:
            raise _invalid("zip_bomb")


def _content_types(data: bytes) -> set[str]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)  # noqa: S320 - entities off, no network
    except etree.XMLSyntaxError as error:
        raise _invalid("not_docx") from error
    return {el.get("ContentType", "") for el in root}


# --------------------------------------------------------------------------------------------
# The result


@dataclass(frozen=True)
class ImportedPart:
    key: str  # stable within the document: "part-1", "part-2", ...
    number: str  # "3.1" as written, "" when the heading has no number
    title: str  # heading text without number/prefix
    html: str  # the point's text, sanitized with agreements.richtext.sanitize_html


@dataclass(frozen=True)
class Dropped:
    """What the import could not keep as it was: "image", "comment", "tracked_insertion"
    (kept: the text reads as with all changes accepted), "tracked_deletion" (left out),
    "table" (converted to a list), "field" (its shown text kept), "footnote",
    "table_of_contents"."""

    kind: str
    count: int


@dataclass(frozen=True)
class ImportedDocument:
    preamble_html: str  # text before the first heading (title page etc.)
    parts: list[ImportedPart]
    dropped: list[Dropped]

    def to_json(self) -> dict:
        return {
            "preamble_html": self.preamble_html,
            "parts": [
                {"key": p.key, "number": p.number, "title": p.title, "html": p.html}
                for p in self.parts
            ],
            "dropped": [{"kind": d.kind, "count": d.count} for d in self.dropped],
        }

    @classmethod
    def from_json(cls, data: dict) -> "ImportedDocument":
        return cls(
            preamble_html=data.get("preamble_html", ""),
            parts=[
                ImportedPart(key=p["key"], number=p["number"], title=p["title"], html=p["html"])
                for p in data.get("parts", [])
            ],
            dropped=[Dropped(kind=d["kind"], count=d["count"]) for d in data.get("dropped", [])],
        )


# --------------------------------------------------------------------------------------------
# Reading

W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
W_R, W_T, W_HYPERLINK = qn("w:r"), qn("w:t"), qn("w:hyperlink")
W_INS, W_DEL, W_MOVE_TO, W_MOVE_FROM = qn("w:ins"), qn("w:del"), qn("w:moveTo"), qn("w:moveFrom")
W_SDT, W_SDT_CONTENT, W_SDT_PR = qn("w:sdt"), qn("w:sdtContent"), qn("w:sdtPr")
W_SMART_TAG, W_CUSTOM_XML, W_FLD_SIMPLE = qn("w:smartTag"), qn("w:customXml"), qn("w:fldSimple")
W_VAL = qn("w:val")
R_ID = qn("r:id")

NUMBERED = re.compile(
    r"^(?P<punkt>(?:punkt|pkt\.?)\s*)?(?P<number>\d{1,2}(?:\.\d{1,2})?)(?P<dot>\.?)"
    r"(?:\s*[:)–—-]\s*|\s+)(?P<title>\S.*)$",
    re.IGNORECASE,
)
HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*(\d)$", re.IGNORECASE)
LIST_STYLE_LEVEL = re.compile(r"^List (?:Bullet|Number|Continue)?\s*(\d)$", re.IGNORECASE)
HAND_BULLET = re.compile(r"^\s*[•·▪◦\-–*]\s+")
#: The style navpartner's own Word export (agreements.docx_export.CLOSING_HEADING) gives the
#: headings after the last point (attachments, signatures): what follows is the export's,
#: made again from the agreement, not a point's text.
EXPORT_CLOSING = "Agreement Closing Heading"
SHORT_CHARS, SHORT_WORDS, STYLE_HEADING_CHARS = 120, 12, 200
BOLD_STYLES = {"strong", "sterk"}
ITALIC_STYLES = {"emphasis", "utheving"}


@dataclass
class _Segment:
    text: str
    bold: bool
    italic: bool
    href: str | None
    size: int


@dataclass
class _Para:
    segments: list[_Segment]
    style_name: str
    heading_level: int | None  # from a heading style or an outline level
    is_title: bool
    list_id: str | None  # numbering instance, None when not a list paragraph
    list_level: int
    list_ordered: bool
    list_label: str
    decimal_list: bool

    @property
    def text(self) -> str:
        return " ".join("".join(s.text for s in self.segments).split())


@dataclass
class _Candidate:
    number: str
    title: str
    signature: tuple


@dataclass
class _Block:
    kind: str  # "p" | "table"
    para: _Para | None = None
    rows: list[str] = field(default_factory=list)
    candidate: _Candidate | None = None
    role: str = "text"  # "text" | "point" | "subheading"


def docx_read(file, *, progress: Callable[[int, int], None] | None = None) -> ImportedDocument:
    """The document as a preamble and parts. Raises ValidationError (translated, ``code``) for
    a file docx_check refuses, one python-docx cannot read, an empty document or one with no
    headings. ``progress(done, total)`` is called after each top-level block when given."""
    docx_check(file)
    try:
        document = docx.Document(file)
    except Exception as error:  # python-docx raises many kinds on a damaged package
        raise _invalid("unreadable") from error
    try:
        reader = _Reader(document)
        return reader.assemble(reader.blocks(progress))
    except ValidationError:
        raise
    except Exception as error:  # a package python-docx opened but whose XML is not as Word's
        logger.warning("Word file could not be read", exc_info=True)
        raise _invalid("unreadable") from error


class _Reader:
    def __init__(self, document):
        self.document = document
        self.part = document.part
        self.dropped: Counter[str] = Counter()
        self.styles = {s.style_id: s for s in document.styles}
        self.normal = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
        self.numbering = _Numbering(self.part)
        self.default_size = _default_size(document)

    # ---- blocks

    def blocks(self, progress) -> list[_Block]:
        elements = list(self._block_elements(self.document.element.body))
        total = len(elements)
        blocks: list[_Block] = []
        for done, element in enumerate(elements, start=1):
            if element.tag == W_P:
                para = self._para(element)
                if para is not None:
                    blocks.append(_Block("p", para=para))
            else:
                rows = self._table_rows(element)
                if rows:
                    self.dropped["table"] += 1
                    blocks.append(_Block("table", rows=rows))
            if progress is not None:
                progress(done, total)
        return blocks

    def _block_elements(self, parent):
        for child in parent:
            if child.tag in (W_P, W_TBL):
                yield child
            elif child.tag == W_SDT:
                if _is_table_of_contents(child):
                    self.dropped["table_of_contents"] += 1
                    continue
                if _is_navpartner_record(child):
                    continue  # what navpartner's own export printed from a structured part
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    yield from self._block_elements(content)
            elif child.tag in (W_CUSTOM_XML, W_SDT_CONTENT, W_INS, W_MOVE_TO):
                yield from self._block_elements(child)

    def _para(self, p) -> _Para | None:
        style_id = _child_val(p, "w:pPr", "w:pStyle") or ""
        style = self.styles.get(style_id) or self.normal
        style_name = style.name if style is not None else style_id
        if re.match(r"^(toc|innh)", style_name or "", re.IGNORECASE):
            self.dropped["table_of_contents"] += 1
            return None
        segments = self._segments(p, style)
        if not "".join(s.text for s in segments).strip():
            return None
        level = _heading_level(style_name, style_id)
        if level is None:
            outline = _child_val(p, "w:pPr", "w:outlineLvl") or _style_outline(style)
            if outline is not None and outline.isdigit() and int(outline) < 9:
                level = int(outline) + 1
        num_id, ilvl = self._num_pr(p, style)
        listing = self.numbering.advance(num_id, ilvl) if num_id else None
        style_level = LIST_STYLE_LEVEL.match(style_name or "")
        if style_level and ilvl == 0:  # "List Bullet 2": its own list, shown one level in
            ilvl = int(style_level[1]) - 1
        return _Para(
            segments=segments,
            style_name=style_name or "",
            heading_level=level,
            is_title=(style_name or "").lower() in ("title", "tittel"),
            list_id=num_id if listing else None,
            list_level=ilvl,
            list_ordered=bool(listing and listing[0] != "bullet"),
            list_label=listing[1] if listing else "",
            decimal_list=bool(listing and listing[0] in ("decimal", "decimalZero")),
        )

    def _num_pr(self, p, style) -> tuple[str | None, int]:
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        while num_pr is None and style is not None:
            num_pr = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            style = style.base_style
        if num_pr is None:
            return None, 0
        num_id = _val(num_pr.find(qn("w:numId")))
        ilvl = _val(num_pr.find(qn("w:ilvl")))
        if not num_id or num_id == "0":
            return None, 0
        return num_id, int(ilvl) if ilvl and ilvl.isdigit() else 0

    # ---- inline content

    def _segments(self, p, style) -> list[_Segment]:
        base_bold = _style_flag(style, "w:b")
        base_italic = _style_flag(style, "w:i")
        base_size = _style_size(style) or self.default_size
        segments: list[_Segment] = []
        self._walk(p, None, segments, (base_bold, base_italic, base_size))
        return segments

    def _walk(self, parent, href, segments, base) -> None:
        for child in parent:
            tag = child.tag
            if tag == W_R:
                self._run(child, href, segments, base)
            elif tag == W_HYPERLINK:
                self._walk(child, self._href(child) or href, segments, base)
            elif tag in (W_INS, W_MOVE_TO):
                if _has_text(child):
                    self.dropped["tracked_insertion"] += 1
                self._walk(child, href, segments, base)
            elif tag in (W_DEL, W_MOVE_FROM):
                if _has_text(child, deleted=True):
                    self.dropped["tracked_deletion"] += 1
            elif tag == W_FLD_SIMPLE:
                self.dropped["field"] += 1
                self._walk(child, href, segments, base)
            elif tag in (W_SMART_TAG, W_CUSTOM_XML, W_SDT_CONTENT):
                self._walk(child, href, segments, base)
            elif tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    self._walk(content, href, segments, base)

    def _run(self, r, href, segments, base) -> None:
        base_bold, base_italic, base_size = base
        rpr = r.find(qn("w:rPr"))
        char_style = self.styles.get(_child_val(r, "w:rPr", "w:rStyle") or "")
        char_name = (char_style.name or "").lower() if char_style is not None else ""
        bold = _flag(rpr, "w:b", _style_flag(char_style, "w:b", base_bold))
        italic = _flag(rpr, "w:i", _style_flag(char_style, "w:i", base_italic))
        bold = bold or char_name in BOLD_STYLES
        italic = italic or char_name in ITALIC_STYLES
        size_val = _child_val(r, "w:rPr", "w:sz")
        size = int(size_val) if size_val and size_val.isdigit() else base_size
        text = []
        for child in r:
            tag = child.tag
            if tag == W_T:
                text.append(child.text or "")
            elif tag in (qn("w:tab"), qn("w:ptab")):
                text.append(" ")
            elif tag in (qn("w:br"), qn("w:cr")):
                if child.get(qn("w:type")) in (None, "textWrapping"):
                    text.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                text.append("-")
            elif tag in (qn("w:drawing"), qn("w:pict"), qn("w:object")):
                self.dropped["image"] += 1
            elif tag == qn("w:commentReference"):
                self.dropped["comment"] += 1
            elif tag in (qn("w:footnoteReference"), qn("w:endnoteReference")):
                self.dropped["footnote"] += 1
            elif tag == qn("w:fldChar") and child.get(qn("w:fldCharType")) == "begin":
                self.dropped["field"] += 1
        if text:
            segments.append(_Segment("".join(text), bold, italic, href, size))

    def _href(self, hyperlink) -> str | None:
        rid = hyperlink.get(R_ID)
        if not rid or rid not in self.part.rels:
            return None
        rel = self.part.rels[rid]
        return rel.target_ref if rel.is_external else None

    def _table_rows(self, tbl) -> list[str]:
        """One line of HTML per row, the cells' texts joined with " – "."""
        rows = []
        for tr in tbl.iter(W_TR):
            cells: list[str] = []
            for tc in tr.findall(W_TC):
                texts = []
                for p in tc.iter(W_P):
                    segments: list[_Segment] = []
                    self._walk(p, None, segments, (False, False, self.default_size))
                    html = _inline_html(segments).strip()
                    if html:
                        texts.append(html)
                cell = " ".join(texts)
                if cell and (not cells or cells[-1] != cell):
                    cells.append(cell)
            if cells:
                rows.append(" – ".join(cells))
        return rows

    # ---- headings and parts

    def assemble(self, blocks: list[_Block]) -> ImportedDocument:
        if not blocks:
            raise _invalid("empty")
        closing = next(
            (i for i, b in enumerate(blocks) if b.para and b.para.style_name == EXPORT_CLOSING),
            None,
        )
        blocks = blocks[:closing]
        for index, block in enumerate(blocks):
            if block.para is not None:
                block.candidate = _candidate(block.para, _list_neighbours(blocks, index))
        candidates = [b.candidate for b in blocks if b.candidate is not None]
        point_looks = _point_signatures(candidates)
        for block in blocks:
            if block.candidate is not None:
                c = block.candidate
                block.role = "point" if c.number or c.signature in point_looks else "subheading"
        if not any(b.role == "point" for b in blocks):
            raise _invalid("no_headings")
        if sum(b.role == "point" for b in blocks) > MAX_PARTS:
            raise _invalid("too_many_parts", limit=MAX_PARTS)
        preamble: list[_Block] = []
        sections: list[tuple[_Candidate, list[_Block]]] = []
        for block in blocks:
            if block.role == "point":
                assert block.candidate is not None
                sections.append((block.candidate, []))
            elif sections:
                sections[-1][1].append(block)
            else:
                preamble.append(block)
        parts = [
            ImportedPart(
                key=f"part-{i}",
                number=candidate.number,
                title=candidate.title[:200],
                html=sanitize_html(_blocks_html(content)),
            )
            for i, (candidate, content) in enumerate(sections, start=1)
        ]
        return ImportedDocument(
            preamble_html=sanitize_html(_blocks_html(preamble, preamble=True)),
            parts=parts,
            dropped=[Dropped(kind, count) for kind, count in sorted(self.dropped.items())],
        )


def _candidate(para: _Para, list_neighbour: bool) -> _Candidate | None:
    """The heading this paragraph may be (number, title, look), or None."""
    text = para.text.strip()
    if para.is_title or not text:
        return None
    look: tuple
    bold = False
    if para.heading_level is not None:
        if len(text) > STYLE_HEADING_CHARS:
            return None
        look = (0, para.heading_level)
    else:
        size = max(s.size for s in para.segments if s.text.strip())
        bold = all(s.bold for s in para.segments if s.text.strip())
        look = (1, -size, 0 if bold else 1)
    number, title = "", text
    if para.decimal_list and para.list_label:
        number = para.list_label.rstrip(".")
    else:
        match = NUMBERED.match(text)
        if match and (
            para.heading_level is not None
            or match["punkt"]
            or match["dot"]
            or "." in match["number"]
        ):
            number, title = match["number"], match["title"]
    title = title.strip().rstrip(":").strip()
    if para.heading_level is not None:
        return _Candidate(number, title, look) if title else None
    if not title or len(text) > SHORT_CHARS or len(text.split()) > SHORT_WORDS:
        return None
    if title.endswith((".", ",", ";", ":")) or text.endswith(":"):
        return None
    if number and not title[0].isupper():
        return None
    if para.list_id is not None:
        if not para.decimal_list or not (bold or not list_neighbour):
            return None
        return _Candidate(number, title, look)
    if number or bold:
        return _Candidate(number, title, look)
    return None


def _list_neighbours(blocks: list[_Block], index: int) -> bool:
    """Whether the paragraph's previous or next block is an item of the same list at the same
    level: an item of a running list is text, a numbered item standing alone a heading."""
    para = blocks[index].para
    assert para is not None
    if para.list_id is None:
        return False
    for other in (index - 1, index + 1):
        if 0 <= other < len(blocks) and blocks[other].kind == "p":
            neighbour = blocks[other].para
            assert neighbour is not None
            if (neighbour.list_id, neighbour.list_level) == (para.list_id, para.list_level):
                return True
    return False


def _point_signatures(candidates: list[_Candidate]) -> set[tuple]:
    numbered = {c.signature for c in candidates if c.number}
    if numbered:
        return numbered
    counts = Counter(c.signature for c in candidates)
    repeated = sorted(s for s, n in counts.items() if n >= 2)
    return {repeated[0]} if repeated else ({min(counts)} if counts else set())


def _blocks_html(blocks: list[_Block], *, preamble: bool = False) -> str:
    out: list[str] = []
    items: list[tuple[int, str, str]] = []

    def flush():
        if items:
            out.append(_list_html(items))
            items.clear()

    for block in blocks:
        if block.kind == "table":
            flush()
            out.append("<ul>" + "".join(f"<li>{row}</li>" for row in block.rows) + "</ul>")
            continue
        para = block.para
        assert para is not None
        if block.role != "text" or (preamble and para.is_title):
            flush()
            tag = "h2" if para.is_title else _subheading_tag(para)
            out.append(f"<{tag}>{escape(para.text)}</{tag}>")
        elif para.list_id is not None:
            items.append(
                (para.list_level, "ol" if para.list_ordered else "ul", _inline_html(para.segments))
            )
        elif HAND_BULLET.match(para.text):
            items.append((0, "ul", _inline_html(_strip_bullet(para.segments))))
        else:
            flush()
            out.append(f"<p>{_inline_html(para.segments).strip()}</p>")
    flush()
    return "".join(out)


def _subheading_tag(para: _Para) -> str:
    """A Word heading style keeps its level (Heading 2 → h2, as the export writes them; the
    editor has h2–h4); any other sub-heading is an h3."""
    if para.heading_level is None:
        return "h3"
    return f"h{min(max(para.heading_level, 2), 4)}"


def _list_html(items: list[tuple[int, str, str]]) -> str:
    """Consecutive list paragraphs as nested <ul>/<ol> (a level deeper nests in the item)."""
    out: list[str] = []
    stack: list[str] = []
    for level, tag, html in items:
        level = min(level, len(stack))
        while len(stack) > level + 1:
            out.append(f"</li></{stack.pop()}>")
        if len(stack) == level + 1 and stack[-1] == tag:
            out.append("</li><li>")
        else:
            if len(stack) == level + 1:
                out.append(f"</li></{stack.pop()}>")
            out.append(f"<{tag}><li>")
            stack.append(tag)
        out.append(html.strip())
    while stack:
        out.append(f"</li></{stack.pop()}>")
    return "".join(out)


def _strip_bullet(segments: list[_Segment]) -> list[_Segment]:
    segments = list(segments)
    for i, segment in enumerate(segments):
        if segment.text.strip():
            text = HAND_BULLET.sub("", segment.text, count=1)
            segments[i] = _Segment(text, segment.bold, segment.italic, segment.href, segment.size)
            break
    return segments


def _inline_html(segments: list[_Segment]) -> str:
    """Runs as HTML: consecutive runs of the same formatting merged; a link outermost."""
    out = []
    groups: list[tuple[tuple, str]] = []
    for s in segments:
        key = (s.bold, s.italic, s.href)
        if groups and groups[-1][0] == key:
            groups[-1] = (key, groups[-1][1] + s.text)
        else:
            groups.append((key, s.text))
    for (bold, italic, href), text in groups:
        html = escape(text).replace("\n", "<br>")
        if text.strip():
            if italic:
                html = f"<em>{html}</em>"
            if bold:
                html = f"<strong>{html}</strong>"
        if href:
            html = f'<a href="{escape(href)}">{html}</a>'
        out.append(html)
    return "".join(out)


# ---- small XML readers


def _val(element) -> str | None:
    return element.get(W_VAL) if element is not None else None


def _child_val(element, *path: str) -> str | None:
    return _val(element.find("/".join(qn(p) for p in path)))


def _flag(rpr, tag: str, default: bool) -> bool:
    """A toggle property (w:b, w:i): present means on unless its val says off."""
    if rpr is None:
        return default
    element = rpr.find(qn(tag))
    if element is None:
        return default
    return _val(element) not in ("0", "false", "off")


def _style_flag(style, tag: str, default: bool = False) -> bool:
    while style is not None:
        rpr = style.element.find(qn("w:rPr"))
        if rpr is not None and rpr.find(qn(tag)) is not None:
            return _flag(rpr, tag, default)
        style = style.base_style
    return default


def _style_size(style) -> int | None:
    while style is not None:
        size = _child_val(style.element, "w:rPr", "w:sz")
        if size and size.isdigit():
            return int(size)
        style = style.base_style
    return None


def _style_outline(style) -> str | None:
    while style is not None:
        level = _child_val(style.element, "w:pPr", "w:outlineLvl")
        if level is not None:
            return level
        style = style.base_style
    return None


def _default_size(document) -> int:
    size = document.styles.element.find(
        "/".join(qn(p) for p in ("w:docDefaults", "w:rPrDefault", "w:rPr", "w:sz"))
    )
    value = _val(size)
    return int(value) if value and value.isdigit() else 20


def _heading_level(style_name: str, style_id: str) -> int | None:
    for name in (style_name, style_id):
        match = HEADING_STYLE.match((name or "").strip())
        if match:
            return int(match[1])
    return None


def _has_text(element, *, deleted: bool = False) -> bool:
    tag = qn("w:delText") if deleted else W_T
    return any((t.text or "").strip() for t in element.iter(tag, W_T))


#: The tag of the content controls navpartner's export wraps around what it prints, not
#: writes: a point's structured part and the "not filled in" note (docx_export.STRUCTURED_TAG,
#: NOT_FILLED_IN_TAG).
EXPORT_RECORD_PREFIX = "navpartner:"


def _is_navpartner_record(sdt) -> bool:
    tag = sdt.find(f"{W_SDT_PR}/{qn('w:tag')}")
    return tag is not None and (_val(tag) or "").startswith(EXPORT_RECORD_PREFIX)


def _is_table_of_contents(sdt) -> bool:
    gallery = sdt.find(f"{W_SDT_PR}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
    return gallery is not None and "table of contents" in (_val(gallery) or "").lower()


class _Numbering:
    """Word's list numbering: each paragraph's label ("3.", "3.1") as Word shows it."""

    def __init__(self, part):
        self.formats: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = part.numbering_part.element
        except (KeyError, NotImplementedError):
            return  # a document without list numbering: every label is empty
        abstract = {}
        for node in root.findall(qn("w:abstractNum")):
            abstract[node.get(qn("w:abstractNumId"))] = _levels(node)
        for num in root.findall(qn("w:num")):
            levels = dict(abstract.get(_child_val(num, "w:abstractNumId") or "", {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = int(override.get(qn("w:ilvl"), "0"))
                start = _child_val(override, "w:startOverride")
                if ilvl in levels and start and start.isdigit():
                    fmt, text, _start = levels[ilvl]
                    levels[ilvl] = (fmt, text, int(start))
            self.formats[num.get(qn("w:numId"))] = levels

    def advance(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Count the paragraph; its (format, label), or None when the list is unknown."""
        levels = self.formats.get(num_id)
        if not levels or ilvl not in levels:
            return None
        counters = self.counters.setdefault(num_id, [0] * 10)
        for level in range(10):
            if level < ilvl and counters[level] == 0:
                counters[level] = levels.get(level, ("decimal", "", 1))[2]
        fmt, text, start = levels[ilvl]
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for level in range(ilvl + 1, 10):
            counters[level] = 0
        label = re.sub(r"%(\d)", lambda m: str(counters[int(m[1]) - 1]), text)
        return fmt, label.strip()


def _levels(abstract_num) -> dict[int, tuple[str, str, int]]:
    levels = {}
    for lvl in abstract_num.findall(qn("w:lvl")):
        start = _child_val(lvl, "w:start")
        levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
            _child_val(lvl, "w:numFmt") or "decimal",
            _child_val(lvl, "w:lvlText") or "",
            int(start) if start and start.isdigit() else 1,
        )
    return levels


# --------------------------------------------------------------------------------------------
# Mapping

#: Title similarity (``title_similarity``): a part goes to the veileder point whose title it
#: resembles when at least TOKEN_SHARE of the part title's significant words are in the
#: point's title, or difflib's ratio of the normalised titles is at least RATIO. A word matches
#: another when equal, when one is the other inflected ("formål"/"formålet": the shorter, of
#: four letters or more, begins the longer, which has at most three more), or when one ends a
#: compound ("partnerskapsavtalen" ends with "avtalen", five letters or more). A part on the
#: same topic as the point its number names shares at least one such word, or has a ratio of
#: SAME_TOPIC; otherwise its title is "clearly another topic".
TOKEN_SHARE = 0.6
RATIO = 0.75
SAME_TOPIC = 0.5
STOPWORDS = {
    "og", "i", "av", "for", "til", "med", "ved", "på", "om", "det", "den", "de", "en", "et",
    "mellom", "nav", "navkontoret", "kontoret", "kontor", "punkt", "felles", "lokale", "lokal",
}  # fmt: skip


def _normal_title(title: str) -> str:
    title = re.sub(r"[\W_]+", " ", title.lower().replace("-", ""))
    return " ".join(title.split())


def _tokens(title: str) -> list[str]:
    return [t for t in _normal_title(title).split() if t not in STOPWORDS and not t.isdigit()]


def _word_match(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    inflected = len(short) >= 4 and long.startswith(short) and len(long) - len(short) <= 3
    compound = len(short) >= 5 and long.endswith(short)
    return a == b or inflected or compound


def title_similarity(a: str, b: str) -> tuple[float, float]:
    """(share of part title ``a``'s significant words found in veileder title ``b``, difflib
    ratio of the two normalised titles)."""
    tokens_a, tokens_b = _tokens(a), _tokens(b)
    share = 0.0
    if tokens_a and tokens_b:
        share = sum(any(_word_match(t, u) for u in tokens_b) for t in tokens_a) / len(tokens_a)
    ratio = difflib.SequenceMatcher(None, _normal_title(a), _normal_title(b)).ratio()
    return share, ratio


def _title_match(share: float, ratio: float) -> float:
    """How strongly the titles match (0 when they do not)."""
    return max(share if share >= TOKEN_SHARE else 0.0, ratio if ratio >= RATIO else 0.0)


def normal_number(number: str) -> str:
    """ "1." ≡ "1" ≡ "1.0"; "03.1" ≡ "3.1"."""
    digits = [d for d in number.strip().rstrip(".").split(".") if d.isdigit()]
    if not digits:
        return ""
    major, minor = int(digits[0]), int(digits[1]) if len(digits) > 1 else 0
    return f"{major}.{minor}"


def import_mapping_propose(document: ImportedDocument, template) -> dict[str, int | None]:
    """Part key -> TemplateSection pk of ``template``, or None (the part becomes the
    agreement's own point). Each template point gets at most one part.

    Claims, strongest first: the part's number names the point and its title is on the same
    topic (or it has no title); then the title alone matches the point (see TOKEN_SHARE). A
    part whose number names a point but whose title is clearly another topic goes by its
    title, or becomes an own point: an office that renumbered ("4. Kommunikasjon",
    "7. Avtaleperiode") gets Kommunikasjon as its own point, not in 4.0 Tjenestetilbud, and
    Avtaleperiode on 9.0. Reads the template's points: one query."""
    points = list(template.sections.order_by("position").values_list("pk", "number", "title"))
    by_number = {normal_number(number): (pk, title) for pk, number, title in points}
    claims: list[tuple[float, int, str, int]] = []
    for order, part in enumerate(document.parts):
        numbered = by_number.get(normal_number(part.number)) if part.number else None
        for pk, _number, title in points:
            share, ratio = title_similarity(part.title, title) if part.title else (0.0, 0.0)
            match = _title_match(share, ratio)
            if numbered is not None and numbered[0] == pk:
                if not part.title or share > 0 or ratio >= SAME_TOPIC:
                    claims.append((3 + match, order, part.key, pk))
            elif match:
                claims.append((2 + match, order, part.key, pk))
    mapping: dict[str, int | None] = {part.key: None for part in document.parts}
    taken: set[int] = set()
    for _strength, _order, key, pk in sorted(claims, key=lambda c: (-c[0], c[1])):
        if mapping[key] is None and pk not in taken:
            mapping[key] = pk
            taken.add(pk)
    return mapping


# --------------------------------------------------------------------------------------------
# Structured parts stated plainly in the text

MONTHS = {
    name: number
    for number, name in enumerate(
        ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september")
        + ("oktober", "november", "desember"),
        start=1,
    )
}
NUMBER_WORDS = {
    "en": 1, "ett": 1, "ei": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7,
    "syv": 7, "åtte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12,
}  # fmt: skip
_COUNT = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_DATE = (
    r"(?:(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"
    r"|(?P<td>\d{1,2})\.\s*(?P<tm>" + "|".join(MONTHS) + r")\s+(?P<ty>\d{4}))"
)
DATE_FROM = re.compile(
    r"\b(?:fra og med|f\.o\.m\.?|fra|i kraft)\s+(?:den\s+)?" + _DATE, re.IGNORECASE
)
DATE_TO = re.compile(r"\b(?:til og med|t\.o\.m\.?|til|ut)\s+(?:den\s+)?" + _DATE, re.IGNORECASE)
NOTICE = re.compile(_COUNT + r"\s+måneders?\s+(?:gjensidig\s+)?oppsigelse", re.IGNORECASE)
MEETINGS_PER = re.compile(
    r"\b" + _COUNT + r"\s+(?:faste\s+|ordinære\s+)?(?:partnerskapsmøter|møter|ganger)\s+"
    r"(?P<per>i\s+året|per\s+år|pr\.?\s+år|årlig|i\s+løpet\s+av\s+året|"
    r"(?:per|pr\.?|i)\s+halvår(?:et)?)",
    re.IGNORECASE,
)


def _text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").split())


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _dates(pattern: re.Pattern, text: str) -> set[dt.date]:
    found = set()
    for m in pattern.finditer(text):
        try:
            if m["d"]:
                found.add(dt.date(int(m["y"]), int(m["m"]), int(m["d"])))
            else:
                found.add(dt.date(int(m["ty"]), MONTHS[m["tm"].lower()], int(m["td"])))
        except ValueError:
            continue
    return found


def import_structured_propose(kind: str | None, html: str) -> dict:
    """What the point's text states plainly for its structured part (only the fields found;
    nothing when the text states two different values): 9.0 the dates after "fra"/"til" and
    "N måneders oppsigelse"; 3.1 "fire møter i året", "4 ganger i året", "to ganger per
    halvår". The caller validates it and marks the point for the editor to check."""
    text = _text_of(html)
    found: dict = {}
    if kind == VALIDITY:
        starts, ends = _dates(DATE_FROM, text), _dates(DATE_TO, text)
        if len(starts) == 1:
            found["valid_from"] = starts.pop().isoformat()
        if len(ends) == 1:
            found["valid_to"] = ends.pop().isoformat()
            found["until_renewed"] = False
        notices = {_count(m[1]) for m in NOTICE.finditer(text)}
        if len(notices) == 1:
            found["notice_months"] = notices.pop()
    elif kind == MEETINGS:
        counts = {
            _count(m[1]) * (2 if "halv" in m["per"].lower() else 1)
            for m in MEETINGS_PER.finditer(text)
        }
        if len(counts) == 1:
            found["meetings_per_year"] = counts.pop()
    return found
