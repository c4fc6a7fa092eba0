from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from partnerships.panels import panel_register

        from .documents import documents_register
        from .panels import partnership_panel

        panel_register(
            key="agreements",
            order=10,
            template="agreements/_partnership_panel.html",
            context=partnership_panel,
        )
        documents_register()
