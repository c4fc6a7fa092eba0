"""The demo's meeting papers: a member makes and downloads Grorud's invitation and minutes;
an outsider learns nothing. Every test here reads the demo, seeded once for the module."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from pypdf import PdfReader

from meetings.models import Meeting
from navpartner.models import RenderedDocument


def test_members_make_and_download_the_invitation_and_minutes(
    demo, client, media, django_capture_on_commit_callbacks
):
    meeting = Meeting.objects.get(
        forum__partnership__office__name="NAV Grorud", status="minutes_approved"
    )
    client.force_login(get_user_model().objects.get(username="bydelsdirektor.grorud"))
    url = reverse("meetings:meeting_pdf", args=[meeting.pk])

    with django_capture_on_commit_callbacks(execute=True):
        for kind in ("invitation", "minutes"):
            response = client.post(url, {"kind": kind})
            assert response.status_code == 302

    documents = RenderedDocument.objects.filter(object_id=meeting.pk, kind__startswith="meeting_")
    assert sorted(d.kind for d in documents) == ["meeting_invitation", "meeting_minutes"]
    minutes = documents.get(kind="meeting_minutes")
    download = client.get(
        reverse("documents:download", args=[minutes.kind, meeting.pk, minutes.pk])
    )
    text = "".join(p.extract_text() for p in PdfReader(minutes.file.open("rb")).pages)
    assert download["Content-Disposition"].startswith("attachment;")
    assert "Virksomhetsplanen vedtas" in text
    assert client.post(url, {"kind": "secret"}).status_code == 404


def test_outsiders_see_no_meeting_documents(demo, client):
    meeting = Meeting.objects.filter(forum__partnership__office__name="NAV Grorud").first()
    client.force_login(get_user_model().objects.get(username="bydelsdirektor.frogner"))

    response = client.post(
        reverse("meetings:meeting_pdf", args=[meeting.pk]), {"kind": "invitation"}
    )

    assert response.status_code == 404
