"""Every download's file name: the real one, with æøå, and a plain-ASCII one beside it."""

import logging
import unicodedata
from urllib.parse import quote

from django.http import FileResponse, Http404
from django.utils.text import slugify

logger = logging.getLogger(__name__)

# Norwegian letters spelt out, which would otherwise be dropped ("Bærum" -> "Brum").
NORWEGIAN = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def file_name(words: str, fallback: str) -> str:
    """A file name made from `words`, æøå kept: "Møteinnkalling NAV Grorud" ->
    "møteinnkalling-nav-grorud"."""
    return slugify(words, allow_unicode=True) or fallback


def ascii_file_name(name: str) -> str:
    """`name` for clients that read only the plain `filename`: æøå spelt out, other
    accents dropped, nothing that could end the quoted string."""
    decomposed = unicodedata.normalize("NFKD", name.translate(NORWEGIAN))
    plain = decomposed.encode("ascii", "ignore").decode("ascii")
    return plain.replace("\\", "").replace('"', "")


def content_disposition(name: str, *, disposition: str = "attachment") -> str:
    """The Content-Disposition header of RFC 6266: `filename` in ASCII for every client and,
    when the name has more than ASCII, `filename*` with the real name in UTF-8."""
    plain = ascii_file_name(name)
    header = f'{disposition}; filename="{plain}"'
    if plain != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


def pdf_download(field_file, title: str, fallback: str) -> FileResponse:
    """A stored PDF as a download, under a file name made from its title (never the uploaded
    name), never sniffed as anything else. Callers pass the access gate first.

    A record whose file is missing from the storage (lost, or its write after the commit
    failed) is a 404 with a warning in the log, not a server error."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        logger.warning("stored file missing: %s", field_file.name)
        raise Http404 from None
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(f"{file_name(title, fallback)}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response
