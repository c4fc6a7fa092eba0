from celery import shared_task
from django.contrib.auth import get_user_model

from .services import password_reset_email_send


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_password_reset_email(*, user_id: int, domain: str, use_https: bool, language: str) -> bool:
    """Adapter: load the user and send. A user deactivated meanwhile gets nothing."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    password_reset_email_send(user=user, domain=domain, use_https=use_https, language=language)
    return True
