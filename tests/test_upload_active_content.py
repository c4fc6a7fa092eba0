"""Uploaded PDFs lose their active content before they are stored (issue 14)."""

import hashlib
import io

import pikepdf
import pytest
from django.urls import reverse

from navpartner.uploads import pdf_active_content_strip
from tests.agreements import pdf_upload
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db


def hostile_pdf() -> bytes:
    """Two pages that run JavaScript on opening, launch a program from a link, run more script
    when page 2 opens, and carry an embedded executable."""
    pdf = pikepdf.open(io.BytesIO(pdf_bytes(pages=2)))
    script = pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('x')"))
    )
    pdf.Root.OpenAction = script
    launch = pikepdf.Dictionary(
        S=pikepdf.Name.Launch, F=pikepdf.String("C:\\Windows\\System32\\cmd.exe")
    )
    link = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Link,
        Rect=[0, 0, 100, 100],
        A=launch,
    )
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(link)]))
    pdf.pages[1].obj.AA = pikepdf.Dictionary(
        O=pikepdf.Dictionary(
            S=pikepdf.Name.JavaScript, JS=pikepdf.String("this.exportDataObject()")
        )
    )
    pdf.attachments["tool.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ-not-really-a-program")
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def test_an_uploaded_attachment_is_stored_and_served_without_active_content(
    client, agreement, nav_leder, media, django_capture_on_commit_callbacks
):
    uploaded = hostile_pdf()
    assert b"/JavaScript" in uploaded and b"MZ-not-really" in uploaded  # the test's premise
    client.force_login(nav_leder)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("agreements:attachment_upload", args=[agreement.pk]),
            {"kind": "delegasjonsvedtak", "title": "Vedtak", "file": pdf_upload(uploaded)},
        )
    attachment = agreement.attachments.get()
    download = client.get(
        reverse("agreements:attachment_download", args=[agreement.pk, attachment.pk])
    )
    served = b"".join(download.streaming_content)

    assert served != uploaded
    for active in (b"/JavaScript", b"/JS", b"/Launch", b"/OpenAction", b"/EmbeddedFiles"):
        assert active not in served
    assert b"MZ-not-really" not in served  # the embedded file is gone, not only unlinked
    with pikepdf.open(io.BytesIO(served)) as clean:
        assert len(clean.pages) == 2
        assert "/AA" not in clean.pages[1].obj
        assert not clean.attachments
    assert attachment.sha256 == hashlib.sha256(served).hexdigest()  # named by what is stored


def test_a_pdf_without_active_content_is_stored_byte_for_byte():
    plain = pdf_bytes(pages=3)

    assert pdf_active_content_strip(plain) == plain
