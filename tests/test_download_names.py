"""Downloaded files keep their æøå: the real name in RFC 6266's `filename*` (UTF-8), and a
plain-ASCII `filename` with the letters spelt out for clients that read only that."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from navpartner.models import RenderedDocument
from tests.meetings import at, plan

pytestmark = pytest.mark.usefixtures("bokmal", "media")


def names(response) -> str:
    return response["Content-Disposition"]


def test_a_meeting_invitation_keeps_its_norwegian_letters(
    client, forum, nav_leder, reader, django_capture_on_commit_callbacks
):
    meeting = plan(forum, nav_leder, at(2026, 12, 18))
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:meeting_pdf", args=[meeting.pk]), {"kind": "invitation"})
    document = RenderedDocument.objects.get(kind="meeting_invitation", object_id=meeting.pk)

    download = client.get(
        reverse("documents:download", args=[document.kind, meeting.pk, document.pk])
    )

    real = "møteinnkalling-partnerskapsmøtet-nav-grorud-18122026.pdf"
    assert download.status_code == 200
    assert names(download) == (
        'attachment; filename="moteinnkalling-partnerskapsmotet-nav-grorud-18122026.pdf"; '
        f"filename*=UTF-8''{quote(real)}"
    )


def test_a_driftsavtale_export_keeps_its_norwegian_letters(client, reader, driftsavtale, world):
    office = world.partnership.office
    office.name = "NAV Bærum Østre Åsen"
    office.save()
    client.force_login(reader)

    response = client.get(reverse("costsharing:export", args=[driftsavtale.pk, "fordeling", "csv"]))

    real = "driftsavtale-2026-nav-bærum-østre-åsen-fordeling.csv"
    assert response.status_code == 200
    assert names(response) == (
        'attachment; filename="driftsavtale-2026-nav-baerum-ostre-asen-fordeling.csv"; '
        f"filename*=UTF-8''{quote(real)}"
    )
    assert "%C3%A6" in names(response)  # æ, in UTF-8


def test_a_plain_name_needs_no_second_parameter(client, reader, driftsavtale):
    client.force_login(reader)

    response = client.get(reverse("costsharing:export", args=[driftsavtale.pk, "avregning", "csv"]))

    assert names(response) == 'attachment; filename="driftsavtale-2026-nav-grorud-avregning.csv"'
