"""The archive page of a document: what will be filed, the package download (GET writes
nothing), recording it (POST), the references an editor enters; the owner's gate (404 for
outsiders) and only its editors file (403)."""

import io
import zipfile

import pytest
from django.urls import reverse

from archive.models import CaseReference, FiledDocument
from navpartner.models import RenderedDocument


def url(name, kind, pk):
    return reverse(f"archive:{name}", args=[kind, pk])


@pytest.fixture
def page(signed):
    return url("filing", "agreement_archive", signed.pk)


def test_the_page_shows_what_will_be_filed(client, signed, page, municipal_signatory, bokmal):
    client.force_login(municipal_signatory)

    response = client.get(page)

    assert response.status_code == 200
    text = response.content.decode()
    assert "Arkiver" in text
    assert "Signert partnerskapsavtale" in text or "Signed partnership agreement" in text
    assert "Bydel Grorud, NAV Oslo" in text
    assert url("package", "agreement_archive", signed.pk) in text


def test_outsiders_get_404_and_anonymous_the_login(client, page, outsider):
    assert client.get(page)["Location"].startswith("/konto/logg-inn/")
    client.force_login(outsider)
    assert client.get(page).status_code == 404
    assert client.get(page.replace("/arkiv/", "/arkiv/")).status_code == 404


def test_an_unsigned_agreement_is_no_record(client, approved, municipal_signatory):
    client.force_login(municipal_signatory)

    assert client.get(url("filing", "agreement_archive", approved.pk)).status_code == 404


def test_an_unknown_kind_is_404(client, signed, municipal_signatory):
    client.force_login(municipal_signatory)

    assert client.get(url("filing", "agreement", signed.pk)).status_code == 404


def test_the_package_is_a_zip_and_downloading_it_writes_nothing(
    client, signed, municipal_signatory
):
    client.force_login(municipal_signatory)

    response = client.get(url("package", "agreement_archive", signed.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="arkivpakke-')
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == ["arkivmelding.xml", f"agreement_archive-{signed.pk}.pdf"]
    assert not FiledDocument.objects.exists()


def test_a_read_only_member_may_see_but_not_file(client, signed, page, reader, bokmal):
    client.force_login(reader)

    assert client.get(page).status_code == 200
    response = client.get(url("package", "agreement_archive", signed.pk))
    assert response.status_code == 403
    assert "gir deg lesetilgang, men ikke rett til å" in response.content.decode()
    assert client.post(url("package_record", "agreement_archive", signed.pk)).status_code == 403
    assert client.post(page, {"saksnummer": "2026/1"}).status_code == 403
    assert not CaseReference.objects.exists()
    assert not FiledDocument.objects.exists()


def test_recording_the_package_is_a_post(client, signed, municipal_signatory):
    client.force_login(municipal_signatory)
    record_url = url("package_record", "agreement_archive", signed.pk)

    assert client.get(record_url).status_code == 405
    response = client.post(record_url)

    assert response.status_code == 302
    record = FiledDocument.objects.get(kind="agreement_archive", object_id=signed.pk)
    assert record.status == FiledDocument.Status.MADE
    assert record.status_by == municipal_signatory
    assert record.document == signed.archive


def test_an_editor_enters_the_references(client, signed, page, municipal_signatory, world):
    client.force_login(municipal_signatory)

    response = client.post(page, {"saksnummer": "2026/1234", "journalpost": " 2026 / 5678 "})

    assert response.status_code == 302
    case = CaseReference.objects.get(partnership=world.partnership)
    assert case.saksnummer == "2026/1234"
    record = FiledDocument.objects.get(kind="agreement_archive", object_id=signed.pk)
    assert record.journalpost == "2026/5678"
    assert "2026/5678" in client.get(page).content.decode()
    partnership_page = client.get(
        reverse("partnerships:partnership_detail", args=[world.partnership.pk])
    )
    assert "2026/1234" in partnership_page.content.decode()
    # and the package says so
    xml = zipfile.ZipFile(
        io.BytesIO(client.get(url("package", "agreement_archive", signed.pk)).content)
    ).read("arkivmelding.xml")
    assert b"<n5mdk:sakssekvensnummer>1234</n5mdk:sakssekvensnummer>" in xml


def test_a_malformed_reference_is_refused_and_nothing_saved(
    client, page, municipal_signatory, bokmal
):
    client.force_login(municipal_signatory)

    response = client.post(page, {"saksnummer": "1234", "journalpost": "2026/0"})

    assert response.status_code == 400
    assert "2026/1234" in response.content.decode()  # the example in the message
    assert not CaseReference.objects.exists()
    assert not FiledDocument.objects.exists()


def test_a_pdf_not_ready_yet_is_said_and_not_packaged(
    client, approved_minutes, municipal_signatory
):
    RenderedDocument.objects.filter(kind="meeting_minutes").update(
        status=RenderedDocument.Status.RENDERING
    )
    client.force_login(municipal_signatory)

    response = client.get(url("filing", "meeting_minutes", approved_minutes.pk))

    assert response.status_code == 200
    assert 'data-testid="not-ready"' in response.content.decode()
    assert 'data-testid="package-download"' not in response.content.decode()
    assert reverse("meetings:meeting_pdf", args=[approved_minutes.pk]) in response.content.decode()
    assert client.get(url("package", "meeting_minutes", approved_minutes.pk)).status_code == 409
    assert (
        client.post(url("package_record", "meeting_minutes", approved_minutes.pk)).status_code
        == 409
    )
    assert not FiledDocument.objects.exists()


def test_minutes_not_yet_approved_are_no_record(client, approved_minutes, municipal_signatory):
    approved_minutes.status = "held"
    approved_minutes.save(update_fields=["status"])
    client.force_login(municipal_signatory)

    assert client.get(url("filing", "meeting_minutes", approved_minutes.pk)).status_code == 404


def test_a_driftsavtale_is_filed_once_its_year_is_over(
    client, settled, municipal_signatory, time_machine
):
    client.force_login(municipal_signatory)
    assert client.get(url("filing", "driftsavtale", settled.pk)).status_code == 200

    time_machine.move_to("2026-12-31 12:00Z", tick=False)
    assert client.get(url("filing", "driftsavtale", settled.pk)).status_code == 404


def test_sending_is_off_without_the_setting(client, signed, municipal_signatory, settings):
    settings.NAVPARTNER_FIKS_ARKIV_URL = ""
    client.force_login(municipal_signatory)

    response = client.post(url("send", "agreement_archive", signed.pk))

    assert response.status_code == 409
    assert not FiledDocument.objects.exists()


@pytest.mark.parametrize(
    ("fixture", "kind", "page_name"),
    [
        ("signed", "agreement_archive", "agreements:agreement_detail"),
        ("approved_minutes", "meeting_minutes", "meetings:meeting_detail"),
        ("settled", "driftsavtale", "costsharing:detail"),
    ],
)
def test_each_document_page_links_to_its_archive_page(
    request, client, fixture, kind, page_name, municipal_signatory
):
    owner = request.getfixturevalue(fixture)
    client.force_login(municipal_signatory)

    text = client.get(reverse(page_name, args=[owner.pk])).content.decode()

    assert f'href="{url("filing", kind, owner.pk)}"' in text


def test_no_archive_link_before_the_record_exists(client, driftsavtale, municipal_signatory, clock):
    """In February 2026 the 2026 driftsavtale is not settled."""
    client.force_login(municipal_signatory)

    text = client.get(reverse("costsharing:detail", args=[driftsavtale.pk])).content.decode()

    assert 'data-testid="archive-link"' not in text
