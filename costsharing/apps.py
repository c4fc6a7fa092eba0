from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CostsharingConfig(AppConfig):
    name = "costsharing"
    verbose_name = _("Operating agreements")

    def ready(self):
        from partnerships.panels import panel_register

        from .documents import documents_register
        from .filing import filing_register
        from .panels import partnership_panel

        panel_register(
            key="costsharing",
            order=30,
            template="costsharing/_partnership_panel.html",
            context=partnership_panel,
        )
        documents_register()
        filing_register()
