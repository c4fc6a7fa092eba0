from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Partnership meetings")

    def ready(self):
        from partnerships.panels import panel_register
        from partnerships.services import partnership_created_register

        from .documents import documents_register
        from .filing import filing_register
        from .panels import partnership_panel
        from .services import forum_create

        panel_register(
            key="meetings",
            order=20,
            template="meetings/_partnership_panel.html",
            context=partnership_panel,
        )
        documents_register()
        filing_register()
        partnership_created_register(key="meetings.forum", hook=forum_create)
