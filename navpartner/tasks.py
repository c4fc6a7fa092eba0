import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.auth import get_user_model
from django.utils.translation import gettext

# The module, not its functions: services queues these tasks, so each imports the other.
from . import file_check, services

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_password_reset_email(*, user_id: int, language: str, **queued_before) -> bool:
    """Adapter: load the user and send. A user deactivated meanwhile gets nothing.
    ``queued_before``: the request's domain and scheme, which tasks queued by an older
    release still carry; the link is made from the product's own address instead."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    services.password_reset_email_send(user=user, language=language)
    return True


#: A render takes about a second (the 15-page agreement 1.2 s on a warm worker): limits far above
#: that, and short, because a render whose worker died is sent again only once no worker can
#: still be running it, the hard limit after its start (``services.document_render_stale_after``).
#: Celery enforces them in the prefork pool, which ``celery worker`` runs unless told otherwise.
RENDER_SOFT_TIME_LIMIT = 25
RENDER_TIME_LIMIT = 30


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=RENDER_SOFT_TIME_LIMIT,
    time_limit=RENDER_TIME_LIMIT,
    acks_late=True,
)
def render_document(self, *, document_id: int) -> str:
    """Adapter: render one queued document. Transient I/O errors are retried with backoff;
    anything else marks the document failed with a reason the user sees. A retry, or this
    message given back after its worker died (acks_late, reject_on_worker_lost), takes over
    the render it started; any other message for a document being made does nothing."""
    takeover = self.request.retries > 0 or bool(
        (self.request.delivery_info or {}).get("redelivered")
    )
    try:
        document = services.document_render(document_id=document_id, takeover=takeover)
    except SoftTimeLimitExceeded:
        services.document_fail(
            document_id=document_id, reason=gettext("It took too long to make the PDF.")
        )
        raise
    except OSError:
        if self.request.retries >= self.max_retries:
            services.document_fail(
                document_id=document_id,
                reason=gettext("The PDF could not be stored. Try again later."),
            )
        raise
    except Exception:
        logger.exception("rendering document %s failed", document_id)
        services.document_fail(
            document_id=document_id,
            reason=gettext(
                "A technical error stopped the PDF. Try again; if it "
                "happens again, tell the administrator."
            ),
        )
        raise
    return document.status


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def documents_requeue() -> int:
    """Beat, every 10 s: send again the documents lost on their way to a worker (the broker
    was down at the request; the worker died while rendering). Idempotent."""
    return services.documents_requeue()


@shared_task(acks_late=True, soft_time_limit=3 * 3600 - 60, time_limit=3 * 3600)
def files_verify() -> int:
    """Beat, weekly: every stored file the database names is there and unchanged (a fixity
    check, as `manage.py files_verify`); each missing or changed one is logged as an error,
    for monitoring to raise. Returns how many. Reads, never writes."""
    report = file_check.files_check()
    for line in report.finding_lines():
        logger.error("stored file %s", line)
    logger.info("files verified: %s", report.summary())
    return len(report.findings)
