"""A rendered document's PDF made from what its request stored (``RenderedDocument``): the
HTML rendered by WeasyPrint with its page numbers filled in, the stored PDFs appended and
stamped (pypdf), the archival copy sealed when a seal is configured (pyHanko). Imported by
``services.document_render`` when it renders, so that a web process, a management command or
Celery beat that never renders does not import these libraries (1.5–2 s, measured with
``python -X importtime``)."""

import io
import re

from django.core.files.storage import default_storage
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import NameObject

from .models import RenderedDocument
from .pdf import render_pdf
from .sealing import seal_pdf, sealing_configured
from .services import PAGE_MARKERS


def assemble(document: RenderedDocument) -> tuple[bytes, int]:
    """The document's PDF and its number of pages."""
    appended = [_stored(name) for name in document.appendices]
    pdf = _render_numbered(
        document.html,
        appended=appended,
        pdf_variant=document.pdf_variant or None,
        attachments=[_embedded_file(entry) for entry in document.embedded],
    )
    if appended:
        pdf = _append_pdfs(
            pdf,
            appended,
            titles=document.appendix_titles,
            heading=document.appendix_heading,
            page_label=document.page_label,
        )
    if document.seal and sealing_configured():
        pdf = seal_pdf(pdf, reason=document.title)
    return pdf, _page_count(pdf)


def _embedded_file(entry: dict) -> dict:
    """One ``EmbeddedFile`` (as stored) with its bytes, as ``render_pdf`` embeds it."""
    return {**entry, "content": _stored(entry["name"])}


def _stored(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def _page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _render_numbered(html: str, *, appended: list[bytes], **options) -> bytes:
    """``render_pdf``, with the page markers (``PAGES_MARKER``, ``appendix_page_marker``)
    filled in. Where the appended files start depends on how many pages the HTML makes, so
    an HTML with markers is rendered twice: once with three-digit stand-ins to count its
    pages, then with the numbers (again only in the rare case that changed the count)."""
    if not PAGE_MARKERS.search(html):
        return render_pdf(html, **options)
    lengths = [_page_count(content) for content in appended]
    pdf = render_pdf(PAGE_MARKERS.sub("000", html), **options)
    for _attempt in range(3):
        rendered = _page_count(pdf)
        pdf = render_pdf(_fill_page_markers(html, rendered=rendered, lengths=lengths), **options)
        if _page_count(pdf) == rendered:
            break
    return pdf


def _fill_page_markers(html: str, *, rendered: int, lengths: list[int]) -> str:
    def number(match: re.Match) -> str:
        if match.group(1) is None:
            return str(rendered + sum(lengths))
        index = int(match.group(1))
        return str(rendered + 1 + sum(lengths[:index])) if index < len(lengths) else ""

    return PAGE_MARKERS.sub(number, html)


def _append_pdfs(
    pdf: bytes,
    appended: list[bytes],
    *,
    titles: list[str] | tuple[str, ...] = (),
    heading: str = "",
    page_label: str = "",
) -> bytes:
    """The rendered pages followed by each stored PDF (validated when it was uploaded). The
    rendered document is the base, so its catalog stays: structure tree, MarkInfo, XMP, Lang,
    ViewerPreferences, outline; and its PDF version (pypdf would write 1.3), which PDF/UA-1
    and PDF/A-3 require to be 1.7.

    ``titles``: a bookmark for each file at its first page (under ``heading`` when given),
    instead of the file's own bookmarks. ``page_label``: each appended page is stamped in
    its bottom margin with its number in the whole document (see ``_stamp``)."""
    rendered = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=rendered)
    writer.pdf_header = rendered.pdf_header
    starts = []
    for content in appended:
        starts.append(len(writer.pages))
        writer.append(io.BytesIO(content), import_outline=not titles)
    if titles and starts:
        parent = writer.add_outline_item(title=heading, page_number=starts[0]) if heading else None
        for title, start in zip(titles, starts, strict=False):
            writer.add_outline_item(title=title, page_number=start, parent=parent)
    if page_label and starts:
        _stamp(writer, first=starts[0], label=page_label)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _stamp(writer: PdfWriter, *, first: int, label: str) -> None:
    """Number the pages from ``first`` on ("Side 7 av 9": ``label`` with %(number)s and
    %(total)s) at the right of their bottom margin, where the rendered pages say it, as an
    artifact (not content, for a screen reader). The stamps are one small rendering, a page
    the size of each appended page; a rotated page is turned first, so that the stamp sits
    at the bottom as the page is read."""
    pages = writer.pages[first:]
    total = len(writer.pages)
    css, bodies = [], []
    for offset, page in enumerate(pages):
        page.transfer_rotation_to_content()
        text = label % {"number": first + offset + 1, "total": total}
        text = " ".join(text.split()).replace("\\", "\\5c ").replace('"', "\\22 ")
        css.append(
            f"@page p{offset} {{ size: {float(page.mediabox.width):.2f}pt "
            f'{float(page.mediabox.height):.2f}pt; @bottom-right {{ content: "{text}" }} }}'
        )
        bodies.append(f'<div style="page: p{offset}"></div>')
    stamps = PdfWriter(
        clone_from=io.BytesIO(
            render_pdf(
                '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
                "@page { margin: 0 22mm 16mm 0; @bottom-right { font-family: 'DejaVu Sans',"
                " sans-serif; font-size: 7.5pt; color: #4a4a4a; text-align: right;"
                " vertical-align: middle } } "
                + " ".join(css)
                + " div { height: 1px }</style></head><body>"
                + "".join(bodies)
                + "</body></html>",
                tagged=False,
            )
        )
    )
    for page, stamp in zip(pages, stamps.pages, strict=True):
        page.merge_transformed_page(
            _as_artifact(stamp),
            Transformation().translate(float(page.mediabox.left), float(page.mediabox.bottom)),
        )


def _as_artifact(page: PageObject) -> PageObject:
    content = page.get_contents()
    if content is not None:
        content.operations = [
            ([NameObject("/Artifact")], b"BMC"),
            *content.operations,
            ([], b"EMC"),
        ]
        page.replace_contents(content)
    return page
