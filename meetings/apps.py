from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Partnership meetings")

    def ready(self):
        from partnerships.panels import panel_register

        from .panels import partnership_panel

        panel_register(
            key="meetings",
            order=20,
            template="meetings/_partnership_panel.html",
            context=partnership_panel,
        )
