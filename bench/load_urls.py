"""The product's URLconf plus the bench's yardstick: a login-required view that does nothing a
page does (no template, no query of its own). Only bench/load_settings.py uses it."""

from django.http import HttpResponse
from django.urls import path

from navpartner.urls import handler400, urlpatterns

__all__ = ["handler400", "urlpatterns"]


def bare(request):
    """Behind the same middleware as every page (session, user, login required)."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *urlpatterns]
