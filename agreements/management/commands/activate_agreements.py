from django.core.management.base import BaseCommand

from agreements.services import agreements_activate_due, agreements_end_due


class Command(BaseCommand):
    help = (
        "Put in force every signed agreement whose start date has come. Celery beat runs "
        "this daily; without beat, run it from cron. Running it twice changes nothing."
    )

    def handle(self, *args, **options):
        started, ended = agreements_activate_due(), agreements_end_due()
        self.stdout.write(f"{started} agreement(s) put in force, {ended} ended.")
