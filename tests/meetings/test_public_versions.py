"""Public versions of the meeting papers (offentleglova): what is exempt is replaced by
"Unntatt offentlighet, offl. § …"; the members' version keeps everything (issue 14)."""

import pytest
from django.urls import reverse

from meetings import documents
from meetings.models import AgendaItem
from meetings.services import item_publicity_set
from navpartner.documents import document_download_url
from navpartner.models import RenderedDocument

from .test_documents import flat, held, march, pdf_text  # noqa: F401  (fixtures)

pytestmark = pytest.mark.usefixtures("bokmal")


@pytest.fixture
def exempt(held, nav_leder):  # noqa: F811  (the fixture imported above)
    """The decision item wholly exempt under § 13; the orientation item only its minutes."""
    decision, orientation = AgendaItem.objects.filter(meeting=held, fixed="").order_by("position")
    item_publicity_set(
        item=decision, user=nav_leder, basis="13", provision="fvl. § 13 første ledd nr. 1"
    )
    AgendaItem.objects.filter(pk=orientation.pk).update(minutes="Lønnsforhold for en ansatt.")
    item_publicity_set(
        item=orientation, user=nav_leder, basis="25", scope=AgendaItem.ExemptScope.MINUTES
    )
    return held


def test_the_public_minutes_withhold_what_is_exempt_and_name_the_basis(exempt):
    public, _ = pdf_text(documents.meeting_minutes_printable(exempt, public=True).html)
    full, _ = pdf_text(documents.meeting_minutes_printable(exempt).html)
    public, full = flat(public), flat(full)

    for secret in (
        "Felles tiltaksplan for unge brukere",  # the exempt item's title
        "Med mål fra begge styringslinjer",  # its description
        "Eierne støttet den",  # its minutes
        "Tiltaksplanen vedtas",  # its decision
        "Kjærsti Ødegård",  # its action's owner
        "Lønnsforhold for en ansatt",  # the other item's minutes
    ):
        assert secret in full
        assert secret not in public
    assert "Unntatt offentlighet, offl. § 13, jf. fvl. § 13 første ledd nr. 1" in public
    assert "Unntatt offentlighet, offl. § 25" in public
    assert "Økonomi og årsrapport" in public  # only its minutes entry is exempt
    assert "offentlig versjon" in public.lower()


def test_the_public_invitation_lists_the_item_by_number_only(exempt):
    public, _ = pdf_text(documents.meeting_invitation_printable(exempt, public=True).html)
    public = flat(public)

    assert "Felles tiltaksplan" not in public and "Forslag til plan" not in public
    assert "Unntatt offentlighet, offl. § 13" in public
    assert "Økonomi og årsrapport" in public


def test_any_member_makes_the_public_version_from_the_meeting_page(
    client, exempt, reader, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    page = client.get(reverse("meetings:meeting_detail", args=[exempt.pk])).text
    assert 'data-testid="public-minutes"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("meetings:meeting_pdf", args=[exempt.pk]), {"kind": "minutes_public"}
        )

    assert response.status_code == 302
    document = RenderedDocument.objects.get(kind="meeting_minutes_public")
    assert document.title.endswith("(offentlig versjon)")
    download = client.get(document_download_url(document))
    assert download.status_code == 200
