"""Production: every secret and host comes from the environment; nothing defaults open."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")  # no default: refuse to start without one
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Where the links in e-mails and the calendar feed point: no guess from a request's Host.
NAVPARTNER_BASE_URL = env.str("NAVPARTNER_BASE_URL", default="") or next(
    iter(CSRF_TRUSTED_ORIGINS), ""
)
if not NAVPARTNER_BASE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "Set the NAVPARTNER_BASE_URL environment variable (https://navpartner.example.no), "
        "or DJANGO_CSRF_TRUSTED_ORIGINS: the links in e-mails need the product's address."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# A load balancer's or orchestrator's probe comes over plain HTTP to the process itself: a
# redirect would count as an answer (3xx) whatever the checks found.
SECURE_REDIRECT_EXEMPT = [r"^helse/"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Keep database connections for a minute (a new one costs ~6 ms on every request); the health
# check base.py switches on replaces one the server has closed.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

NAVPARTNER_ALLOW_DEMO = False
