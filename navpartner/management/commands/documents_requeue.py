from django.core.management.base import BaseCommand

from navpartner.services import documents_requeue


class Command(BaseCommand):
    help = (
        "Send again the PDFs lost on their way to a worker (queued while the broker was down; "
        "their worker died while rendering). Celery beat runs this every 10 s; without beat, "
        "run it from cron."
    )

    def handle(self, *args, **options):
        sent = documents_requeue()
        self.stdout.write(f"{sent} document(s) sent again.")
