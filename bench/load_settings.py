"""Settings of bench/load.py's servers: production's, served over plain HTTP on loopback (no
TLS redirect, cookies not marked Secure, no manifest of collected static files), the demo data
allowed, and the URLconf with the bench's bare view (bench/load_urls.py)."""

from navpartner.settings.production import *  # noqa: F403
from navpartner.settings.production import STORAGES

ROOT_URLCONF = "bench.load_urls"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
NAVPARTNER_ALLOW_DEMO = True
