"""A PDF made by the real worker: request in this process, Redis, the worker renders with
WeasyPrint and stores the file, PostgreSQL says it is ready; a second request reuses it."""

import time
from pathlib import Path

import pytest
from django.urls import reverse

from agreements import services
from navpartner.models import RenderedDocument
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def wait_until_finished(document, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.status in (RenderedDocument.Status.READY, RenderedDocument.Status.FAILED):
            return document
        time.sleep(0.2)
    pytest.fail(f"the worker did not finish the document within {timeout:.0f} s")


def test_the_worker_makes_the_agreement_pdf_once(client):
    services.veileder_templates_load_all()
    partnership = PartnershipFactory()
    user = UserFactory(username="navleder.integration")
    MembershipFactory(user=user, partnership=partnership, side="office", role="secretary")
    agreement = services.agreement_create(partnership=partnership, user=user)
    client.force_login(user)

    response = client.post(reverse("agreements:agreement_pdf", args=[agreement.pk]))
    document = RenderedDocument.objects.get(object_id=agreement.pk, kind="agreement")
    status_page = client.get(response["Location"], HTTP_HX_REQUEST="true")
    wait_until_finished(document)
    again = client.post(reverse("agreements:agreement_pdf", args=[agreement.pk]))

    assert status_page.status_code == 200
    assert document.status == RenderedDocument.Status.READY, document.error
    assert Path(document.file.path).read_bytes().startswith(b"%PDF-")
    assert document.pages >= 5
    assert again["Location"] == response["Location"]
    assert RenderedDocument.objects.filter(object_id=agreement.pk).count() == 1
    download = client.get(
        reverse("documents:download", args=["agreement", agreement.pk, document.pk])
    )
    assert b"".join(download.streaming_content) == Path(document.file.path).read_bytes()
