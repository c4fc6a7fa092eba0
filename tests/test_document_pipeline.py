"""The shared PDF pipeline: request → Celery task (in-process here) → stored PDF, once."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from agreements.services import attachment_add
from navpartner import assembly, services
from navpartner.models import RenderedDocument
from navpartner.pdf import STATIC_ORIGIN, StaticOnlyFetcher, render_pdf
from navpartner.tasks import render_document
from tests.factories import pdf_bytes

HTML = (
    '<html><head><style>@page { size: A4; margin: 2cm } body { font-family: "DejaVu Serif" }'
    "</style></head><body><h1>Partnerskapsavtale æøå</h1></body></html>"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def request(agreement, user, html=HTML):
    return services.document_request(
        owner=agreement, kind="agreement", title="Avtale", html=html, user=user
    )


def test_a_requested_document_is_rendered_and_stored(
    agreement, nav_leder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = request(agreement, nav_leder)

    document.refresh_from_db()
    assert document.status == RenderedDocument.Status.READY
    assert document.pages == 1
    content = document.file.read()
    assert content.startswith(b"%PDF-")
    assert len(document.sha256) == 64 and document.size == len(content)


def test_the_same_content_is_not_rendered_twice(
    agreement, nav_leder, state_editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as first:
        document = request(agreement, nav_leder)
    with django_capture_on_commit_callbacks(execute=True) as second:
        again = request(agreement, state_editor)
    with django_capture_on_commit_callbacks(execute=True):
        changed = request(agreement, nav_leder, HTML.replace("æøå", "endret"))

    assert again.pk == document.pk
    assert (len(first), len(second)) == (1, 0)  # the second request queued nothing
    assert changed.pk != document.pk
    assert RenderedDocument.objects.count() == 2


def test_running_the_task_twice_keeps_one_complete_file(
    agreement, nav_leder, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        document = request(agreement, nav_leder)
    # A worker that died after writing part of the file, before marking it ready:
    name = f"documents/{document.content_hash[:2]}/{document.content_hash}.pdf"
    default_storage.save(name, io.BytesIO(b"%PDF-1.7 half"))

    render_document.delay(document_id=document.pk)  # redelivered (acks_late)
    render_document.delay(document_id=document.pk)  # and once more

    document.refresh_from_db()
    assert document.status == RenderedDocument.Status.READY
    files = list((media / "documents" / document.content_hash[:2]).iterdir())
    assert [f.name for f in files] == [f"{document.content_hash}.pdf"]
    assert document.file.read() == files[0].read_bytes()
    assert files[0].read_bytes().endswith(b"%%EOF\n")


def test_a_failure_is_recorded_with_a_reason_and_can_be_retried(
    agreement, nav_leder, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(html, **options):
        raise RuntimeError("font cache exploded")

    monkeypatch.setattr(assembly, "render_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        document = request(agreement, nav_leder)
    document.refresh_from_db()
    assert document.status == RenderedDocument.Status.FAILED
    assert "teknisk feil" in document.error.lower()

    monkeypatch.setattr(assembly, "render_pdf", render_pdf)
    with django_capture_on_commit_callbacks(execute=True):
        retried = request(agreement, nav_leder)
    retried.refresh_from_db()
    assert retried.pk == document.pk
    assert retried.status == RenderedDocument.Status.READY


@pytest.mark.parametrize(
    "hostile",
    [
        '<img src="file:///etc/passwd">',
        '<img src="https://example.com/tracker.png">',
        '<p style="background: url(file:///etc/passwd)">x</p>',
        "<style>body { background: url(https://example.com/x) }</style>",
        '<link rel="attachment" href="file:///etc/passwd">',
        '<link rel="stylesheet" href="file:///etc/passwd">',
        '<img src="../../../../etc/passwd">',
        '<object data="file:///etc/passwd"></object><embed src="/etc/passwd">',
        "<img src=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'>"
        "<image href='file:///etc/passwd'/></svg>\">",
    ],
)
def test_user_content_never_makes_weasyprint_fetch_anything(hostile, caplog):
    pdf = render_pdf(f"<html><body><p>Tekst</p>{hostile}</body></html>")

    assert pdf.startswith(b"%PDF-")
    assert b"root:" not in pdf
    assert b"/EmbeddedFile" not in pdf


def test_the_fetcher_serves_the_products_static_files_and_nothing_else():
    fetcher = StaticOnlyFetcher()

    response = fetcher.fetch(STATIC_ORIGIN + "css/navpartner.css")

    assert b"focus-visible" in response.read()
    assert response.content_type == "text/css"
    for url in (
        "file:///etc/passwd",
        "https://example.com/x.css",
        STATIC_ORIGIN + "../../etc/passwd",
        STATIC_ORIGIN + "css/../../../etc/passwd",
        STATIC_ORIGIN + "does/not/exist.css",
        "data:text/css,body{}",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_attachments_can_be_appended_after_the_agreement(
    client, agreement, nav_leder, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        attachment_add(
            agreement=agreement,
            user=nav_leder,
            kind="delegasjonsvedtak",
            title="Delegasjonsvedtak",
            upload=SimpleUploadedFile("d.pdf", pdf_bytes(3)),
        )
    client.force_login(nav_leder)
    url = reverse("agreements:agreement_pdf", args=[agreement.pk])

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url)
        second = client.post(url, {"append_attachments": "1"})

    assert (first.status_code, second.status_code) == (302, 302), second.content[:300]

    plain, with_attachments = RenderedDocument.objects.order_by("pk")
    assert with_attachments.pages == plain.pages + 3
    reader = PdfReader(with_attachments.file.open("rb"))
    assert "Vedleggene følger etter signatursiden" in "".join(
        page.extract_text() for page in reader.pages[: plain.pages]
    )
