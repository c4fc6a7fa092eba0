from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("Oversight")

    def ready(self):
        from navpartner.notifications import Delivery, delivery_register
        from partnerships.services import partnership_changed_register

        from .services.notifications import notification_told, notify
        from .services.summaries import partnership_summaries_refresh

        delivery_register(Delivery(notify=notify, told=notification_told))
        partnership_changed_register(key="oversight.summaries", hook=partnership_summaries_refresh)
