import hashlib
import json
import logging
import re
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from kombu.exceptions import OperationalError as BrokerUnavailable

from . import tasks
from .links import site_url
from .mail import automatic_email
from .models import RenderedDocument, document_upload_to

logger = logging.getLogger(__name__)


def password_reset_email_send(*, user, language: str) -> None:
    """Send the user a one-time link to choose a new password, at the product's one address
    (``site_url``), not at whatever Host the request that asked for it carried."""
    link = site_url(
        reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    )
    context = {"user": user, "link": link}
    with translation.override(language):
        subject = loader.render_to_string("registration/password_reset_subject.txt", context)
        text = loader.render_to_string("registration/password_reset_email.txt", context)
        html = loader.render_to_string("registration/password_reset_email.html", context)
    automatic_email(subject=subject, text=text, html=html, to=[user.email]).send()


# A document's ``requested_at`` is when it was last handed on: requested (or sent again) while
# queued, taken up by a worker while rendering. How long each may last before it counts as lost
# and is sent again, by ``documents_requeue`` (beat, every 10 s) or a new click:
#: queued but never taken up: its message was not sent (the broker was down at the request)
#: or was lost with the broker; a duplicate message of a document made costs one query.
QUEUED_RESEND_AFTER = timedelta(seconds=60)
#: A render lasts at most the task's hard time limit (then Celery ends it), however many
#: workers there are; what has been "rendering" longer lost its worker (killed, its machine
#: gone), and no live worker can still be making it. The margin covers the hosts' clocks
#: (kept by NTP) and the moment between the task's start and the document's take-up. A render
#: lost with its worker is so made again at most limit + margin + 10 s (beat) + the render
#: itself after it started, about 46 s (``tests/integration/test_worker_killed.py``).
RENDER_MARGIN = timedelta(seconds=5)


def document_render_stale_after() -> timedelta:
    """How long after its start a render surely no longer runs: the render task's hard time
    limit (its own, else CELERY_TASK_TIME_LIMIT) and a margin."""
    limit = tasks.render_document.time_limit or settings.CELERY_TASK_TIME_LIMIT
    return timedelta(seconds=limit) + RENDER_MARGIN


def _lost_before() -> dict[str, datetime]:
    """Per status, the ``requested_at`` before which a document in it is lost (see above)."""
    now = timezone.now()
    return {
        RenderedDocument.Status.QUEUED: now - QUEUED_RESEND_AFTER,
        RenderedDocument.Status.RENDERING: now - document_render_stale_after(),
    }


def _is_lost(document: RenderedDocument) -> bool:
    before = _lost_before().get(document.status)
    return before is not None and document.requested_at < before


def _send(document_id: int) -> None:
    """Queue the render; a broker that is down leaves the document queued (the user's request
    goes on) for ``documents_requeue`` to send again. Nobody waits for the task's result (the
    document holds it), so a result backend that is down too is not waited for either."""
    try:
        tasks.render_document.apply_async(kwargs={"document_id": document_id}, ignore_result=True)
    except (BrokerUnavailable, OSError):
        logger.warning(
            "document %s stays queued: the broker did not take it; documents_requeue sends it"
            " again",
            document_id,
            exc_info=True,
        )


#: Where a document's HTML says how many pages the whole document has, appended files
#: included (e.g. in "Side X av Y"); the renderer puts the number in (``document_render``).
PAGES_MARKER = "__navpartner_pages__"
PAGE_MARKERS = re.compile(r"__navpartner_(?:pages|appendix_(\d+))__")


def appendix_page_marker(index: int) -> str:
    """Where the HTML says on which page of the whole document appended file ``index``
    (from 0) starts; the renderer puts the number in."""
    return f"__navpartner_appendix_{index}__"


