import sys

from django.core.management.base import BaseCommand, CommandError

from navpartner.file_check import files_check

PROGRESS_EVERY = 1000


class Command(BaseCommand):
    help = (
        "Check that every file the database names (PDFs made, archival copies, uploaded "
        "attachments, scans of paper signatures, Word imports, archive packages) is in the "
        "storage, and, where its SHA-256 was recorded, unchanged. Run it after a restore: it "
        "exits with status 1 when a file is missing or changed. Files no record names are "
        "listed too, but are no error."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--unnamed",
            action="store_true",
            help="List the files in the storage that no record names (else only counted).",
        )

    def handle(self, *args, **options):
        def progress(done: int) -> None:
            if done % PROGRESS_EVERY == 0 and options["verbosity"] > 0:
                sys.stderr.write(f"... {done} files checked\n")

        report = files_check(progress)
        for line in report.finding_lines():
            self.stdout.write(line)
        for name in report.unnamed if options["unnamed"] else ():
            self.stdout.write(f"UNNAMED  {name} (no record names it)")
        self.stdout.write(report.summary())
        if report.findings:
            raise CommandError(f"{len(report.findings)} file(s) missing, unreadable or changed.")
