"""The one status page and the one download of every printed document: reached only through
the owner's gate, and only for a print of exactly that owner."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from agreements.services import agreement_create
from navpartner.documents import document_make
from navpartner.models import RenderedDocument
from navpartner.services import document_request
from tests.factories import OperatingAgreementFactory
from tests.meetings import at, make_forum, plan

KINDS = ["agreement", "agreement_archive", "meeting_invitation", "meeting_minutes", "driftsavtale"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def meeting(world, nav_leder, municipal_signatory, reader, time_machine):
    time_machine.move_to(at(2026, 2, 2, 9), tick=False)
    forum = make_forum(
        world.partnership, secretary=nav_leder, members=[municipal_signatory, reader]
    )
    return plan(forum, nav_leder, at(2026, 3, 10))


@pytest.fixture
def owners(agreement, meeting, driftsavtale):
    return {
        "agreement": agreement,
        "agreement_archive": agreement,
        "meeting_invitation": meeting,
        "meeting_minutes": meeting,
        "driftsavtale": driftsavtale,
    }


def ready(owner, kind, user, capture, text="Dokument") -> RenderedDocument:
    with capture(execute=True):
        document = document_request(
            owner=owner, kind=kind, title=text, html=f"<p>{text}</p>", user=user
        )
    document.refresh_from_db()
    assert document.status == RenderedDocument.Status.READY
    return document


def urls(kind, owner_pk, document_pk) -> tuple[str, str]:
    args = [kind, owner_pk, document_pk]
    return reverse("documents:detail", args=args), reverse("documents:download", args=args)


@pytest.mark.parametrize("kind", KINDS)
def test_a_member_follows_and_downloads_the_pdf(
    client, owners, reader, kind, django_capture_on_commit_callbacks
):
    owner = owners[kind]
    document = ready(owner, kind, reader, django_capture_on_commit_callbacks)
    detail, download = urls(kind, owner.pk, document.pk)
    client.force_login(reader)

    page = client.get(detail)
    response = client.get(download)

    assert page.status_code == 200
    assert 'data-status="ready"' in page.content.decode()
    assert download in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("kind", KINDS)
def test_an_outsider_gets_404(
    client, owners, reader, outsider, kind, django_capture_on_commit_callbacks
):
    owner = owners[kind]
    document = ready(owner, kind, reader, django_capture_on_commit_callbacks)
    client.force_login(outsider)

    for url in urls(kind, owner.pk, document.pk):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_is_sent_to_log_in(
    client, owners, reader, kind, django_capture_on_commit_callbacks
):
    owner = owners[kind]
    document = ready(owner, kind, reader, django_capture_on_commit_callbacks)

    for url in urls(kind, owner.pk, document.pk):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/logg-inn/")


@pytest.mark.parametrize("kind", ["agreement", "meeting_invitation", "driftsavtale"])
def test_a_print_of_another_object_of_the_same_kind_is_404(
    client, owners, world, reader, nav_leder, outsider, kind, django_capture_on_commit_callbacks
):
    """A document is only ever reached under its own object, even by someone who may see
    both (the other meeting, the other year) or through an object they may see."""
    owner = owners[kind]
    if kind == "agreement":
        other = agreement_create(partnership=world.other_partnership, user=outsider)
    elif kind == "driftsavtale":
        other = OperatingAgreementFactory(partnership=world.partnership, year=2025)
    else:
        other = plan(owner.forum, nav_leder, at(2026, 4, 14))
    of_other = ready(other, kind, reader, django_capture_on_commit_callbacks)
    client.force_login(reader)

    for url in urls(kind, owner.pk, of_other.pk):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_a_print_of_another_model_with_the_same_pk_is_404(
    client, owners, reader, kind, django_capture_on_commit_callbacks
):
    """A document whose owner is another kind of object (an agreement's PDF filed as a
    meeting's, or the reverse) is not served, even when the numbers happen to match."""
    owner = owners[kind]
    stranger = owners["meeting_minutes"] if kind.startswith("agreement") else owners["agreement"]
    document = ready(stranger, kind, reader, django_capture_on_commit_callbacks)
    RenderedDocument.objects.filter(pk=document.pk).update(object_id=owner.pk)
    assert document.content_type != ContentType.objects.get_for_model(owner)
    client.force_login(reader)

    for url in urls(kind, owner.pk, document.pk):
        assert client.get(url).status_code == 404


def test_a_print_of_another_kind_of_the_same_object_is_404(
    client, agreement, reader, django_capture_on_commit_callbacks
):
    archive = ready(agreement, "agreement_archive", reader, django_capture_on_commit_callbacks)
    client.force_login(reader)

    for url in urls("agreement", agreement.pk, archive.pk):
        assert client.get(url).status_code == 404
    for url in urls("no_such_kind", agreement.pk, archive.pk):
        assert client.get(url).status_code == 404


def test_the_download_of_a_pdf_not_ready_yet_goes_to_the_status_page(
    client, agreement, reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        document = document_request(
            owner=agreement, kind="agreement", title="Avtale", html="<p>x</p>", user=reader
        )
    detail, download = urls("agreement", agreement.pk, document.pk)
    client.force_login(reader)

    response = client.get(download)

    assert (response.status_code, response["Location"]) == (302, detail)
    partial = client.get(detail, HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-get="{detail}"' in partial and "<html" not in partial


def test_a_failed_meeting_paper_is_made_again_as_the_same_paper(
    client, meeting, reader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        document = document_request(
            owner=meeting, kind="meeting_minutes", title="Referat", html="<p>x</p>", user=reader
        )
    RenderedDocument.objects.filter(pk=document.pk).update(
        status=RenderedDocument.Status.FAILED, error="font cache"
    )
    client.force_login(reader)

    partial = client.get(
        urls("meeting_minutes", meeting.pk, document.pk)[0], HTTP_HX_REQUEST="true"
    )

    text = partial.content.decode()
    assert reverse("meetings:meeting_pdf", args=[meeting.pk]) in text
    assert 'name="kind" value="minutes"' in text


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("nb", "Møteinnkalling – Partnerskapsmøtet – NAV Grorud"),
        ("nn", "Møteinnkalling – Partnarskapsmøtet – NAV Grorud"),
    ],
)
def test_a_meeting_paper_is_in_the_partnerships_language_whoever_asks(
    meeting, reader, language, title, django_capture_on_commit_callbacks
):
    partnership = meeting.forum.partnership
    partnership.document_language = language
    partnership.save(update_fields=["document_language"])

    # The one who asks reads English; the paper is the partnership's.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=False):
        document = document_make(kind="meeting_invitation", owner=meeting, user=reader)

    assert document.title.startswith(title)
