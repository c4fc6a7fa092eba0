"""Uploaded PDFs: checked by their content, never by their name or the browser's word, cleaned
of active content, and stored under the hash of their bytes.

Active content is what a PDF viewer may run or open on its own: JavaScript, actions on opening
a document or page, launch/submit/import actions, embedded files and multimedia. None belongs
in a signed paper copy or a meeting paper, and every reader of the archive would get it; so it
is removed before the file is stored (with pikepdf, i.e. qpdf: it rewrites the file keeping
every page, and writes only objects still referenced, so a removed file is gone from the
bytes, not just unlinked). A PDF without active content is stored byte for byte as uploaded."""

import hashlib
import io
import logging

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .models import UploadedPdf

logger = logging.getLogger(__name__)


def read_pdf_upload(upload) -> bytes:
    """The upload's bytes if it is a readable, unencrypted PDF within the size limit."""
    limit = settings.NAVPARTNER_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    # pypdf (half a second to import) when a PDF is uploaded, not with the forms and views.
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    content = b"".join(upload.chunks())
    if not content.lstrip()[:5] == b"%PDF-":
        raise ValidationError(_("The file is not a PDF. Save or scan the document as PDF."))
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is password protected. Upload a copy without a password.")
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        logger.info("unreadable PDF upload: %s", error)
        raise ValidationError(_("The PDF is damaged and cannot be read.")) from error
    if pages == 0:
        raise ValidationError(_("The PDF has no pages."))
    try:
        return pdf_active_content_strip(content)
    except pikepdf.PdfError as error:
        logger.info("PDF upload qpdf cannot rewrite: %s", error)
        raise ValidationError(_("The PDF is damaged and cannot be read.")) from error


# Actions that run code, start programs, send data or fetch other files.
ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/ResetForm",
        "/GoToR",
        "/GoToE",
        "/Rendition",
        "/Movie",
        "/Sound",
        "/RichMediaExecute",
    }
)
# Annotations that carry files or media.
ACTIVE_ANNOTATIONS = frozenset(
    {"/FileAttachment", "/Movie", "/Sound", "/Screen", "/RichMedia", "/3D"}
)


def _actions_neutralize(obj) -> int:
    """Empty every active action in ``obj`` and the direct objects inside it (indirect ones
    are visited on their own); drop additional actions and associated files."""
    removed = 0
    if isinstance(obj, pikepdf.Dictionary):
        for key in ("/AA", "/AF"):
            if key in obj:
                del obj[key]
                removed += 1
        if str(obj.get("/S", "")) in ACTIVE_ACTIONS or "/JS" in obj:
            for key in list(obj.keys()):
                del obj[key]
            return removed + 1
        children = [value for _key, value in obj.items()]
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return 0
    for child in children:
        if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect:
            removed += _actions_neutralize(child)
    return removed


def pdf_active_content_strip(content: bytes) -> bytes:
    """``content`` without active content; the same bytes when it has none."""
    removed = 0
    with pikepdf.open(io.BytesIO(content)) as pdf:
        root = pdf.Root
        for owner, keys in (
            (root, ("/OpenAction", "/AA", "/AF")),
            (root.get("/Names"), ("/JavaScript", "/EmbeddedFiles")),
            (root.get("/AcroForm"), ("/XFA",)),
        ):
            for key in keys:
                if owner is not None and key in owner:
                    del owner[key]
                    removed += 1
        for page in pdf.pages:
            annotations = page.obj.get("/Annots")
            if annotations is None:
                continue
            kept = [a for a in annotations if str(a.get("/Subtype", "")) not in ACTIVE_ANNOTATIONS]
            if len(kept) != len(annotations):
                page.obj.Annots = pikepdf.Array(kept)
                removed += len(annotations) - len(kept)
        # Whatever is left anywhere (page /AA, field and link actions, outline items, chains
        # of /Next actions): every action of an active kind loses what it would do.
        for obj in pdf.objects:
            removed += _actions_neutralize(obj)
        if not removed:
            return content
        out = io.BytesIO()
        pdf.save(out)
    logger.info("removed %s pieces of active content from an uploaded PDF", removed)
    return out.getvalue()


def pdf_upload_store(record: UploadedPdf, upload) -> None:
    """Check ``upload`` and put it on the unsaved ``record``: the file's name (by its SHA-256),
    its size and its hash. The caller validates and saves the record; the bytes reach the
    storage only when that transaction commits (``file_store_on_commit``)."""
    content = read_pdf_upload(upload)
    record.size = len(content)
    record.sha256 = hashlib.sha256(content).hexdigest()
    file_store_on_commit(record.file, f"{record.sha256}.pdf", content)


def file_store_on_commit(field_file, filename: str, content: bytes) -> None:
    """Name ``field_file`` now and write ``content`` to its storage once the current
    transaction commits: a record refused by validation, or rolled back, leaves no file.

    Names are content-addressed (the hash is in them), so a name already in the storage
    holds these very bytes and is left alone; two records may share one file."""
    name = field_file.field.generate_filename(field_file.instance, filename)
    field_file.name = name
    storage = field_file.storage

    def write():
        if storage.exists(name):
            return
        saved = storage.save(name, ContentFile(content))
        if saved != name:  # another process wrote the same bytes in between
            storage.delete(saved)

    transaction.on_commit(write)


def file_release_on_commit(field_file, still_used) -> None:
    """Delete ``field_file`` from its storage once the current transaction commits, unless
    ``still_used()`` (asked then) says another record shares the content-addressed file."""
    storage, name = field_file.storage, field_file.name
    if not name:
        return

    def release():
        if not still_used():
            storage.delete(name)

    transaction.on_commit(release)
