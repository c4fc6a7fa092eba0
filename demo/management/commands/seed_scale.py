"""``manage.py seed_scale --partnerships N``: a county at real scale (``demo.scale``)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo import DEMO_PASSWORD
from demo.scale import seed_scale


class Command(BaseCommand):
    help = "Create a county with N partnerships, with agreements, meetings and driftsavtaler."

    def add_arguments(self, parser):
        parser.add_argument("--partnerships", type=int, required=True, metavar="N")
        parser.add_argument("--county-number", default="99")
        parser.add_argument("--county-name", default="NAV Skalafylke")
        parser.add_argument("--username", default="fylkesdirektor.skala")
        parser.add_argument("--password", default=DEMO_PASSWORD)

    def handle(self, *args, **options):
        if not settings.NAVPARTNER_ALLOW_DEMO:
            raise CommandError("Demo data is disabled here (NAVPARTNER_ALLOW_DEMO is off).")
        started = timezone.now()
        seeded = seed_scale(
            options["partnerships"],
            county_number=options["county_number"],
            county_name=options["county_name"],
            username=options["username"],
            password=options["password"],
        )
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            self.style.SUCCESS(
                f"{seeded.county.name} ({seeded.county.number}): "
                f"{len(seeded.partnerships)} partnerships in {seconds:.1f} s. "
                f"Log in as {seeded.director.username} to see the overview at /oversikt/."
            )
        )
