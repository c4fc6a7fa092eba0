"""`manage.py files_verify` after a restore: every file the database names is looked for in the
storage and compared with its recorded SHA-256; a missing or changed one is named (model,
record, field, file) and the command fails; a file no record names is counted (listed with
--unnamed) but is no error. Beat runs the same check weekly and logs each finding as an
error."""

import logging
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from navpartner import services
from navpartner.models import RenderedDocument
from navpartner.tasks import files_verify as files_verify_task
from tests.agreements import delegation_attached
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db

HTML = '<html lang="nb"><head><title>Avtale</title></head><body><h1>Avtale</h1></body></html>'


@pytest.fixture
def stored(agreement, nav_leder, media, django_capture_on_commit_callbacks):
    """An uploaded vedlegg and a PDF made (rendered by WeasyPrint), both in the storage."""
    with django_capture_on_commit_callbacks(execute=True):
        attachment = delegation_attached(agreement, nav_leder)
        document = services.document_request(
            owner=agreement, kind="agreement", title="Avtale", html=HTML, user=nav_leder
        )
    document.refresh_from_db()
    assert document.status == RenderedDocument.Status.READY
    return attachment, document


def files_verify(*args) -> str:
    out = StringIO()
    call_command("files_verify", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_every_file_is_there_as_recorded(stored):
    output = files_verify()

    assert output.splitlines() == [
        "2 file(s) checked (agreements.Attachment 1, navpartner.RenderedDocument 1): "
        "2 as recorded, 0 missing, unreadable or changed; "
        "0 file(s) in the storage that no record names."
    ]


def test_a_missing_and_a_changed_file_are_named_and_the_command_fails(stored, media):
    attachment, document = stored
    (media / attachment.file.name).unlink()
    damaged = media / document.file.name
    damaged.write_bytes(damaged.read_bytes().replace(b"%%EOF", b"%%EOX"))
    out = StringIO()

    with pytest.raises(CommandError, match=r"^2 file\(s\) missing, unreadable or changed\.$"):
        call_command("files_verify", stdout=out, stderr=StringIO())

    lines = out.getvalue().splitlines()
    assert lines[0] == f"MISSING  agreements.Attachment {attachment.pk} file {attachment.file.name}"
    assert lines[1].startswith(
        f"CHANGED  navpartner.RenderedDocument {document.pk} file {document.file.name} "
        f"(SHA-256 recorded {document.sha256}, now "
    )
    assert lines[2].endswith(
        "0 as recorded, 2 missing, unreadable or changed; "
        "0 file(s) in the storage that no record names."
    )


def test_a_file_that_cannot_be_read_is_named_not_a_crash(stored, media):
    attachment, _document = stored
    path = media / attachment.file.name
    path.unlink()
    path.mkdir()  # a directory where the file should be: open() fails, not with "not found"
    out = StringIO()

    with pytest.raises(CommandError, match=r"^1 file\(s\) missing, unreadable or changed\.$"):
        call_command("files_verify", stdout=out, stderr=StringIO())

    assert out.getvalue().splitlines()[0] == (
        f"UNREADABLE agreements.Attachment {attachment.pk} file {attachment.file.name}"
    )


def test_a_file_no_record_names_is_counted_and_listed_on_request(stored, media):
    stray = media / "agreements" / "left-behind.pdf"
    stray.write_bytes(pdf_bytes())

    counted = files_verify()
    listed = files_verify("--unnamed")

    assert counted.splitlines()[-1].endswith(
        "2 as recorded, 0 missing, unreadable or changed; "
        "1 file(s) in the storage that no record names."
    )
    assert "left-behind" not in counted
    assert "UNNAMED  agreements/left-behind.pdf (no record names it)" in listed.splitlines()


def test_the_weekly_check_logs_each_missing_file_as_an_error(stored, media, settings, caplog):
    attachment, _document = stored
    (media / attachment.file.name).unlink()

    with caplog.at_level(logging.INFO, logger="navpartner.tasks"):
        missing = files_verify_task.delay().get()

    assert missing == 1
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == [
        f"stored file MISSING  agreements.Attachment {attachment.pk} file {attachment.file.name}"
    ]
    schedule = settings.CELERY_BEAT_SCHEDULE["files-verify"]
    assert schedule["task"] == files_verify_task.name
    assert (schedule["schedule"].day_of_week, schedule["schedule"].hour) == ({0}, {4})
