"""Behind the flag, "Send til arkivet" POSTs the package to the configured archive (here a
real HTTP server on loopback, started by the test), which validates the arkivmelding and
answers with a kvittering; the returned saksnummer and journalpost are kept."""

import io
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.urls import reverse
from lxml import etree

from archive.models import CaseReference, FiledDocument
from archive.package import KVITTERING, validate

KVITTERING_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<arkivmeldingKvittering
    xmlns="https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/kvittering/v2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <mappeKvittering xsi:type="saksmappeKvittering">
    <systemID>0d8a5b2c-6b8f-4c55-9a3e-1f2b3c4d5e6f</systemID>
    <opprettetEllerEksisterende>Opprettet</opprettetEllerEksisterende>
    <saksaar>2026</saksaar>
    <sakssekvensnummer>77</sakssekvensnummer>
  </mappeKvittering>
  <registreringKvittering xsi:type="journalpostKvittering">
    <systemID>1e9b6c3d-7c90-4d66-8b4f-2a3b4c5d6e7f</systemID>
    <opprettetEllerEksisterende>Opprettet</opprettetEllerEksisterende>
    <journalaar>2026</journalaar>
    <journalsekvensnummer>555</journalsekvensnummer>
    <journalpostnummer>3</journalpostnummer>
  </registreringKvittering>
</arkivmeldingKvittering>
"""


class Archive(BaseHTTPRequestHandler):
    """A stand-in for the archive: refuses anything but a valid arkivmelding with its file."""

    received: list = []
    answer_status = 200
    answer_body = KVITTERING_XML

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        package = zipfile.ZipFile(io.BytesIO(body))
        xml = package.read("arkivmelding.xml")
        validate(xml)  # raises on an invalid message: the test then sees a 500
        reference = etree.fromstring(xml).findtext(".//{*}referanseDokumentfil")
        package.read(reference)
        type(self).received.append((self.headers["Authorization"], xml))
        self.send_response(self.answer_status)
        self.send_header("Content-Type", "application/xml")
        self.end_headers()
        if self.answer_status == 200:
            self.wfile.write(self.answer_body)

    def log_message(self, *args):
        pass


@pytest.fixture
def archive_server(settings):
    Archive.received = []
    Archive.answer_status = 200
    Archive.answer_body = KVITTERING_XML
    server = HTTPServer(("127.0.0.1", 0), Archive)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.NAVPARTNER_FIKS_ARKIV_URL = f"http://127.0.0.1:{server.server_port}/arkivmelding"
    settings.NAVPARTNER_FIKS_ARKIV_TOKEN = "hemmelig"
    yield Archive
    server.shutdown()
    server.server_close()


def test_the_receipt_used_by_the_stand_in_is_a_valid_kvittering():
    validate(KVITTERING_XML, KVITTERING)


def test_sending_files_the_package_and_keeps_the_archive_references(
    client, signed, municipal_signatory, archive_server, django_capture_on_commit_callbacks
):
    client.force_login(municipal_signatory)
    page = reverse("archive:filing", args=["agreement_archive", signed.pk])
    assert 'data-testid="send"' in client.get(page).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("archive:send", args=["agreement_archive", signed.pk]))

    assert response.status_code == 302
    assert [auth for auth, _xml in archive_server.received] == ["Bearer hemmelig"]
    record = FiledDocument.objects.get(kind="agreement_archive", object_id=signed.pk)
    assert record.status == FiledDocument.Status.RECEIVED
    assert record.journalpost == "2026/555"
    assert CaseReference.objects.get(partnership=signed.partnership).saksnummer == "2026/77"
    text = client.get(page).content.decode()
    assert "2026/555" in text
    assert "2026/77" in text


def test_a_refusal_is_shown_with_its_reason(
    client, signed, municipal_signatory, archive_server, django_capture_on_commit_callbacks, bokmal
):
    archive_server.answer_status = 400
    client.force_login(municipal_signatory)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("archive:send", args=["agreement_archive", signed.pk]))

    record = FiledDocument.objects.get(kind="agreement_archive", object_id=signed.pk)
    assert record.status == FiledDocument.Status.FAILED
    assert record.journalpost == ""
    page = client.get(reverse("archive:filing", args=["agreement_archive", signed.pk]))
    assert "Arkivet avviste pakken (HTTP 400)." in page.content.decode()


def test_an_invalid_receipt_fails_the_filing(
    client, signed, municipal_signatory, archive_server, django_capture_on_commit_callbacks
):
    archive_server.answer_body = KVITTERING_XML.replace(b"<saksaar>2026", b"<saksaar>MMXXVI")
    client.force_login(municipal_signatory)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("archive:send", args=["agreement_archive", signed.pk]))

    record = FiledDocument.objects.get(kind="agreement_archive", object_id=signed.pk)
    assert record.status == FiledDocument.Status.FAILED
    assert record.error == FiledDocument.Error.INVALID_RECEIPT
    assert not CaseReference.objects.exists()


def test_an_unreachable_archive_is_shown_as_failed(
    client, signed, municipal_signatory, settings, django_capture_on_commit_callbacks, bokmal
):
    closed = HTTPServer(("127.0.0.1", 0), Archive)
    settings.NAVPARTNER_FIKS_ARKIV_URL = f"http://127.0.0.1:{closed.server_port}/"
    closed.server_close()  # nothing listens there any more
    client.force_login(municipal_signatory)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("archive:send", args=["agreement_archive", signed.pk]))

    assert response.status_code == 302
    record = FiledDocument.objects.get(kind="agreement_archive", object_id=signed.pk)
    assert record.status == FiledDocument.Status.FAILED
    assert record.error == FiledDocument.Error.UNREACHABLE
    page = client.get(reverse("archive:filing", args=["agreement_archive", signed.pk]))
    assert "Arkivet kunne ikke nås" in page.content.decode()


def test_only_editors_send(client, signed, reader, archive_server):
    client.force_login(reader)

    response = client.post(reverse("archive:send", args=["agreement_archive", signed.pk]))

    assert response.status_code == 403
    assert archive_server.received == []
    assert not FiledDocument.objects.exists()
