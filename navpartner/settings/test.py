import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-a-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = env.str("DJANGO_LANGUAGE_CODE", default="nb")
# Serve static files from the finders (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Uploaded and generated files of the tests (and of the integration suite's worker, which
# shares these settings) stay out of the working tree.
MEDIA_ROOT = env.path(
    "DJANGO_MEDIA_ROOT", default=str(Path(tempfile.gettempdir()) / "navpartner-test-media")
)
# Links in e-mails and calendar feeds point where the test client's requests go.
NAVPARTNER_BASE_URL = "http://testserver"
# Archival copies are sealed only where a test configures a certificate itself.
NAVPARTNER_SEAL_PKCS12 = ""
