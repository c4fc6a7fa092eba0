from django.core.management.base import BaseCommand

from audit.services import audit_event_purge_expired


class Command(BaseCommand):
    help = (
        "Delete the audit events older than NAVPARTNER_AUDIT_RETENTION_DAYS. Celery beat "
        "runs this daily; without beat, run it from cron. Running it twice deletes nothing more."
    )

    def handle(self, *args, **options):
        deleted = audit_event_purge_expired()
        self.stdout.write(f"{deleted} audit event(s) deleted.")
