"""The Word import's journey: an editor uploads a .docx (``docx_import_start``), a task reads it
(``docx_import_read``), the editor checks and confirms the proposed mapping of its parts to
veileder points (``docx_import_confirm``) or drops it (``docx_import_discard``). Reading and
mapping are ``docx_import``'s, creating the agreement ``agreement_import_docx``'s; these only
keep the record between the steps."""

import hashlib
import logging
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerUnavailable

from navpartner.uploads import file_release_on_commit, file_store_on_commit
from partnerships.models import Partnership
from partnerships.selectors import partnership_access

# The module, not its functions: the task calls these services, so each imports the other.
from .. import tasks
from ..docx_import import ImportedDocument, docx_check, docx_read, import_mapping_propose
from ..models import Agreement, DocxImport
from ..selectors.docx_imports import docx_import_document, docx_import_target
from .agreements import _require_no_open_agreement
from .imports import agreement_import_docx

logger = logging.getLogger(__name__)

Status = DocxImport.Status
WORKING = (Status.QUEUED, Status.READING)
#: How often, at most, reading writes its progress to the record the progress page polls.
PROGRESS_EVERY_SECONDS = 0.5


def _require_editor(user, partnership: Partnership) -> None:
    if not partnership_access(user, partnership).can_edit:
        raise PermissionDenied


@transaction.atomic
def docx_import_start(*, partnership: Partnership, user, upload) -> DocxImport:
    """Check the upload (``docx_check``: a refused file saves nothing), keep it and queue its
    reading once the transaction commits. Refused while another agreement is being prepared
    (confirming could not create one) or no template is loaded."""
    _require_editor(user, partnership)
    _require_no_open_agreement(partnership)
    if docx_import_target(partnership).template is None:
        raise ValidationError(_("No veileder template is loaded."), code="no_template")
    docx_check(upload)
    content = b"".join(upload.chunks())
    docx_import = DocxImport(
        partnership=partnership,
        user=user,
        original_name=(upload.name or "")[:255],
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    file_store_on_commit(docx_import.file, f"{docx_import.sha256}.docx", content)
    docx_import.full_clean()
    docx_import.save()
    # Registered after the file's write, so the file is stored when the task reads it.
    transaction.on_commit(lambda: _send(docx_import.pk), robust=True)
    return docx_import


def _send(docx_import_id: int) -> None:
    """Queue the reading; a broker that is down fails the import (the user is told to try
    again) rather than leave it waiting for ever."""
    try:
        tasks.read_docx_import.apply_async(
            kwargs={"docx_import_id": docx_import_id}, ignore_result=True
        )
    except (BrokerUnavailable, OSError):
        logger.warning("Word import %s could not be queued", docx_import_id, exc_info=True)
        docx_import_fail(docx_import_id=docx_import_id, code="unavailable")


def docx_import_read(*, docx_import: DocxImport) -> DocxImport:
    """The task's body, in steps of their own so that the progress page sees each: claim the
    import (an import already read, failed, done or discarded is left alone, so a second
    message does nothing); read the file, writing the progress to the record at most every
    ``PROGRESS_EVERY_SECONDS``; store what was found and the proposed mapping (ready), or the
    code of the ValidationError that refused the file (failed). Any other error propagates
    to the task, which fails the import."""
    with transaction.atomic():
        claimed = (
            DocxImport.objects.select_for_update()
            .filter(pk=docx_import.pk, status__in=WORKING)
            .first()
        )
        if claimed is None:
            return docx_import
        claimed.status = Status.READING
        claimed.progress_done = claimed.progress_total = 0
        claimed.save(update_fields=["status", "progress_done", "progress_total"])
    try:
        with claimed.file.open("rb") as file:
            document = docx_read(file, progress=_progress_writer(claimed.pk))
    except ValidationError as error:
        docx_import_fail(docx_import_id=claimed.pk, code=error.code or DocxImport.UNREADABLE)
        claimed.refresh_from_db()
        return claimed
    template = docx_import_target(claimed.partnership).template
    mapping = import_mapping_propose(document, template)
    return _ready(claimed, document, mapping)


@transaction.atomic
def _ready(docx_import: DocxImport, document: ImportedDocument, mapping: dict) -> DocxImport:
    locked = (
        DocxImport.objects.select_for_update()
        .filter(pk=docx_import.pk, status=Status.READING)
        .first()
    )
    if locked is None:  # discarded, or failed by a time limit, meanwhile
        return docx_import
    locked.document = document.to_json()
    locked.mapping = {key: mapping.get(key) for key in (p.key for p in document.parts)}
    locked.status = Status.READY
    locked.progress_done = locked.progress_total = max(locked.progress_total, 1)
    locked.full_clean()
    locked.save(update_fields=["document", "mapping", "status", "progress_done", "progress_total"])
    return locked


def _progress_writer(docx_import_id: int):
    last_written = -PROGRESS_EVERY_SECONDS

    def write(done: int, total: int) -> None:
        nonlocal last_written
        now = time.monotonic()
        if now - last_written < PROGRESS_EVERY_SECONDS and done < total:
            return
        last_written = now
        DocxImport.objects.filter(pk=docx_import_id, status=Status.READING).update(
            progress_done=done, progress_total=total
        )

    return write


def docx_import_fail(*, docx_import_id: int, code: str) -> None:
    """Mark an import still waiting or being read as failed, with the (untranslated) code of
    the reason; an import already read, done or discarded is left alone."""
    DocxImport.objects.filter(pk=docx_import_id, status__in=WORKING).update(
        status=Status.FAILED, error_code=code
    )


@transaction.atomic
def docx_import_confirm(
    *, docx_import: DocxImport, user, mapping: dict[str, int | None]
) -> Agreement:
    """Create the agreement (a new draft, or a revision of the one in force) from the file as
    mapped by the editor: part key -> a point of the template, or None (an own point keeping
    its title); every part named, no point twice (agreement_import_docx checks)."""
    locked = (
        DocxImport.objects.select_for_update(of=("self",))
        .select_related("partnership")
        .get(pk=docx_import.pk)
    )
    _require_editor(user, locked.partnership)
    if locked.status != Status.READY:
        raise ValidationError(_("This import has already been confirmed."), code="not_ready")
    document = docx_import_document(locked)
    agreement = agreement_import_docx(
        partnership=locked.partnership, user=user, document=document, mapping=mapping
    )
    locked.mapping = dict(mapping)
    locked.status = Status.DONE
    locked.agreement = agreement
    locked.full_clean()
    locked.save(update_fields=["mapping", "status", "agreement"])
    return agreement


@transaction.atomic
def docx_import_discard(*, docx_import: DocxImport, user) -> None:
    """Drop the import and its file (an agreement it created stays)."""
    _require_editor(user, docx_import.partnership)
    DocxImport.objects.filter(pk=docx_import.pk).delete()
    name = docx_import.file.name
    file_release_on_commit(docx_import.file, lambda: DocxImport.objects.filter(file=name).exists())
