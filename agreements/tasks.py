import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from .models import DocxImport
from .services import agreements_activate_due, agreements_end_due, docx_imports

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def activate_due_agreements() -> int:
    """Signed agreements whose start date has come go in force; those whose end date or
    notice period has run out end. Idempotent."""
    return agreements_activate_due() + agreements_end_due()


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def read_docx_import(*, docx_import_id: int) -> str:
    """Adapter: read an uploaded Word file (``docx_import_read``; a second message, or one for
    an import discarded meanwhile, does nothing). A file that takes too long, or that the
    reader trips on, fails the import with a reason the user sees."""
    docx_import = DocxImport.objects.filter(pk=docx_import_id).first()
    if docx_import is None:
        return ""
    try:
        return docx_imports.docx_import_read(docx_import=docx_import).status
    except SoftTimeLimitExceeded:
        docx_imports.docx_import_fail(docx_import_id=docx_import_id, code="timeout")
        raise
    except Exception:
        logger.exception("reading Word import %s failed", docx_import_id)
        docx_imports.docx_import_fail(docx_import_id=docx_import_id, code=DocxImport.UNREADABLE)
        raise
