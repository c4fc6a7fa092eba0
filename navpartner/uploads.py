"""Uploaded PDFs: checked by their content, never by their name or the browser's word, and
stored under the hash of their bytes."""

import hashlib
import io
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PdfReadError

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
    return content


def pdf_upload_store(record: UploadedPdf, upload) -> None:
    """Check ``upload`` and put it on the unsaved ``record``: the file, named by its SHA-256,
    its size and its hash. The caller validates and saves the record."""
    content = read_pdf_upload(upload)
    record.size = len(content)
    record.sha256 = hashlib.sha256(content).hexdigest()
    record.file.save(f"{record.sha256}.pdf", ContentFile(content), save=False)
