"""The database gone for a moment (PostgreSQL restarting, failing over): the page says so, with
503 and Retry-After, instead of the generic error page.

With CONN_HEALTH_CHECKS, a connection that a restart broke between two requests is replaced
when the next request first uses it, so only a request that meets the database while it is
down ends here. It is not retried: a GET would most likely meet the same outage a moment
later while holding a server worker, and a POST must never run twice. What a POST carried is
shown on the page instead (not passwords or tokens; files cannot be), so that nothing the
user typed is lost; it was not saved, and the page says so."""

import re
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as generic_server_error

RETRY_AFTER_SECONDS = 30
#: Fields whose values the page never shows again.
_SECRET = re.compile(r"pass|token|secret|csrf|otp", re.IGNORECASE)


@requires_csrf_token
def server_error(request):
    """handler500. Django calls it while handling the exception, which sys.exc_info() holds."""
    if not isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return generic_server_error(request)
    context = {"posted": request.method == "POST", "typed": _typed(request)}
    response = HttpResponse(loader.render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _typed(request) -> list[tuple[str, str]]:
    """The text fields of a POST, by name, as the user sent them."""
    if request.method != "POST":
        return []
    try:
        fields = request.POST.lists()
    except Exception:  # noqa: BLE001 — a body that cannot be read again shows nothing
        return []
    return [
        (name, value)
        for name, values in fields
        if not _SECRET.search(name)
        for value in values
        if value.strip()
    ]
