from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from partnerships.panels import home_panel_register, panel_register

        from .documents import documents_register
        from .filing import filing_register
        from .panels import partnership_panel, waiting_panel

        panel_register(
            key="agreements",
            order=10,
            template="agreements/_partnership_panel.html",
            context=partnership_panel,
        )
        home_panel_register(
            key="agreements.waiting",
            order=10,
            template="agreements/_waiting_panel.html",
            context=waiting_panel,
        )
        documents_register()
        filing_register()
