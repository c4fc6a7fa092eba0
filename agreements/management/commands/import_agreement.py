from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from agreements.docx_import import docx_read, import_mapping_propose
from agreements.selectors.docx_imports import docx_import_target
from agreements.services import agreement_import_docx
from partnerships.models import Partnership


class Command(BaseCommand):
    help = (
        "Read an agreement from a Word file (.docx) and print where each of its parts would "
        "go; without --dry-run, import it as the partnership's new draft (or as a revision of "
        "the agreement in force) with that mapping, as --user."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--partnership", type=int, required=True, help="partnership id")
        parser.add_argument("--user", help="username of an editor of the partnership")
        parser.add_argument("--dry-run", action="store_true", help="print the mapping only")

    def handle(self, *args, path: Path, partnership: int, user, dry_run: bool, **options):
        target_partnership = Partnership.objects.filter(pk=partnership).first()
        if target_partnership is None:
            raise CommandError(f"No partnership with id {partnership}.")
        editor = None
        if not dry_run:
            if not user:
                raise CommandError("Give --user (an editor of the partnership), or --dry-run.")
            editor = get_user_model().objects.filter(username=user).first()
            if editor is None:
                raise CommandError(f"No user {user!r}.")
        template = docx_import_target(target_partnership).template
        if template is None:
            raise CommandError("No veileder template is loaded (manage.py load_veileder).")
        try:
            with path.open("rb") as file:
                document = docx_read(file)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        except ValidationError as error:
            raise CommandError(f"{path}: {' '.join(error.messages)} ({error.code})") from error
        mapping = import_mapping_propose(document, template)
        points = {s.pk: s for s in template.sections.all()}
        for part in document.parts:
            point = points.get(mapping[part.key]) if mapping[part.key] else None
            found = f"{part.number} {part.title}".strip()
            goes = f"{point.number} {point.title}" if point else "own point"
            self.stdout.write(f"{part.key:>8}  {found}  ->  {goes}")
        for dropped in document.dropped:
            self.stdout.write(f"dropped: {dropped.kind} x {dropped.count}")
        if dry_run:
            return
        try:
            agreement = agreement_import_docx(
                partnership=target_partnership, user=editor, document=document, mapping=mapping
            )
        except PermissionDenied as error:
            raise CommandError(f"{user} may not edit partnership {partnership}.") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported as agreement {agreement.pk}, version {agreement.version}."
            )
        )
