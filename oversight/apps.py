from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("Oversight")

    def ready(self):
        from navpartner.notifications import Delivery, delivery_register

        from .services.notifications import notification_told, notify

        delivery_register(Delivery(notify=notify, told=notification_told))
