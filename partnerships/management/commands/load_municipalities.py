"""manage.py load_municipalities [--dry-run]: the municipalities as the reference data says."""

from django.core.management.base import BaseCommand
from django.db import transaction

from partnerships.models import WrittenStandard
from partnerships.services import municipalities_load


class Command(BaseCommand):
    help = (
        "Set each kommune's målform (språkvedtak) from the reference data, and create the "
        "kommuner of every county whose NAV county office is registered."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            changes = municipalities_load()
            if dry_run:
                transaction.set_rollback(True)
        label = dict(WrittenStandard.choices)
        for change in changes:
            if change.before:
                what = f"{label[change.before]} → {label[change.after]}"
            else:
                what = f"created ({label[change.after]})"
            self.stdout.write(f"{change.number} {change.name}: {what}")
        verb = "would change" if dry_run else "changed"
        self.stdout.write(self.style.SUCCESS(f"{len(changes)} municipalities {verb}."))
