from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in


class NavpartnerConfig(AppConfig):
    name = "navpartner"
    verbose_name = "navpartner"

    def ready(self):
        from . import lookups  # noqa: F401 - registers ``__any``
        from .languages import remember_language_at_login
        from .sessions import stamp_login

        user_logged_in.connect(stamp_login, dispatch_uid="navpartner.sessions.stamp_login")
        user_logged_in.connect(
            remember_language_at_login, dispatch_uid="navpartner.languages.remember_at_login"
        )
