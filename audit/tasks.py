from celery import shared_task

from .services import audit_event_purge_expired


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def audit_purge() -> int:
    """Daily (beat): delete the audit events older than NAVPARTNER_AUDIT_RETENTION_DAYS.
    Idempotent. Returns how many were deleted."""
    return audit_event_purge_expired()
