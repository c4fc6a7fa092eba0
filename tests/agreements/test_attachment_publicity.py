"""An editor marks a vedlegg exempt from public access, with its legal basis (issue 14)."""

import pytest
from django.urls import reverse
from pypdf import PdfReader

from agreements import services
from agreements.models import AgreementEvent
from navpartner.models import RenderedDocument
from tests.agreements import delegation_attached, pdf_upload
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def attachment(agreement, nav_leder, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return delegation_attached(agreement, nav_leder)


def url(attachment):
    return reverse("agreements:attachment_publicity", args=[attachment.agreement_id, attachment.pk])


def test_an_editor_marks_an_attachment_exempt_and_the_history_says_who(
    client, agreement, attachment, nav_leder
):
    client.force_login(nav_leder)
    assert client.get(url(attachment)).status_code == 200

    response = client.post(url(attachment), {"basis": "23", "provision": "ignored"})

    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.exemption_notice == "Unntatt offentlighet, offl. § 23"
    assert attachment.exempt_provision == ""  # a provision belongs only to § 13
    page = client.get(reverse("agreements:agreement_detail", args=[agreement.pk])).text
    assert 'data-testid="attachment-exempt"' in page and "offl. § 23" in page
    event = agreement.events.get(kind=AgreementEvent.Kind.ATTACHMENT_PUBLICITY)
    assert event.actor == nav_leder and "offl. § 23" in event.detail


def test_section_13_needs_the_provision(client, attachment, nav_leder):
    client.force_login(nav_leder)

    response = client.post(url(attachment), {"basis": "13", "provision": " "})

    assert response.status_code == 400
    assert "oppgi hjemmelen" in response.text
    attachment.refresh_from_db()
    assert attachment.exempt_basis == ""


def test_readers_may_not_and_outsiders_learn_nothing(client, attachment, reader, outsider):
    client.force_login(reader)
    assert client.post(url(attachment), {"basis": "14"}).status_code == 403
    client.force_login(outsider)
    assert client.get(url(attachment)).status_code == 404
    attachment.refresh_from_db()
    assert attachment.exempt_basis == ""


def test_the_public_version_withholds_an_exempt_attachment_and_names_the_basis(
    client, agreement, nav_leder, reader, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        public_one = services.attachment_add(
            agreement=agreement,
            user=nav_leder,
            kind="delegasjonsvedtak",
            title="Delegasjonsvedtak 2024",
            upload=pdf_upload(pdf_bytes(pages=2)),
        )
        exempt_one = services.attachment_add(
            agreement=agreement,
            user=nav_leder,
            kind="other",
            title="Bemanningsplan med navn",
            upload=pdf_upload(pdf_bytes(pages=5)),
        )
    services.attachment_publicity_set(attachment=exempt_one, user=nav_leder, basis="25")
    client.force_login(reader)
    url = reverse("agreements:agreement_pdf", args=[agreement.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"public": "1"})
        client.post(url, {"append_attachments": "1"})

    public = RenderedDocument.objects.get(kind="agreement_public")
    full = RenderedDocument.objects.get(kind="agreement")
    public_reader, full_reader = (PdfReader(d.file.open("rb")) for d in (public, full))
    public_text = " ".join(" ".join(p.extract_text().split()) for p in public_reader.pages)
    assert "Bemanningsplan med navn – Unntatt offentlighet, offl. § 25" in public_text
    assert "offentlig versjon" in public_text.lower()
    # The members' copy appends both (2 + 5 pages); the public one only the public (2).
    assert len(full_reader.pages) - len(public_reader.pages) == 5
    assert public_one.title in public_text
