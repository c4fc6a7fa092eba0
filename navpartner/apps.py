from django.apps import AppConfig


class NavpartnerConfig(AppConfig):
    name = "navpartner"
    verbose_name = "navpartner"
