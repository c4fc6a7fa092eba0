"""Reads of a user's notifications and preferences. Each user sees only their own: anyone
else's notification is 404, as if it did not exist."""

from django.db.models import QuerySet
from django.http import Http404

from ..models import Kind, Notification, Preferences


def preferences_for_user(user) -> Preferences | None:
    """The user's choices, or None while everything is on; one query."""
    return Preferences.objects.filter(user=user).first()


def notifications_for_user(user, preferences: Preferences | None) -> QuerySet[Notification]:
    """The user's notifications, newest first, without the kinds they chose not to see
    (those are made read, and only so that their e-mail goes out once)."""
    notifications = Notification.objects.filter(user=user)
    if preferences is not None and preferences.app_off:
        notifications = notifications.exclude(kind__in=preferences.app_off)
    return notifications.order_by("-created_at", "-pk")


def notification_get_for_user(user, pk) -> Notification:
    """The gate: the user's own notification, else 404."""
    notification = Notification.objects.filter(user=user, pk=pk).first()
    if notification is None:
        raise Http404
    return notification


def unread_count(user) -> int:
    """How many of the user's notifications are unread; one query. (A kind switched off is
    made read, so it is never counted.)"""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def preference_rows(preferences: Preferences | None) -> list[dict]:
    """One row per kind for the preferences form: its value, label, and whether it is on in
    navpartner and by e-mail. No queries."""
    app_off = set(preferences.app_off) if preferences else set()
    email_off = set(preferences.email_off) if preferences else set()
    return [
        {
            "value": kind.value,
            "label": kind.label,
            "in_app": kind.value not in app_off,
            "by_email": kind.value not in email_off,
        }
        for kind in Kind
    ]
