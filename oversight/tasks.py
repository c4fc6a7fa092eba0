from celery import shared_task

# services.notifications imports this module back (to queue the e-mail task): module
# imports, looked up when a task runs, so either may be imported first.
from .services import notifications, summaries


@shared_task(acks_late=True, soft_time_limit=300, time_limit=360)
def send_reminders() -> int:
    """Daily (beat): send the reminders due today. Idempotent: a reminder already sent is
    not sent again, so a second run or a redelivery tells nobody twice. Returns how many
    users were told."""
    return notifications.reminders_send()


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def summaries_rebuild() -> int:
    """Nightly (beat): every partnership's overview summary computed again, which mends one
    whose refresh failed after its change (the services' hook logs and goes on). Returns how
    many."""
    return summaries.partnership_summaries_rebuild()


@shared_task(
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def email_notifications(*, notification_ids: list[int]) -> int:
    """Adapter: e-mail these notifications. Each is sent once (the service skips those
    already e-mailed), so a retry after a mail server error sends only the rest."""
    return notifications.notifications_email(notification_ids=notification_ids)
