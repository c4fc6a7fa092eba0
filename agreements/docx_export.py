"""The partnership agreement as a Word file (.docx), for those who must circulate it in Word.

The same content as the working copy's PDF (templates/pdf/agreement.html), from the same
context (``agreements.documents.agreement_print_context``), in Word's own structure: every
point a "Heading 1" paragraph ("3.1 Styring og ledelse"), so Word's navigation pane lists
the points and nothing else; the parties and the signatures as real tables; "UTKAST" in the
header of every page of a draft; "Side X av Y" in the footer as PAGE and NUMPAGES fields.

``html_to_docx`` converts exactly the formatting the editor allows (agreements/richtext.py),
and what the structured parts render (agreements/structured/rendering.py: also div and
dl/dt/dd), into Word paragraphs, styles, list numbering and hyperlinks.
"""

import datetime as dt
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import html as lxml_html

from .documents import agreement_print_context
from .models import Agreement, StructuredKind

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
AUTHOR = "navpartner"
#: Word's language tag (spelling, hyphenation) for the partnership's document language.
WORD_LANGUAGES = {"nb": "nb-NO", "nn": "nn-NO"}

#: Content controls (w:sdt) around what the PDF shows in a point besides the point's own text,
#: so that a reader of the file (the import) can tell them from it: the structured part
#: ("navpartner:structured:meetings" …) and the note on an empty point.
STRUCTURED_TAG = "navpartner:structured:%s"
NOT_FILLED_IN_TAG = "navpartner:not-filled-in"

#: The style of the headings that close the document (attachments, signatures): not
#: "Heading 1", which is the points' alone (the navigation pane, and the import, read them).
CLOSING_HEADING = "Agreement Closing Heading"
HYPERLINK = "Hyperlink"

