from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import resolve_url

from .languages import BROWSER_LANGUAGES


class BokmalByDefaultMiddleware:
    """Before the login the product speaks bokmål unless the language switch (a cookie) says
    otherwise: the browser's Accept-Language is asked only once, at the user's first login,
    which keeps the language in their profile (navpartner.languages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Kept aside for the first login, which takes the user's language from it.
        request.META[BROWSER_LANGUAGES] = request.META.pop("HTTP_ACCEPT_LANGUAGE", "")
        return self.get_response(request)


class HtmxLoginRedirectMiddleware:
    """An htmx request that is not logged in (an expired session) gets 401 with `HX-Redirect`
    to the login page instead of the redirect there: htmx would follow that redirect itself and
    swap the whole login page into the part it asked for (a badge in the menu). The login
    page's `next` is the page the user was on, not the fragment htmx asked for.

    Placed after HtmxMiddleware (needs `request.htmx`); it sees the redirects of
    LoginRequiredMiddleware and `login_required` alike, since both come back through it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.htmx
            and response.status_code == 302
            and not request.user.is_authenticated
            and urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)
        ):
            login = redirect_to_login(request.htmx.current_url_abs_path or "/")
            response = HttpResponse(status=401)
            response["HX-Redirect"] = login["Location"]
        return response
