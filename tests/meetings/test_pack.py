"""The møtebok: one PDF with the invitation and then every item's attachments in agenda order,
with a bookmark per attachment and "Side X av Y" for the whole pack on every page; the public
møtebok leaves out what is exempt (issue 14)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from meetings import documents
from meetings.services import item_attachment_add, item_publicity_set
from navpartner.documents import document_download_url
from navpartner.models import RenderedDocument
from navpartner.pdf import render_pdf

from . import accepted, at

pytestmark = pytest.mark.usefixtures("bokmal", "media")


def attachment_pdf(name: str, pages: int) -> bytes:
    """A PDF whose every page says which attachment and which of its pages it is."""
    body = "".join(
        f'<p style="break-before: page">{name}, ark {page}</p>' for page in range(1, pages + 1)
    )
    return render_pdf(f'<html lang="nb"><body>{body}</body></html>')


def attach(item, user, title: str, pages: int, capture):
    """``capture`` is django_capture_on_commit_callbacks: the file is stored on commit."""
    with capture(execute=True):
        return item_attachment_add(
            item=item,
            user=user,
            title=title,
            upload=SimpleUploadedFile(f"{title}.pdf", attachment_pdf(title, pages)),
        )


@pytest.fixture
def packed(clock, meeting, nav_leder, reader, django_capture_on_commit_callbacks):
    """Sak 01/26 with "Budsjett" (2 pages) and "Personalsak" (1 page, exempt under § 25);
    Sak 02/26 with "Handlingsplan" (3 pages)."""
    clock.move_to(at(2026, 2, 10, 9), tick=False)
    first = accepted(meeting, nav_leder, reader, "Budsjett for kontoret")
    second = accepted(meeting, nav_leder, reader, "Handlingsplan for unge")
    capture = django_capture_on_commit_callbacks
    attach(first, nav_leder, "Budsjett", 2, capture)
    exempt = attach(first, nav_leder, "Personalsak", 1, capture)
    attach(second, nav_leder, "Handlingsplan", 3, capture)
    item_publicity_set(item=first, user=nav_leder, basis="", attachments={exempt.pk: ("25", "")})
    return meeting


def make(client, meeting, kind: str, user, capture) -> tuple[RenderedDocument, PdfReader]:
    client.force_login(user)
    with capture(execute=True):
        response = client.post(reverse("meetings:meeting_pdf", args=[meeting.pk]), {"kind": kind})
    assert response.status_code == 302
    document = RenderedDocument.objects.get(kind=f"meeting_{kind}")
    download = client.get(document_download_url(document))
    assert download.status_code == 200
    return document, PdfReader(io.BytesIO(b"".join(download.streaming_content)))


def page_texts(reader: PdfReader) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark, in order."""
    found = []

    def walk(items, depth):
        for entry in items:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                found.append((depth, entry.title, reader.get_destination_page_number(entry)))

    walk(reader.outline, 0)
    return found


def invitation_pages(reader: PdfReader) -> int:
    return next(page for depth, title, page in outline(reader) if title == "Vedlegg")


def test_the_pack_is_the_invitation_then_every_attachment_with_bookmarks_and_page_numbers(
    client, packed, reader, django_capture_on_commit_callbacks
):
    document, pdf = make(client, packed, "pack", reader, django_capture_on_commit_callbacks)
    texts = page_texts(pdf)
    start = invitation_pages(pdf)
    total = len(pdf.pages)

    assert total == start + 2 + 1 + 3 == document.pages
    assert "Møteinnkalling" not in texts[0] and "Møtebok" in texts[0]
    # The attachments follow the invitation in agenda order, each from its first page.
    assert [text.split(" Side ")[0] for text in texts[start:]] == [
        "Budsjett, ark 1",
        "Budsjett, ark 2",
        "Personalsak, ark 1",
        "Handlingsplan, ark 1",
        "Handlingsplan, ark 2",
        "Handlingsplan, ark 3",
    ]
    # The invitation keeps its own bookmarks; the attachments are under "Vedlegg".
    bookmarks = outline(pdf)
    own = [(depth, title) for depth, title, page in bookmarks[:-4] if page < start]
    assert len(own) == len(bookmarks) - 4
    assert (0, "Saksliste") in own and (1, "Sak 02/26 Handlingsplan for unge") in own
    assert bookmarks[-4:] == [
        (0, "Vedlegg", start),
        (1, "Sak 01/26 – Budsjett", start),
        (1, "Sak 01/26 – Personalsak", start + 2),
        (1, "Sak 02/26 – Handlingsplan", start + 3),
    ]
    # "Side N av TOTAL" on every page, the invitation's and the attachments' alike.
    for number, text in enumerate(texts, start=1):
        assert re.findall(r"Side (\d+) av (\d+)", text) == [(str(number), str(total))], text
    # The invitation says where each attachment starts.
    invitation = " ".join(texts[:start])
    assert f"Vedlegg: Budsjett (side {start + 1})" in invitation
    assert f"Vedlegg: Personalsak (side {start + 3})" in invitation
    assert f"Vedlegg: Handlingsplan (side {start + 4})" in invitation


def test_the_public_pack_leaves_the_exempt_attachment_out_and_names_its_basis(
    client, packed, reader, django_capture_on_commit_callbacks
):
    _, pdf = make(client, packed, "pack_public", reader, django_capture_on_commit_callbacks)
    texts = page_texts(pdf)
    start = invitation_pages(pdf)
    total = len(pdf.pages)
    whole = " ".join(texts)

    assert total == start + 2 + 3
    assert "Personalsak" not in whole
    assert "Vedlegg: Unntatt offentlighet, offl. § 25" in whole
    assert f"Vedlegg: Handlingsplan (side {start + 3})" in whole
    assert [title for _, title, _ in outline(pdf)][-3:] == [
        "Vedlegg",
        "Sak 01/26 – Budsjett",
        "Sak 02/26 – Handlingsplan",
    ]
    for number, text in enumerate(texts, start=1):
        assert f"Side {number} av {total}" in text


def test_the_invitation_lists_each_items_attachments(packed):
    html = documents.meeting_invitation_printable(packed).html
    public = documents.meeting_invitation_printable(packed, public=True).html

    assert "Personalsak" in html and "Personalsak" not in public
    assert "Unntatt offentlighet, offl. § 25" in public


def test_an_outsider_gets_404_for_the_pack(
    client, packed, reader, outsider, django_capture_on_commit_callbacks
):
    document, _ = make(client, packed, "pack", reader, django_capture_on_commit_callbacks)
    client.force_login(outsider)

    assert client.get(document_download_url(document)).status_code == 404
    response = client.post(reverse("meetings:meeting_pdf", args=[packed.pk]), {"kind": "pack"})
    assert response.status_code == 404


def test_the_meeting_page_offers_both_packs(client, packed, reader):
    client.force_login(reader)
    page = client.get(reverse("meetings:meeting_detail", args=[packed.pk])).text

    assert "Møtebok (PDF)" in page and "Offentlig møtebok" in page
