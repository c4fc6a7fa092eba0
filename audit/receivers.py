"""Adapters from the login signals (Django's and django-axes') to audit_event_record."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from .models import AuditEvent
from .services import audit_event_record


def record_login(sender, request, user, **kwargs) -> None:
    audit_event_record(kind=AuditEvent.Kind.LOGIN, request=request, user=user)


def record_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_event_record(kind=AuditEvent.Kind.LOGOUT, request=request, user=user)


def record_login_failed(sender, credentials, request=None, **kwargs) -> None:
    audit_event_record(
        kind=AuditEvent.Kind.LOGIN_FAILED,
        request=request,
        username=str(credentials.get("username") or ""),
    )


def record_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    audit_event_record(
        kind=AuditEvent.Kind.LOCKED_OUT, request=request, username=str(username or "")
    )


def connect() -> None:
    user_logged_in.connect(record_login, dispatch_uid="audit.record_login")
    user_logged_out.connect(record_logout, dispatch_uid="audit.record_logout")
    user_login_failed.connect(record_login_failed, dispatch_uid="audit.record_login_failed")
    user_locked_out.connect(record_locked_out, dispatch_uid="audit.record_locked_out")