@transaction.atomic
def document_request(
    *,
    owner,
    kind: str,
    title: str,
    html: str,
    user,
    pdf_variant: str = "",
    appendices: list[str] | tuple[str, ...] = (),
    seal: bool = False,
    embedded: list[dict] | tuple[dict, ...] = (),
    appendix_titles: list[str] | tuple[str, ...] = (),
    appendix_heading: str = "",
    page_label: str = "",
) -> RenderedDocument:
    """The PDF of exactly this HTML (and these embedded files, see
    ``navpartner.documents.EmbeddedFile``; these appended files with their bookmarks and
    page numbers, see ``navpartner.documents.Printable``): the one already made (or being
    made), else a new one queued for the worker. A failed or long-stuck document is queued
    again."""
    content_type = ContentType.objects.get_for_model(owner)
    key = f"{content_type.pk}:{owner.pk}:{kind}:{pdf_variant}:{seal}:{'|'.join(appendices)}\n{html}"
    if embedded:
        key += "\n" + json.dumps(list(embedded), sort_keys=True)
    if appendix_titles or appendix_heading or page_label:
        key += "\n" + json.dumps([list(appendix_titles), appendix_heading, page_label])
    content_hash = hashlib.sha256(key.encode()).hexdigest()
    document, created = RenderedDocument.objects.select_for_update().get_or_create(
        content_hash=content_hash,
        defaults={
            "content_type": content_type,
            "object_id": owner.pk,
            "kind": kind,
            "title": title,
            "html": html,
            "pdf_variant": pdf_variant,
            "appendices": list(appendices),
            "seal": seal,
            "embedded": list(embedded),
            "appendix_titles": list(appendix_titles),
            "appendix_heading": appendix_heading,
            "page_label": page_label,
            "requested_by": user,
        },
    )
    if not created and (document.status == RenderedDocument.Status.FAILED or _is_lost(document)):
        document.status, document.error = RenderedDocument.Status.QUEUED, ""
        document.requested_at, document.requested_by = timezone.now(), user
        document.save(update_fields=["status", "error", "requested_at", "requested_by"])
    if created or document.status == RenderedDocument.Status.QUEUED:
        transaction.on_commit(lambda: _send(document.pk), robust=True)
    return document


@transaction.atomic
def documents_requeue() -> int:
    """Send again every document lost on its way (see ``QUEUED_RESEND_AFTER``,
    ``document_render_stale_after``): queued again, so that the status page says it waits.
    Celery beat runs this every 10 s. Returns how many were sent."""
    lost = list(
        RenderedDocument.objects.filter(
            reduce(or_, (Q(status=s, requested_at__lt=t) for s, t in _lost_before().items()))
        )
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)
    )
    RenderedDocument.objects.filter(pk__in=lost).update(
        status=RenderedDocument.Status.QUEUED, requested_at=timezone.now()
    )
    for document_id in lost:
        logger.warning("document %s was lost on its way to a worker: sent again", document_id)

    def send_again() -> None:
        for document_id in lost:
            _send(document_id)

    if lost:
        transaction.on_commit(send_again, robust=True)
    return len(lost)


def document_render(*, document_id: int, takeover: bool = False) -> RenderedDocument:
    """Render a queued document, once: a document made, failed, or being made by another
    worker is left as it is (a second message for it does nothing), unless that render is
    lost (``document_render_stale_after``) or ``takeover`` says this message is the one
    whose render stopped (redelivered after its worker died; a retry). Safe after a worker
    died half-way: the file is written under its content hash and the document is marked
    ready only when it is complete, so nobody ever gets a half-written or second copy."""
    with transaction.atomic():
        document = RenderedDocument.objects.select_for_update().get(pk=document_id)
        rendering = document.status == RenderedDocument.Status.RENDERING
        if not (
            document.status == RenderedDocument.Status.QUEUED
            or (rendering and (takeover or _is_lost(document)))
        ):
            logger.info("document %s is %s: not rendered again", document_id, document.status)
            return document
        document.status = RenderedDocument.Status.RENDERING
        document.requested_at = timezone.now()  # taken up: lost after the time limit
        document.save(update_fields=["status", "requested_at"])
    logger.info("rendering document %s", document_id)
    # WeasyPrint, pypdf and pyHanko (1.5–2 s to import) only in the process that renders.
    from .assembly import assemble

    pdf, pages = assemble(document)
    with transaction.atomic():
        document = RenderedDocument.objects.select_for_update().get(pk=document_id)
        if document.status == RenderedDocument.Status.READY:
            return document
        name = document_upload_to(document, "")
        storage = document.file.storage
        if storage.exists(name):
            storage.delete(name)  # left by an attempt that died before it was marked ready
        document.file.save(name, ContentFile(pdf), save=False)
        document.sha256 = hashlib.sha256(pdf).hexdigest()
        document.pages, document.size = pages, len(pdf)
        document.status, document.error = RenderedDocument.Status.READY, ""
        document.finished_at = timezone.now()
        document.save(
            update_fields=["file", "sha256", "pages", "size", "status", "error", "finished_at"]
        )
    logger.info("document %s made", document_id)
    return document


def document_fail(*, document_id: int, reason: str) -> None:
    RenderedDocument.objects.filter(pk=document_id).exclude(
        status=RenderedDocument.Status.READY
    ).update(status=RenderedDocument.Status.FAILED, error=reason[:300], finished_at=timezone.now())
