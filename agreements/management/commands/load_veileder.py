from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from agreements.services import veileder_template_load, veileder_templates_load_all


class Command(BaseCommand):
    help = (
        "Load veileder revisions from data files (default: every agreements/data/veileder-*.json)."
        " Loading the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", type=Path)

    def handle(self, *args, files, **options):
        try:
            loaded = (
                [veileder_template_load(path=f) for f in files]
                if files
                else veileder_templates_load_all()
            )
        except (ValidationError, OSError, KeyError, ValueError) as error:
            raise CommandError(f"Could not load the veileder: {error}") from error
        for template, created in loaded:
            state = "loaded" if created else "already loaded"
            self.stdout.write(f"{template} ({template.sections.count()} points): {state}")
