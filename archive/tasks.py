from celery import shared_task

# The module, not its functions: services queues this task, so each imports the other.
from . import services
from .models import FiledDocument


@shared_task(bind=True, max_retries=5, soft_time_limit=60, time_limit=90, acks_late=True)
def send_filing(self, *, record_id: int) -> str:
    """Adapter: send one kept package. A network error or the archive's 5xx is retried with
    backoff (30 s, 1, 2, 4, 8 min) by a worker; when the retries are spent, or when tasks run
    in-process (no broker: nothing would retry), the record is marked failed with the reason
    and the task ends, so the request that queued it never fails."""
    try:
        record = services.filing_transmit(record_id=record_id)
    except OSError as error:
        if not self.request.is_eager and self.request.retries < self.max_retries:
            raise self.retry(exc=error, countdown=30 * 2**self.request.retries) from error
        record = services.filing_fail(
            record_id=record_id,
            error=FiledDocument.Error.UNREACHABLE,
            detail=type(error).__name__,
        )
    return record.status
