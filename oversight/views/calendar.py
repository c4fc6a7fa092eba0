"""The user's calendar feed: the page to get, renew or stop it, and the feed itself."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from navpartner.links import site_url

from ..selectors.calendar import (
    calendar_feed_body,
    calendar_feed_for_token,
    calendar_feed_for_user,
    calendar_feed_state,
)
from ..services.calendar import (
    calendar_feed_get_or_create,
    calendar_feed_renew,
    calendar_feed_revoke,
)

# Short, so a stopped or renewed feed soon vanishes from a cache as well.
FEED_MAX_AGE = 15 * 60


@never_cache  # the page shows a secret: no copy kept by a browser or a proxy
@require_http_methods(["GET", "POST"])
def feed_settings(request):
    """The feed's address and what to do with it; POST makes the feed if the user has none."""
    if request.method == "POST":
        calendar_feed_get_or_create(user=request.user)
        return redirect("oversight:calendar")
    feed = calendar_feed_for_user(request.user)
    address = ""
    if feed is not None:
        address = site_url(reverse("oversight:calendar_feed", args=[feed.token]))
    context = {
        "feed": feed,
        "address": address,
        "webcal_address": "webcal://" + address.split("://", 1)[1] if address else "",
    }
    response = render(request, "oversight/calendar.html", context)
    # Links to other sites get no referrer. Not "no-referrer": with it the browser sends
    # "Origin: null" with the page's own forms, which CSRF protection then refuses. The
    # page's address holds no secret; the feed's own response keeps its address to itself.
    response["Referrer-Policy"] = "same-origin"
    return response


@require_POST
def feed_renew(request):
    calendar_feed_renew(user=request.user)
    messages.success(
        request,
        _("Your calendar has a new address. The old address no longer works: add the new one."),
    )
    return redirect("oversight:calendar")


@require_POST
def feed_revoke(request):
    if calendar_feed_revoke(user=request.user):
        messages.success(request, _("Your calendar feed is stopped. Its address no longer works."))
    return redirect("oversight:calendar")


@login_not_required  # calendar apps cannot log in: the secret token is the key
@require_safe
def feed(request, token):
    """The feed: 404 for any token that does not open a feed now. A poll whose
    If-None-Match (or, without it, If-Modified-Since) matches the current version gets 304
    without the body being read or rendered; see oversight/selectors/calendar.py."""
    feed = calendar_feed_for_token(token)
    base_url = site_url()
    state = calendar_feed_state(feed, base_url=base_url)
    if state.etag is not None:
        not_modified = get_conditional_response(
            request,
            etag=state.etag,
            last_modified=state.last_modified,
            response=_feed_response(b"", state.etag, state.last_modified),
        )
        if not_modified.status_code == 304:
            return not_modified
    rendered = calendar_feed_body(feed, state, base_url=base_url)
    response = _feed_response(rendered.body, rendered.etag, rendered.last_modified)
    return get_conditional_response(
        request, etag=rendered.etag, last_modified=rendered.last_modified, response=response
    )


def _feed_response(body: bytes, etag: str, last_modified: int | None) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="navpartner.ics"'
    response["Cache-Control"] = f"private, max-age={FEED_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return response
