import hashlib
import io
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import loader
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from pypdf import PdfReader, PdfWriter

from . import tasks
from .models import RenderedDocument, document_upload_to
from .pdf import render_pdf
from .sealing import seal_pdf, sealing_configured


def password_reset_email_send(*, user, domain: str, use_https: bool, language: str) -> None:
    """Send the user a one-time link to choose a new password."""
    context = {
        "user": user,
        "domain": domain,
        "protocol": "https" if use_https else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    with translation.override(language):
        subject = loader.render_to_string("registration/password_reset_subject.txt", context)
        body = loader.render_to_string("registration/password_reset_email.txt", context)
    message = EmailMultiAlternatives(
        "".join(subject.splitlines()), body, settings.DEFAULT_FROM_EMAIL, [user.email]
    )
    message.send()


STALE_AFTER = timedelta(minutes=10)


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
) -> RenderedDocument:
    """The PDF of exactly this HTML: the one already made (or being made), else a new one
    queued for the worker. A failed or long-stuck document is queued again."""
    content_type = ContentType.objects.get_for_model(owner)
    key = f"{content_type.pk}:{owner.pk}:{kind}:{pdf_variant}:{seal}:{'|'.join(appendices)}\n{html}"
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
            "requested_by": user,
        },
    )
    stuck = (
        document.status in (RenderedDocument.Status.QUEUED, RenderedDocument.Status.RENDERING)
        and document.requested_at < timezone.now() - STALE_AFTER
    )
    if not created and (document.status == RenderedDocument.Status.FAILED or stuck):
        document.status, document.error = RenderedDocument.Status.QUEUED, ""
        document.requested_at, document.requested_by = timezone.now(), user
        document.save(update_fields=["status", "error", "requested_at", "requested_by"])
    if created or document.status == RenderedDocument.Status.QUEUED:
        transaction.on_commit(
            lambda: tasks.render_document.delay(document_id=document.pk), robust=True
        )
    return document


def document_render(*, document_id: int) -> RenderedDocument:
    """Render a queued document. Safe to run twice or after a worker died half-way: the file
    is written under its content hash and the document is marked ready only when it is
    complete, so nobody ever gets a half-written or second copy."""
    with transaction.atomic():
        document = RenderedDocument.objects.select_for_update().get(pk=document_id)
        if document.status == RenderedDocument.Status.READY:
            return document
        document.status = RenderedDocument.Status.RENDERING
        document.save(update_fields=["status"])
    pdf = render_pdf(document.html, pdf_variant=document.pdf_variant or None)
    if document.appendices:
        pdf = _append_pdfs(pdf, document.appendices)
    if document.seal and sealing_configured():
        pdf = seal_pdf(pdf, reason=document.title)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
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
    return document


def _append_pdfs(pdf: bytes, names: list[str]) -> bytes:
    """The rendered pages followed by each stored PDF (validated when it was uploaded)."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    for name in names:
        with default_storage.open(name, "rb") as handle:
            writer.append(io.BytesIO(handle.read()))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def document_fail(*, document_id: int, reason: str) -> None:
    RenderedDocument.objects.filter(pk=document_id).exclude(
        status=RenderedDocument.Status.READY
    ).update(status=RenderedDocument.Status.FAILED, error=reason[:300], finished_at=timezone.now())
