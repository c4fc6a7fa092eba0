"""The one PDF renderer of the product: HTML from a Django template → WeasyPrint → PDF.

Nothing a user wrote can make WeasyPrint read a file or the network: the only URLs it can
load are the product's own static files, under a made-up origin that never leaves the process.
"""

import datetime as dt
import mimetypes
import threading
import zlib
from urllib.parse import unquote, urljoin, urlsplit

import pydyf
from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import collector
from .stack import in_one_stack_chunk

STATIC_ORIGIN = "https://static.navpartner.invalid/"

_fonts = threading.local()

# Parsed print stylesheets by (URL, content).
_stylesheets: dict[tuple[str, bytes], CSS] = {}


class _FlateLevel6:
    """pydyf's zlib, but its streams deflated at zlib's default level 6 instead of 9: the
    same PDF to read (Flate is lossless), about 1% larger, and the deflating of a render's
    content streams a third of the CPU (level 9 was 5–8% of a render)."""

    compress = staticmethod(zlib.compress)

    @staticmethod
    def compressobj(level: int = zlib.Z_DEFAULT_COMPRESSION, *args, **kwargs):
        return zlib.compressobj(min(level, 6), *args, **kwargs)


pydyf.zlib = _FlateLevel6  # type: ignore[attr-defined]


def _font_config() -> FontConfiguration:
    """This thread's font configuration, made once: a new one per render reloads Fontconfig's
    configuration and starts Pango with no font loaded. Per thread, because Pango's font map is
    not thread-safe; the stylesheets have no @font-face, so nothing is added to it."""
    if not hasattr(_fonts, "config"):
        _fonts.config = FontConfiguration()
    return _fonts.config


def _static_file(url: str) -> str:
    """The path of the static file a URL under STATIC_ORIGIN names; ValueError for any other
    URL."""
    if not url.startswith(STATIC_ORIGIN):
        raise ValueError(f"blocked: {url[:80]}")
    path = unquote(urlsplit(url).path).lstrip("/")
    if not path or ".." in path.split("/"):
        raise ValueError(f"blocked: {url[:80]}")
    found = finders.find(path)
    if not found:
        raise ValueError(f"no such static file: {path}")
    return found


class StaticOnlyFetcher(URLFetcher):
    """Serves the product's own static files and refuses every other URL (file://, http(s)://,
    data:, redirects)."""

    def __init__(self):
        super().__init__(allowed_protocols={"https"}, allow_redirects=False, timeout=1)

    def fetch(self, url, headers=None):
        found = _static_file(url)
        with open(found, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


def render_pdf(
    html: str, *, pdf_variant: str | None = None, tagged: bool = True, attachments=()
) -> bytes:
    """Render HTML to PDF bytes: "pdf/ua-1" for a paper to read, "pdf/a-3a" for an archival
    copy. Every PDF is tagged (structure tree from the HTML's headings, lists and tables,
    /Lang from <html lang>, the <title> shown as the window title), whatever the variant;
    `tagged=False` exists only for bench/pdf.py to measure what tagging costs.
    `attachments`: files to embed, each a dict of filename, content (bytes), description,
    relationship (PDF/A-3 /AFRelationship) and date (ISO 8601, the file's own)."""
    with collector.paused():
        return in_one_stack_chunk(
            _write_pdf, html, pdf_variant=pdf_variant, tagged=tagged, attachments=attachments
        )


def _write_pdf(html: str, *, pdf_variant: str | None, tagged: bool, attachments) -> bytes:
    """render_pdf's work, in a frame of its own: nothing of the render is still referenced when
    the collection after it runs."""
    fetcher = StaticOnlyFetcher()
    document = HTML(string=html, base_url=STATIC_ORIGIN, url_fetcher=fetcher)
    options: dict = {
        "pdf_tags": tagged,
        "font_config": _font_config(),
        "stylesheets": _take_stylesheets(document, fetcher),
    }
    if pdf_variant:
        options["pdf_variant"] = pdf_variant
    if attachments:
        options["attachments"] = [_attachment(a) for a in attachments]
    return document.write_pdf(**options)


def _take_stylesheets(document: HTML, fetcher: URLFetcher) -> list[CSS]:
    """The static stylesheets the document's <head> links, taken out of it and given back
    parsed: fetched as before, each render, but parsed once per process for each content
    (parsing print.css and a document's own sheet and compiling their selectors was 2–3% of
    a render).

    WeasyPrint cascades stylesheets given this way as the user's, below the document's own
    CSS: the same result for the print templates, whose one <style> (pdf/_page_footer.html)
    sets only the footer's content, which no stylesheet sets. Parsed without a font
    configuration, as they have no @font-face. A link to anything but a static file stays
    where it is (and the fetcher refuses it)."""
    head = document.etree_element.find("head")
    sheets = []
    for link in [] if head is None else head.findall("link"):
        if link.get("rel", "").split() != ["stylesheet"] or link.get("media"):
            continue
        url = urljoin(STATIC_ORIGIN, link.get("href", ""))
        try:
            _static_file(url)
        except ValueError:
            continue
        key = (url, fetcher.fetch(url).read())
        if key not in _stylesheets:
            _stylesheets[key] = CSS(string=key[1].decode(), base_url=url, url_fetcher=fetcher)
        sheets.append(_stylesheets[key])
        head.remove(link)
    return sheets


def _attachment(entry: dict) -> Attachment:
    date = dt.datetime.fromisoformat(entry["date"]) if entry.get("date") else None
    return Attachment(
        string=entry["content"],
        name=entry["filename"],
        description=entry.get("description") or None,
        relationship=entry.get("relationship") or "Unspecified",
        created=date,
        modified=date,
    )
