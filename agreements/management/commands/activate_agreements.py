from django.core.management.base import BaseCommand

from agreements.services import agreements_activate_due


class Command(BaseCommand):
    help = (
        "Put in force every signed agreement whose start date has come. Celery beat runs "
        "this daily; without beat, run it from cron. Running it twice changes nothing."
    )

    def handle(self, *args, **options):
        count = agreements_activate_due()
        self.stdout.write(f"{count} agreement(s) put in force.")
