"""Login sessions: how long they last, and how password guessing is throttled (django-axes).

A session ends after NAVPARTNER_SESSION_IDLE_SECONDS without a request, and in any case
NAVPARTNER_SESSION_MAX_SECONDS after the login. Both times are kept in the session as Unix
seconds; the last-seen stamp is written at most once a minute, so a page view does not write
the session row every time."""

import time

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import render

from .forms import LoginForm

LOGGED_IN_AT = "navpartner_logged_in_at"
SEEN_AT = "navpartner_seen_at"
# How stale the last-seen stamp may get before a request writes it again.
SEEN_RESOLUTION_SECONDS = 60


def stamp_login(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver (connected in NavpartnerConfig.ready): the clock of both
    timeouts starts at the login."""
    now = int(time.time())
    request.session[LOGGED_IN_AT] = now
    request.session[SEEN_AT] = now


class SessionTimeoutMiddleware:
    """Logs out a session idle for too long or older than the absolute limit; the request
    then goes on anonymously, so LoginRequiredMiddleware sends the user to the login page (an
    htmx request gets HtmxLoginRedirectMiddleware's 401). Placed after AuthenticationMiddleware
    and before LoginRequiredMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    @staticmethod
    def check(request) -> None:
        session = request.session
        now = int(time.time())
        logged_in_at = session.get(LOGGED_IN_AT)
        seen_at = session.get(SEEN_AT)
        if logged_in_at is None or seen_at is None:
            # A session from before these stamps existed: its clock starts now.
            session[LOGGED_IN_AT] = session.get(LOGGED_IN_AT, now)
            session[SEEN_AT] = now
            return
        if (
            now - logged_in_at > settings.NAVPARTNER_SESSION_MAX_SECONDS
            or now - seen_at > settings.NAVPARTNER_SESSION_IDLE_SECONDS
        ):
            logout(request)
        elif now - seen_at >= SEEN_RESOLUTION_SECONDS:
            session[SEEN_AT] = now


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' backend, except for an authentication without a request (the test client's
    login, the shell): no one guesses a password over HTTP there, and axes would refuse it
    with an error."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page with the lockout message, the same whether or not
    the user name exists."""
    context = {
        "form": LoginForm(request),
        "next": request.POST.get("next", ""),
        "locked_out_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/login.html", context, status=429)
