"""Uploaded files reach the storage only when the transaction that records them commits
(issue 16): a refused or rolled-back upload leaves no file behind, two records may share one
content-addressed file, and a record whose file is missing is a 404, not a server error."""

import datetime as dt
import hashlib
import logging

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from agreements import services
from meetings.services import item_attachment_add
from tests.agreements import MUNICIPAL, pdf_upload, sign
from tests.factories import pdf_bytes
from tests.meetings import accepted, at, plan

pytestmark = pytest.mark.django_db


def stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()]


def add_attachment(agreement, user, *, title="Delegasjonsvedtak", content=None):
    return services.attachment_add(
        agreement=agreement,
        user=user,
        kind="delegasjonsvedtak",
        title=title,
        upload=pdf_upload(content or pdf_bytes(2)),
    )


def download_url(attachment):
    return reverse("agreements:attachment_download", args=[attachment.agreement_id, attachment.pk])


@pytest.fixture
def item(forum, nav_leder, reader):
    meeting = plan(forum, nav_leder, at(2026, 3, 10))
    return accepted(meeting, nav_leder, reader, "Budsjett for kontoret")


def test_an_attachment_refused_after_its_file_was_checked_leaves_no_file(
    agreement, nav_leder, media, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as error,
    ):
        add_attachment(agreement, nav_leder, title="T" * 201)  # the limit is 200

    assert "title" in error.value.message_dict
    assert not agreement.attachments.exists()
    assert stored_files(media) == []


def test_an_item_attachment_refused_after_its_file_was_checked_leaves_no_file(
    item, nav_leder, media, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as error,
    ):
        item_attachment_add(
            item=item, user=nav_leder, title="T" * 201, upload=pdf_upload(pdf_bytes())
        )

    assert "title" in error.value.message_dict
    assert not item.attachments.exists()
    assert stored_files(media) == []


def test_an_upload_rolled_back_with_its_transaction_leaves_no_file(
    agreement, nav_leder, media, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        add_attachment(agreement, nav_leder)
        raise RuntimeError("something later in the same request fails")

    assert not agreement.attachments.exists()
    assert stored_files(media) == []


def test_an_upload_is_stored_only_when_its_transaction_commits(
    agreement, nav_leder, media, django_capture_on_commit_callbacks
):
    content = pdf_bytes(2)

    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        attachment = add_attachment(agreement, nav_leder, content=content)

    assert not attachment.file.storage.exists(attachment.file.name)
    assert stored_files(media) == []
    for callback in after_commit:
        callback()
    with attachment.file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == attachment.sha256
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()


def test_the_same_pdf_attached_twice_still_downloads_when_one_is_removed(
    client, agreement, nav_leder, media, django_capture_on_commit_callbacks
):
    content = pdf_bytes(3)
    with django_capture_on_commit_callbacks(execute=True):
        first = add_attachment(agreement, nav_leder, title="Vedtak", content=content)
        second = add_attachment(agreement, nav_leder, title="Vedtak igjen", content=content)
    assert first.file.name == second.file.name  # one file, named by its content
    client.force_login(nav_leder)

    with django_capture_on_commit_callbacks(execute=True):
        removed = client.post(
            reverse("agreements:attachment_remove", args=[agreement.pk, first.pk])
        )
    download = client.get(download_url(second))

    assert removed.status_code == 302
    assert list(agreement.attachments.all()) == [second]
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content


def test_removing_the_last_record_of_a_file_deletes_it(
    client, agreement, nav_leder, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attachment = add_attachment(agreement, nav_leder)
    assert len(stored_files(media)) == 1
    client.force_login(nav_leder)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("agreements:attachment_remove", args=[agreement.pk, attachment.pk]))

    assert not agreement.attachments.exists()
    assert stored_files(media) == []


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
def test_the_paper_signature_scan_is_stored_only_when_the_signing_commits(
    approved, municipal_signatory, media, django_capture_on_commit_callbacks
):
    scan = pdf_bytes(2)

    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        signature = sign(
            approved, municipal_signatory, MUNICIPAL, evidence=pdf_upload(scan, "signert.pdf")
        )

    assert signature.evidence.name
    assert not signature.evidence.storage.exists(signature.evidence.name)
    for callback in after_commit:
        callback()
    with signature.evidence.open("rb") as stored:
        assert stored.read() == scan
    assert signature.evidence_sha256 == hashlib.sha256(scan).hexdigest()


def test_a_record_whose_file_is_missing_downloads_as_404_with_a_warning(
    client, agreement, nav_leder, media, caplog
):
    attachment = add_attachment(agreement, nav_leder)  # never committed: no file written
    assert not attachment.file.storage.exists(attachment.file.name)
    client.force_login(nav_leder)

    with caplog.at_level(logging.WARNING, logger="navpartner.downloads"):
        response = client.get(download_url(attachment))

    assert response.status_code == 404
    assert attachment.file.name in caplog.text
