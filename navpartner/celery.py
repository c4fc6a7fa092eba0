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


def load_the_task_sending_code():
    """What a web process's first task sent (an e-mail, a PDF) would otherwise import as it is
    sent: Celery's task-sending code, the broker's transport and the result backend's client
    (with Redis, redis-py: 0.4 s and ~100 modules, one to two seconds of a user's request on a
    busy machine). Imported by gunicorn.conf.py's when_ready, before the workers are forked;
    nothing is connected."""
    import celery.canvas  # noqa: F401
    import celery.contrib.django.task  # noqa: F401
    import celery.events.dispatcher  # noqa: F401
    import celery.events.receiver  # noqa: F401
    import celery.result  # noqa: F401
    from celery.app.backends import by_url
    from kombu.transport import resolve_transport

    app.events  # noqa: B018  # the task-sent events' code
    with app.connection_for_write() as connection:
        resolve_transport(connection.transport_cls)
    if app.conf.result_backend:
        by_url(app.conf.result_backend, app.loader)
