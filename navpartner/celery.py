import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navpartner.settings.local")

app = Celery("navpartner")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
