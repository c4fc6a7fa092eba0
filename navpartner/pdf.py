"""The one PDF renderer of the product: HTML from a Django template → WeasyPrint → PDF.

Nothing a user wrote can make WeasyPrint read a file or the network: the only URLs it can
load are the product's own static files, under a made-up origin that never leaves the process.
"""

import datetime as dt
import mimetypes
import threading
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC_ORIGIN = "https://static.navpartner.invalid/"

_fonts = threading.local()


def _font_config() -> FontConfiguration:
    """This thread's font configuration, made once: a new one per render reloads Fontconfig's
    configuration and starts Pango with no font loaded. Per thread, because Pango's font map is
    not thread-safe; the stylesheets have no @font-face, so nothing is added to it."""
    if not hasattr(_fonts, "config"):
        _fonts.config = FontConfiguration()
    return _fonts.config


class StaticOnlyFetcher(URLFetcher):
    """Serves the product's own static files and refuses every other URL (file://, http(s)://,
    data:, redirects)."""

    def __init__(self):
        super().__init__(allowed_protocols={"https"}, allow_redirects=False, timeout=1)

    def fetch(self, url, headers=None):
        if not url.startswith(STATIC_ORIGIN):
            raise ValueError(f"blocked: {url[:80]}")
        path = unquote(urlsplit(url).path).lstrip("/")
        if not path or ".." in path.split("/"):
            raise ValueError(f"blocked: {url[:80]}")
        found = finders.find(path)
        if not found:
            raise ValueError(f"no such static file: {path}")
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
    document = HTML(string=html, base_url=STATIC_ORIGIN, url_fetcher=StaticOnlyFetcher())
    options: dict = {"pdf_tags": tagged, "font_config": _font_config()}
    if pdf_variant:
        options["pdf_variant"] = pdf_variant
    if attachments:
        options["attachments"] = [_attachment(a) for a in attachments]
    return document.write_pdf(**options)


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
