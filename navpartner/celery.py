import gc
import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navpartner.settings.local")

app = Celery("navpartner")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def load_the_pdf_libraries(**kwargs):
    """A worker makes the PDFs: WeasyPrint, pypdf and pyHanko (~2 s to import) are loaded
    once as it starts, before the pool's processes are forked, rather than by its first
    render. Beat and the web processes never load them. What is loaded then stays as it is
    (``gc.freeze()``, as gunicorn.conf.py does in the web master): the collector's full runs
    during a render need not scan the libraries and Django, and the forked processes share
    those pages instead of copying them."""
    from . import assembly  # noqa: F401

    gc.freeze()
