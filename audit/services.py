import datetime as dt
from ipaddress import ip_address

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .clients import client_ip
from .models import AuditEvent


def _valid_ip(value: str) -> str | None:
    try:
        return str(ip_address(value))
    except ValueError:
        return None


@transaction.atomic
def audit_event_record(
    *,
    kind: str,
    request: HttpRequest | None,
    user: User | AnonymousUser | None = None,
    username: str = "",
) -> AuditEvent:
    """One INSERT. The caller is never inside the view's transaction (ATOMIC_REQUESTS is
    off), so a refused request's record stays even though the view failed."""
    if user is not None and not user.is_authenticated:
        user = None
    if user is not None and not username:
        username = user.get_username()
    event = AuditEvent(
        kind=kind,
        user=user,
        username=(username or "")[:150],
        ip=_valid_ip(client_ip(request)) if request is not None else None,
        method=request.method[:10] if request is not None and request.method else "",
        path=request.path[:500] if request is not None else "",
    )
    # The user comes from the session or the login, not from input: validating the foreign
    # key would cost a query per record.
    event.full_clean(exclude=["user"])
    event.save()
    return event


@transaction.atomic
def audit_event_purge_expired() -> int:
    """Delete the events older than NAVPARTNER_AUDIT_RETENTION_DAYS; returns how many."""
    before = timezone.now() - dt.timedelta(days=settings.NAVPARTNER_AUDIT_RETENTION_DAYS)
    deleted, _ = AuditEvent.objects.filter(at__lt=before).delete()
    return deleted
