"""History outlives its people: the foreign keys to users are SET_NULL, and a page that names
whoever did something must still answer when that account is deleted."""

import pytest
from django.urls import reverse

from agreements import services
from partnerships.models import Membership, Side
from tests.agreements import pdf_upload, write
from tests.factories import MembershipFactory, UserFactory, pdf_bytes

pytestmark = pytest.mark.django_db


def test_pages_name_a_deleted_user_instead_of_failing(
    client, agreement, nav_leder, media, django_capture_on_commit_callbacks
):
    gone = UserFactory(username="sluttet")
    MembershipFactory(
        user=gone, partnership=agreement.partnership, side=Side.OFFICE, role=Membership.Role.EDITOR
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_add(
            agreement=agreement,
            user=gone,
            kind="other",
            title="Vedtak",
            upload=pdf_upload(pdf_bytes()),
        )
    write(agreement, "2.0", gone, "<p>Skrevet av en som har sluttet.</p>")
    section = agreement.sections.get(number="2.0")
    gone.delete()
    client.force_login(nav_leder)

    page = client.get(reverse("agreements:agreement_detail", args=[agreement.pk]))
    section_page = client.get(reverse("agreements:section_detail", args=[agreement.pk, section.pk]))

    assert page.status_code == section_page.status_code == 200
    assert "en slettet bruker" in page.text
    assert "en slettet bruker" in section_page.text
