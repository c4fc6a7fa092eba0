"""The product's own address, for links that leave it: e-mails and the calendar feed.

A job (the daily reminders, a Celery task) has no request to ask where navpartner answers,
and a request's Host may be an internal name behind the proxy; so every such link is made
here, from the one setting ``NAVPARTNER_BASE_URL`` that the settings compute (``make run``
sets it from ``RUN_ADDR``; production refuses to start without it or a trusted origin).
"""

from django.conf import settings


def site_url(path: str = "") -> str:
    """`path` (a path in navpartner, "/avtaler/1/") as an absolute URL; the base URL itself,
    without a trailing slash, when `path` is empty."""
    return settings.NAVPARTNER_BASE_URL.rstrip("/") + path
