from celery import shared_task

from .services import agreements_activate_due, agreements_end_due


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90)
def activate_due_agreements() -> int:
    """Signed agreements whose start date has come go in force; those whose end date or
    notice period has run out end. Idempotent."""
    return agreements_activate_due() + agreements_end_due()
