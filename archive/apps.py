from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")

    def ready(self):
        from partnerships.panels import panel_register

        from .panels import partnership_panel

        panel_register(
            key="archive",
            order=90,
            template="archive/_partnership_panel.html",
            context=partnership_panel,
        )
