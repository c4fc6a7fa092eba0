import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from oversight.services.notifications import reminders_send


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from exc


class Command(BaseCommand):
    help = (
        "Send the reminders due today by e-mail and in navpartner. Celery beat runs this "
        "daily; without beat, run it from cron. Running it twice sends nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=_date,
            default=None,
            help="Send what was due on this day (YYYY-MM-DD) instead of today, e.g. to catch up.",
        )

    def handle(self, *args, date=None, **options):
        told = reminders_send(today=date)
        self.stdout.write(f"{told} reminder(s) sent.")
