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
        for finding in sorted(report.findings, key=lambda f: (f.file.label, f.file.pk)):
            file = finding.file
            line = (
                f"{finding.problem.upper():8} {file.label} {file.pk} {file.field.name} {file.name}"
            )
            if finding.actual_sha256:
                line += f" (SHA-256 recorded {file.sha256}, now {finding.actual_sha256})"
            self.stdout.write(line)
        for name in report.unnamed if options["unnamed"] else ():
            self.stdout.write(f"UNNAMED  {name} (no record names it)")
        total = sum(report.checked.values())
        kinds = ", ".join(f"{label} {count}" for label, count in sorted(report.checked.items()))
        self.stdout.write(
            f"{total} file(s) checked ({kinds or 'none'}): "
            f"{total - len(report.findings)} as recorded, {len(report.findings)} missing or "
            f"changed; {len(report.unnamed)} file(s) in the storage that no record names."
        )
        if report.findings:
            raise CommandError(f"{len(report.findings)} file(s) missing or changed.")
