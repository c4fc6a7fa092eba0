"""Links: the product's own address, for links that leave it (e-mails and the calendar
feed), and paths reversed once for pages that link hundreds of rows (``path_maker``).

A job (the daily reminders, a Celery task) has no request to ask where navpartner answers,
and a request's Host may be an internal name behind the proxy; so every such link is made
here, from the one setting ``NAVPARTNER_BASE_URL`` that the settings compute (``make run``
sets it from ``RUN_ADDR``; production refuses to start without it or a trusted origin).
"""

from collections.abc import Callable

from django.conf import settings
from django.urls import reverse

# Stand-ins for the pks, found again in the reversed path.
_MARKERS = ("2147483647", "2147483646")


def site_url(path: str = "") -> str:
    """`path` (a path in navpartner, "/avtaler/1/") as an absolute URL; the base URL itself,
    without a trailing slash, when `path` is empty."""
    return settings.NAVPARTNER_BASE_URL.rstrip("/") + path


def path_maker(name: str, arity: int = 1) -> Callable[..., str]:
    """``reverse(name, args=pks)`` as a function of ``arity`` pks, reversed once: a page
    that links hundreds of rows, a dozen links each, pays for one reverse per URL name."""
    path = reverse(name, args=[int(m) for m in _MARKERS[:arity]])
    parts = []
    for marker in _MARKERS[:arity]:
        head, path = path.split(marker)
        parts.append(head)

    if arity == 1:  # the common case, a few times faster than the general one
        head, tail = parts[0], path
        return lambda pk: f"{head}{pk}{tail}"

    def make(*pks: int) -> str:
        return "".join(part + str(pk) for part, pk in zip(parts, pks, strict=True)) + path

    return make