HEADINGS = {"h2": "Heading 2", "h3": "Heading 3", "h4": "Heading 4"}
LISTS = {"ul": "List Bullet", "ol": "List Number"}
LIST_LEVELS = 3  # Word's built-in list styles go three levels deep
BLOCKS = {"p", "div", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", *HEADINGS}
LINK_SCHEMES = ("http://", "https://", "mailto:")
SIGNATURE_LINE = "_" * 34
WHITESPACE = re.compile(r"\s+")


# ---------------------------------------------------------------- HTML -> Word


@dataclass(frozen=True)
class _Format:
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class _Block:
    style: str | None = None  # the style of a paragraph started here
    list_level: int = 0  # how deep in lists
    indent: bool = False  # a definition (dd)
    bold: bool = False  # a term (dt)


class _HtmlWriter:
    """Writes HTML into a container (the document body or a table cell). A paragraph opens
    for each block and for loose inline text; a list item's first paragraph carries its list
    style (and, in an ordered list, the list's own numbering), later ones "List Continue"."""

    def __init__(self, container, spare: Paragraph | None = None):
        self.container = container
        self.spare = spare  # an empty paragraph to fill before adding any (a new cell's)
        self.item: tuple[str, int | None] | None = None  # the list item awaiting its paragraph

    def blocks(self, element, block: _Block) -> None:
        paragraph: Paragraph | None = None

        def text(value: str | None) -> None:
            nonlocal paragraph
            if value and (paragraph is not None or value.strip()):
                paragraph = paragraph or self.paragraph(block)
                _add_text(paragraph, value, _Format(bold=block.bold))

        text(element.text)
        for child in element:
            if not isinstance(child.tag, str):  # a comment
                pass
            elif child.tag in BLOCKS:
                paragraph = None
                self.block(child, block)
            else:
                paragraph = paragraph or self.paragraph(block)
                self.inline(paragraph, child, _Format(bold=block.bold))
            text(child.tail)

    def block(self, element, block: _Block) -> None:
        tag = element.tag
        if tag in HEADINGS:
            self.blocks(element, replace(block, style=HEADINGS[tag]))
        elif tag == "blockquote":
            self.blocks(element, replace(block, style="Quote"))
        elif tag in LISTS:
            level = min(block.list_level + 1, LIST_LEVELS)
            style = LISTS[tag] + (f" {level}" if level > 1 else "")
            num_id = _restarted_numbering(self.container.part, style) if tag == "ol" else None
            continued = "List Continue" + (f" {level}" if level > 1 else "")
            for item in element:
                if isinstance(item.tag, str):
                    self.item = (style, num_id)
                    # The list styles bring their own indent.
                    item_block = replace(block, style=continued, list_level=level, indent=False)
                    self.blocks(item, item_block)
                    self.item = None
        elif tag == "dt":
            self.blocks(element, replace(block, bold=True))
        elif tag == "dd":
            self.blocks(element, replace(block, indent=True))
        else:  # p, div, dl, a stray li
            self.blocks(element, block)

    def paragraph(self, block: _Block) -> Paragraph:
        style, num_id = self.item or (block.style, None)
        self.item = None
        if self.spare is not None:
            paragraph, self.spare = self.spare, None
            if style:
                paragraph.style = style
        else:
            paragraph = self.container.add_paragraph(style=style)
        if num_id is not None:
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = 0
            num_pr.get_or_add_numId().val = num_id
        if block.indent:
            paragraph.paragraph_format.left_indent = Cm(1)
        if block.bold:
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def inline(self, paragraph: Paragraph, element, fmt: _Format, link=None) -> None:
        tag = element.tag
        if not isinstance(tag, str):
            return
        if tag == "br":
            _run(paragraph, "", fmt, link).add_break()
            return
        if tag in ("strong", "b"):
            fmt = replace(fmt, bold=True)
        elif tag in ("em", "i"):
            fmt = replace(fmt, italic=True)
        elif tag == "a" and link is None:
            href = (element.get("href") or "").strip()
            if href.lower().startswith(LINK_SCHEMES):
                link = _hyperlink(paragraph, href)
        _add_text(paragraph, element.text, fmt, link)
        for child in element:
            self.inline(paragraph, child, fmt, link)
            _add_text(paragraph, child.tail, fmt, link)


def html_to_docx(container, html: str, *, paragraph: Paragraph | None = None) -> None:
    """Append ``html`` to ``container`` (a Document or a table cell): p → a paragraph;
    h2, h3, h4 → "Heading 2", "Heading 3", "Heading 4"; ul, ol → "List Bullet", "List Number"
    (nested: "List Bullet 2" …), each ordered list numbered from 1; blockquote → "Quote";
    strong, em → bold, italic; a → a hyperlink; br → a line break; dt → a bold paragraph,
    dd → an indented one. ``paragraph``: an empty paragraph to fill first (a new cell's)."""
    if not html or not html.strip():
        return
    root = lxml_html.fragment_fromstring(html, create_parent="div")
    _HtmlWriter(container, spare=paragraph).blocks(root, _Block())


def _add_text(paragraph: Paragraph, text: str | None, fmt: _Format, link=None) -> None:
    if text:
        _run(paragraph, WHITESPACE.sub(" ", text), fmt, link)


def _run(paragraph: Paragraph, text: str, fmt: _Format, link=None):
    run = paragraph.add_run(text)
    run.bold = fmt.bold or None
    run.italic = fmt.italic or None
    if link is not None:
        run.style = HYPERLINK
        link.append(run._r)  # moved from the paragraph into the hyperlink
    return run


def _hyperlink(paragraph: Paragraph, href: str):
    """A hyperlink element at the end of ``paragraph``, with its external relationship."""
    r_id = paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    paragraph._p.append(link)
    return link


def _restarted_numbering(part, style_name: str) -> int:
    """A new numbering instance of ``style_name``'s list that starts at 1, so that each
    ordered list counts from 1 (the style's own numbering runs on through the document)."""
    style = part.styles[style_name]
    style_num_id = style.element.pPr.numPr.numId.val
    numbering = part.numbering_part.element
    abstract_id = next(n.abstractNumId.val for n in numbering.num_lst if n.numId == style_num_id)
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return num.numId


# ---------------------------------------------------------------- the agreement


def agreement_docx(agreement: Agreement) -> bytes:
    """The agreement as it stands now as a Word file: what the working copy's PDF shows
    (cover, parties, points, attachments, signatures), read as that reads it
    (agreement_print_context). In the partnership's document language (bokmål or nynorsk),
    as the PDF, whoever downloads it."""
    language = agreement.partnership.document_language
    with translation.override(language):
        context = agreement_print_context(agreement)
        document = Document()
        _set_up(document, context, WORD_LANGUAGES.get(language, "nb-NO"))
        _cover(document, context)
        for section, structured_html in context["sections"]:
            _point(document, section, structured_html)
        _attachments(document, context)
        _signatures(document, context)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _date(value, format_name: str = "DATE_FORMAT") -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return date_format(value, format_name)


def _doc_date(context: dict):
    return context["generated_at"] or context["agreement"].status_changed_at


def _title(context: dict) -> str:
    return _("Partnership agreement %(partnership)s, version %(version)s") % {
        "partnership": context["partnership"],
        "version": context["agreement"].version,
    }


def _set_up(document: WordDocument, context: dict, word_language: str) -> None:
    """Properties, language, the styles the converter uses, header and footer."""
    partnership, agreement = context["partnership"], context["agreement"]
    dated = _doc_date(context)
    properties = document.core_properties
    properties.title = _title(context)
    properties.subject = str(partnership)
    properties.author = properties.last_modified_by = AUTHOR
    properties.language = word_language
    properties.comments = _(
        "Agreement between the municipality and the Norwegian Labour and Welfare "
        "Administration under the NAV Act § 14"
    )
    properties.keywords = f"{_('partnership agreement')}, {partnership}"
    properties.created = properties.modified = dated

    # Spelling and hyphenation in the document's language for the whole text.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    language.set(qn("w:val"), word_language)

    styles = document.styles
    link = styles.add_style(HYPERLINK, WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    link.font.underline = True
    closing = styles.add_style(CLOSING_HEADING, WD_STYLE_TYPE.PARAGRAPH)
    closing.base_style = styles["Normal"]
    closing.font.bold = True
    closing.font.size = Pt(14)
    closing.paragraph_format.space_before = Pt(24)
    closing.paragraph_format.keep_with_next = True

    draft = context["draft"]
    header = document.sections[0].header
    if draft:
        mark = header.paragraphs[0]
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = mark.add_run(_("DRAFT"))
        run.bold = True
        run.font.size = Pt(16)
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
        running = header.add_paragraph()
    else:
        running = header.paragraphs[0]
    version = (_("Draft, version %(version)s") if draft else _("Version %(version)s")) % {
        "version": agreement.version
    }
    running.add_run(f"{_('Partnership agreement')} – {partnership} · {version}")

    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # The translated "Page %(number)s of %(total)s", its numbers as fields Word updates.
    marked = _("Page %(number)s of %(total)s") % {"number": "\0PAGE\0", "total": "\0NUMPAGES\0"}
    for part in marked.split("\0"):
        if part in ("PAGE", "NUMPAGES"):
            _field(footer, part)
        elif part:
            footer.add_run(part)


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A field (PAGE, NUMPAGES) as Word writes one: begin, instruction, separate, a
    placeholder result, end."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {text} "
            run._r.append(code)
    paragraph.add_run("1")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _table(document: WordDocument, rows: int, columns: int, *, header: bool) -> Table:
    table = document.add_table(rows=rows, cols=columns)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if header:  # repeated on each page, and read as the header by screen readers
        marker = OxmlElement("w:tblHeader")
        marker.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(marker)
    return table


def _cell(cell: _Cell, text: str, *, bold: bool = False) -> Paragraph:
    """Write ``text`` into the cell's first paragraph."""
    paragraph = cell.paragraphs[0]
    paragraph.add_run(text).bold = bold or None
    return paragraph


def _cover(document: WordDocument, context: dict) -> None:
    agreement, partnership = context["agreement"], context["partnership"]
    dated = _doc_date(context)
    document.add_paragraph(_("Agreement under the NAV Act § 14"), style="Subtitle")
    document.add_paragraph(_("Partnership agreement"), style="Title")
    if partnership.office:
        office = _("for %(office)s") % {"office": partnership.office.name}
        document.add_paragraph(office, style="Subtitle")
        if partnership.office.address:
            document.add_paragraph(partnership.office.address)
    else:
        central = _("Central agreement for the NAV offices in %(municipality)s") % {
            "municipality": partnership.municipal_party.name
        }
        document.add_paragraph(central, style="Subtitle")
    if context["draft"]:
        line = _("Draft, version %(version)s, %(date)s") % {
            "version": agreement.version,
            "date": _date(dated),
        }
        document.add_paragraph().add_run(line).bold = True

    parties = _table(document, 3, 2, header=True)
    _cell(parties.cell(0, 0), _("Party"), bold=True)
    _cell(parties.cell(0, 1), _("Role"), bold=True)
    _cell(parties.cell(1, 0), partnership.municipal_party.printed_name)
    _cell(parties.cell(1, 1), _("Municipal party"))
    if covered := context["covered_municipalities"]:
        names = ", ".join(m.name for m in covered)
        parties.cell(1, 1).add_paragraph(f"{_('Host municipality for')} {names}")
    _cell(parties.cell(2, 0), partnership.state_party.printed_name)
    _cell(parties.cell(2, 1), _("State party (NAV county)"))

    if partnership.parent:
        note = document.add_paragraph(
            _(
                "This agreement is based on the central partnership agreement between "
                "%(municipal)s and %(state)s. In case of conflict, the central agreement "
                "takes precedence."
            )
            % {
                "municipal": partnership.parent.municipal_party.name,
                "state": partnership.parent.state_party.name,
            }
        )
        note.paragraph_format.space_before = Pt(12)

    facts: list[tuple[str, str]] = [
        (_("Version"), str(agreement.version)),
        (_("Status"), agreement.get_status_display()),
        (_("Date"), _date(dated)),
    ]
    if context["signatures"] and not context["draft"]:
        signed = "; ".join(
            f"{_date(row['signed_at'])} ({row['party']})"
            for row in context["signatures"]
            if row["signed_at"]
        )
        facts.append((_("Signed"), signed))
    if agreement.in_force_from:
        facts.append((_("In force from"), _date(agreement.in_force_from)))
    period = next(
        (
            html
            for section, html in context["sections"]
            if section.template_section
            and section.template_section.structured == StructuredKind.VALIDITY
            and html
            and (section.structured.get("valid_from") or section.structured.get("valid_to"))
        ),
        "",
    )
    based_on = f"{agreement.template.title_shown} ({agreement.template.revision})"
    archive = context["archive"]
    document.add_paragraph()
    table = _table(document, 0, 2, header=False)
    for label, value in facts:
        row = table.add_row().cells
        _cell(row[0], label, bold=True)
        _cell(row[1], value)
    if period:
        row = table.add_row().cells
        _cell(row[0], _("Period of the agreement"), bold=True)
        html_to_docx(row[1], period, paragraph=row[1].paragraphs[0])
    for label, value in (
        (_("Based on"), based_on),
        (_("Case number"), archive.saksnummer),
        (_("Journal entry"), archive.journalpost),
    ):
        if value:
            row = table.add_row().cells
            _cell(row[0], label, bold=True)
            _cell(row[1], value)


def _point(document: WordDocument, section, structured_html: str) -> None:
    """The point's number and title as "Heading 1"; its structured part (the record of its
    facts), then its text, as the PDF orders them. What is not the point's own text is in a
    content control tagged for what it is."""
    document.add_heading(f"{section.number} {section.title}", level=1)
    if not (section.body or structured_html):
        with _content_control(document, tag=NOT_FILLED_IN_TAG, alias=_("Not filled in.")):
            document.add_paragraph().add_run(_("Not filled in.")).italic = True
        return
    if structured_html:
        kind = section.template_section.structured
        tag = STRUCTURED_TAG % kind
        with _content_control(document, tag=tag, alias=str(StructuredKind(kind).label)):
            html_to_docx(document, structured_html)
    html_to_docx(document, section.body)


@contextmanager
def _content_control(document: WordDocument, *, tag: str, alias: str) -> Iterator[None]:
    """What is added to the body inside the block becomes one block-level content control
    (w:sdt) with ``tag`` (for programs) and ``alias`` (the title Word shows)."""
    body = document.element.body
    start = len(body) - 1  # the section properties stay last; what is added goes before them
    yield
    added = list(body)[start:-1]
    if not added:
        return
    control = OxmlElement("w:sdt")
    properties = OxmlElement("w:sdtPr")
    for name, value in (("w:alias", alias), ("w:tag", tag)):
        element = OxmlElement(name)
        element.set(qn("w:val"), value)
        properties.append(element)
    content = OxmlElement("w:sdtContent")
    control.append(properties)
    control.append(content)
    added[0].addprevious(control)
    content.extend(added)


def _attachments(document: WordDocument, context: dict) -> None:
    document.add_paragraph(_("Attachments"), style=CLOSING_HEADING)
    attachments = context["attachments"]
    if not attachments:
        document.add_paragraph(_("No attachments."))
        return
    table = _table(document, 0, 2, header=False)
    for number, attachment in enumerate(attachments, start=1):
        row = table.add_row().cells
        _cell(row[0], _("Attachment %(number)s") % {"number": number}, bold=True)
        name = f" ({attachment.original_name})" if attachment.original_name else ""
        _cell(row[1], f"{attachment.title}{name}")


def _signatures(document: WordDocument, context: dict) -> None:
    """One column per side: the party, then place and date, signature, name and title, each
    on its line (empty lines to sign on while nobody has)."""
    agreement, partnership = context["agreement"], context["partnership"]
    heading = document.add_paragraph(_("Signatures"), style=CLOSING_HEADING)
    heading.paragraph_format.page_break_before = True
    if partnership.office:
        intro = _(
            "The partnership agreement for %(office)s, version %(version)s, is entered into "
            "between the parties below."
        ) % {"office": partnership.office.name, "version": agreement.version}
    else:
        intro = _(
            "The central partnership agreement, version %(version)s, is entered into between "
            "the parties below."
        ) % {"version": agreement.version}
    if context["draft"]:
        intro += " " + _("The agreement is signed in two copies, one for each party.")
    document.add_paragraph(intro)

    rows = context["signatures"]
    table = _table(document, 1, len(rows), header=True)
    for column, row in enumerate(rows):
        head = _cell(table.cell(0, column), row["side_label"], bold=True)
        head.add_run().add_break()
        head.add_run(row["party"])
    fields = (
        (
            _("Place and date"),
            lambda row: ", ".join(
                part
                for part in (row["place"], row["signed_at"] and _date(row["signed_at"]))
                if part
            ),
        ),
        (
            _("Signature"),
            lambda row: (
                _("Signed %(date)s") % {"date": _date(row["signed_at"], "DATETIME_FORMAT")}
                if row["signed_at"]
                else ""
            ),
        ),
        (_("Name"), lambda row: row["name"]),
        (_("Title"), lambda row: row["title"]),
    )
    for label, value_of in fields:
        cells = table.add_row().cells
        for column, row in enumerate(rows):
            line = _cell(cells[column], value_of(row) or SIGNATURE_LINE)
            line.paragraph_format.space_before = Pt(12)
            caption = cells[column].add_paragraph()
            caption_run = caption.add_run(label)
            caption_run.font.size = Pt(8)

    info = _("Made from %(template)s (%(revision)s).") % {
        "template": agreement.template.title_shown,
        "revision": agreement.template.revision,
    }
    if context["draft"] and context["generated_at"]:
        info += " " + _("The text as it stood on %(date)s.") % {
            "date": _date(context["generated_at"], "DATETIME_FORMAT")
        }
    document.add_paragraph()
    document.add_paragraph(info)
    if context["sha256"]:
        checksum = document.add_paragraph(
            _("SHA-256 of the signed content (the text and the signatures)") + ":"
        )
        checksum.add_run().add_break()
        checksum.add_run(context["sha256"]).font.name = "Courier New"
