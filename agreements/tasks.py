from celery import shared_task

from .services import agreements_activate_due


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def activate_due_agreements() -> int:
    """Daily: signed agreements whose start date has come go in force. Idempotent."""
    return agreements_activate_due()
