"""Settings shared by every environment. Everything that differs between machines
comes from the environment (see .env.example); nothing here is a secret."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from navpartner.oidc_settings import oidc_apps

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "bootstrap",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_prose_editor",
    "axes",
    "audit",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "navpartner",
    "partnerships",
    "archive",
    "agreements",
    "meetings",
    "costsharing",
    "oversight",
    "demo",
]

MIDDLEWARE = [
    # First: the cyclic garbage collector held off while a request is answered, run once
    # when the response has been sent (navpartner.collector).
    "navpartner.collector.CollectAfterResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "navpartner.middleware.BokmalByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "navpartner.requests.RefuseUndecodableFormsMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The user id for gunicorn's access log (gunicorn.conf.py).
    "navpartner.access_log.AccessLogUserMiddleware",
    "navpartner.sessions.SessionTimeoutMiddleware",
    # The logged-in user's language (navpartner.languages), over LocaleMiddleware's choice.
    "navpartner.languages.UserLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Records the views' 404 and 403 answers to logged-in users (audit trail).
    "audit.middleware.RefusalAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "navpartner.middleware.HtmxLoginRedirectMiddleware",
    # Last, as django-axes requires: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "navpartner.urls"
WSGI_APPLICATION = "navpartner.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "oversight.context_processors.unread_notifications",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
# A kept connection is checked before a request reuses it, so one the server dropped (a
# restart) is replaced instead of failing the request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    if env.bool("DATABASE_JIT_OFF", default=True):
        # PostgreSQL's JIT compiles a query whose estimated cost passes `jit_above_cost`:
        # 40–45 ms of compiling for the overview's agreement query, which runs in 40 without
        # it. Our queries are many and short, never the long analytic ones JIT pays for
        # itself on. A connection pooler that refuses the `options` startup parameter
        # (PgBouncer) needs DATABASE_JIT_OFF=false and `ALTER DATABASE … SET jit = off`.
        _options.setdefault("options", "-c jit=off")
    if env.bool("DATABASE_PREPARED", default=True):
        # Parameters bound by the server, and a query a connection has run 5 times prepared
        # (psycopg's prepare_threshold): PostgreSQL then plans it once per connection instead
        # of on every request — the gates' joins of six to eight tables cost more to plan
        # than to run. Pays with kept connections (CONN_MAX_AGE). PgBouncer in transaction
        # mode needs its max_prepared_statements (1.21+), or DATABASE_PREPARED=false.
        _options.setdefault("server_side_binding", True)
        _options.setdefault("prepare_threshold", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "navpartner.sessions.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Password guessing (django-axes, navpartner/sessions.py): after this many failures for one
# user name, or from one address, further logins from either are refused for the cool-off,
# even with the right password. Kept in the database, so every web process sees it.
AXES_FAILURE_LIMIT = env.int("NAVPARTNER_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("NAVPARTNER_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "navpartner.sessions.lockout_response"
AXES_CLIENT_IP_CALLABLE = "audit.clients.client_ip"
# Behind reverse proxies: how many of them set X-Forwarded-For. 0 (the default): the header is
# ignored (a client could forge it) and the address is the connection's.
NAVPARTNER_TRUSTED_PROXY_COUNT = env.int("NAVPARTNER_TRUSTED_PROXY_COUNT", default=0)

# Login with OpenID Connect (Entra ID, Ansattporten): django-allauth's openid_connect provider,
# one app per NAVPARTNER_OIDC_PROVIDERS entry (navpartner/oidc_settings.py), refined in
# navpartner/oidc.py (nonce, signature always checked, cached discovery and keys, logout).
# The password form stays the product's own; allauth's account pages are not mounted.
NAVPARTNER_PASSWORD_LOGIN = env.bool("NAVPARTNER_PASSWORD_LOGIN", default=True)
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": oidc_apps(env), "OAUTH_PKCE_ENABLED": True}}
SOCIALACCOUNT_ADAPTER = "navpartner.oidc.SocialAccountAdapter"
SOCIALACCOUNT_LOGIN_ON_GET = False  # the buttons POST, with the CSRF token
SOCIALACCOUNT_AUTO_SIGNUP = True  # a first login makes a user with no memberships
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # matched on (provider, subject), never on e-mail
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_QUERY_EMAIL = False
SOCIALACCOUNT_STORE_TOKENS = False  # the ID token for logout is kept in the session instead
ACCOUNT_ADAPTER = "navpartner.oidc.AccountAdapter"  # no sign-up with a password
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = False

# Sessions end after an hour without a request, and ten hours after the login whatever
# happens (navpartner.sessions.SessionTimeoutMiddleware); the cookie lasts no longer.
NAVPARTNER_SESSION_IDLE_SECONDS = env.int("NAVPARTNER_SESSION_IDLE_SECONDS", default=3600)
NAVPARTNER_SESSION_MAX_SECONDS = env.int("NAVPARTNER_SESSION_MAX_SECONDS", default=36000)
SESSION_COOKIE_AGE = NAVPARTNER_SESSION_MAX_SECONDS

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("nn", _("Norwegian Nynorsk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One set of date and time formats per language, used by pages, PDFs, e-mails and exports.
FORMAT_MODULE_PATH = ["navpartner.formats"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="navpartner <ikke-svar@navpartner.local>"
)

# Celery: without a broker every task runs in-process, at the caller's commit.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://"  # never used for eager tasks; keeps kombu from guessing
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=90)
CELERY_TIMEZONE = TIME_ZONE
# The queue tasks go to (and a worker started without -Q takes them from): deployments that
# share one Redis keep apart by naming their own.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis broker: a task a worker took but never acknowledged (acks_late; the worker died) goes
# back to the queue after this many seconds, when a worker next looks (at its start, then
# periodically). Keep it well above the longest task, else a slow task is run a second time.
# A render lost that way is also sent again sooner by documents_requeue (CELERY_BEAT_SCHEDULE).
# A broker that does not answer at all (not only one that refuses) makes a request that
# queues a task wait seconds, not minutes (a PDF stays queued in the database, sent again).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    "socket_connect_timeout": 5,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates every rendering step at INFO; only its warnings matter.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Demo users and data may be created (make run); production turns this off.
NAVPARTNER_ALLOW_DEMO = env.bool("NAVPARTNER_ALLOW_DEMO", default=True)

# The product's address, for every link that leaves it (e-mails, the calendar feed), read
# through navpartner.links.site_url. `make run` sets it from RUN_ADDR; production requires it
# (or a CSRF trusted origin, settings/production.py).
NAVPARTNER_BASE_URL = env.str("NAVPARTNER_BASE_URL", default="http://127.0.0.1:8000")

# The bearer token monitoring sends for /helse/alt/ (navpartner/health.py); empty: that page is
# 404 for everyone. /helse/ and /helse/klar/ need none.
NAVPARTNER_HEALTH_TOKEN = env.str("NAVPARTNER_HEALTH_TOKEN", default="")

# Named on the public pages (personvern, tilgjengelighetserklæring): who runs this
# installation, where users write to, how long audit records are kept. An empty contact
# address says "the administrator of your municipality".
NAVPARTNER_OPERATOR_NAME = env.str("NAVPARTNER_OPERATOR_NAME", default="")
NAVPARTNER_CONTACT_EMAIL = env.str("NAVPARTNER_CONTACT_EMAIL", default="")
NAVPARTNER_AUDIT_RETENTION_DAYS = env.int("NAVPARTNER_AUDIT_RETENTION_DAYS", default=365)

# Content-Security-Policy (django-csp): scripts only from this site, never inline, except an
# element carrying the request's nonce (the prose editor's import map, rendered with
# `{{ media|csp_nonce:request }}`). Styles allow inline: the templates use style attributes
# and htmx adds its indicator style. Forms may also go to the login providers (OpenID
# Connect redirects there after a POST): NAVPARTNER_CSP_FORM_ACTION_EXTRA, comma-separated
# origins such as https://login.microsoftonline.com.
NAVPARTNER_CSP_FORM_ACTION_EXTRA = env.list("NAVPARTNER_CSP_FORM_ACTION_EXTRA", default=[])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF, *NAVPARTNER_CSP_FORM_ACTION_EXTRA],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Permissions-Policy (django-permissions-policy): no page asks for any of these.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in [
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

# Filing in the archive (KS Fiks Arkiv): with a URL, "Send til arkivet" POSTs the package
# there with the token as a bearer token; without, the archivist downloads it.
NAVPARTNER_FIKS_ARKIV_URL = env.str("NAVPARTNER_FIKS_ARKIV_URL", default="")
NAVPARTNER_FIKS_ARKIV_TOKEN = env.str("NAVPARTNER_FIKS_ARKIV_TOKEN", default="")

# Attachments (vedlegg) and other uploads.
NAVPARTNER_MAX_UPLOAD_BYTES = env.int("NAVPARTNER_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Periodic work (celery beat; without beat run the same management commands from cron).
CELERY_BEAT_SCHEDULE = {
    "activate-due-agreements": {
        "task": "agreements.tasks.activate_due_agreements",
        "schedule": 60 * 60,  # hourly: a start date is never missed by more than an hour
    },
    "send-reminders": {
        "task": "oversight.tasks.send_reminders",
        # Daily before the working day (CELERY_TIMEZONE is Europe/Oslo); a missed day is
        # caught up by the next run.
        "schedule": crontab(hour=6, minute=0),
    },
    "overview-summaries": {
        "task": "oversight.tasks.summaries_rebuild",
        # Nightly: the overview's summaries computed again (see the task).
        "schedule": crontab(hour=2, minute=15),
    },
    "audit-purge": {
        "task": "audit.tasks.audit_purge",
        "schedule": crontab(hour=3, minute=30),  # daily: NAVPARTNER_AUDIT_RETENTION_DAYS
    },
    "files-verify": {
        "task": "navpartner.tasks.files_verify",
        # Weekly, Sunday night: every stored file there and unchanged (navpartner/file_check.py).
        "schedule": crontab(day_of_week="sun", hour=4, minute=0),
    },
    "documents-requeue": {
        "task": "navpartner.tasks.documents_requeue",
        # Often: a PDF lost on its way to a worker, or with its worker, is sent again within
        # seconds of counting as lost (navpartner.services). A run nobody took in time is
        # dropped, not piled up while no worker runs; the next one does the same work.
        "schedule": 10,
        "options": {"expires": 10},
    },
}

# Optional PAdES seal (pyHanko) of the archival PDF/A copy of a signed agreement: a PKCS#12
# file (certificate + private key) and its passphrase. Empty path (the default): not sealed.
NAVPARTNER_SEAL_PKCS12 = env.str("NAVPARTNER_SEAL_PKCS12", default="")
NAVPARTNER_SEAL_PASSPHRASE = env.str("NAVPARTNER_SEAL_PASSPHRASE", default="")
