"""Offentleglova: the secretary marks what of an item the public may not see (issue 14)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.services import item_attachment_add
from tests.factories import pdf_bytes

from . import accepted, item_url, meeting_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(meeting, nav_leder, reader, django_capture_on_commit_callbacks):
    item = accepted(meeting, nav_leder, reader, "Brukersak Ola")
    with django_capture_on_commit_callbacks(execute=True):
        item_attachment_add(
            item=item,
            user=nav_leder,
            title="Vedtak i saken",
            upload=SimpleUploadedFile("v.pdf", pdf_bytes()),
        )
    return item


def form_data(item, **values):
    attachment = item.attachments.get()
    return {
        "basis": "",
        "provision": "",
        "scope": "item",
        f"attachment_{attachment.pk}_basis": "",
        f"attachment_{attachment.pk}_provision": "",
        **values,
    }


def test_the_secretary_marks_an_item_and_an_attachment_exempt(client, meeting, item, nav_leder):
    client.force_login(nav_leder)
    attachment = item.attachments.get()
    url = item_url(meeting, item, "item_publicity")

    page = client.get(url)
    assert page.status_code == 200
    assert "Taushetsplikt" in page.text or "taushetsplikt" in page.text

    response = client.post(
        url,
        form_data(
            item,
            basis="13",
            provision="fvl. § 13 første ledd nr. 1",
            **{f"attachment_{attachment.pk}_basis": "25"},
        ),
    )

    assert response.status_code == 302
    item.refresh_from_db()
    attachment.refresh_from_db()
    assert item.exemption_notice == (
        "Unntatt offentlighet, offl. § 13, jf. fvl. § 13 første ledd nr. 1"
    )
    assert attachment.exemption_reference == "offl. § 25"
    shown = client.get(meeting_url(meeting)).text
    assert 'data-testid="item-exempt"' in shown
    assert "offl. § 13 jf. fvl. § 13 første ledd nr. 1" in shown
    assert 'data-testid="attachment-exempt"' in shown


def test_section_13_without_the_provision_is_refused_and_nothing_is_saved(
    client, meeting, item, nav_leder
):
    client.force_login(nav_leder)
    attachment = item.attachments.get()

    response = client.post(
        item_url(meeting, item, "item_publicity"),
        form_data(item, basis="13", **{f"attachment_{attachment.pk}_basis": "14"}),
    )

    assert response.status_code == 400
    assert "taushetsplikt" in response.text
    item.refresh_from_db()
    attachment.refresh_from_db()
    assert (item.exempt_basis, attachment.exempt_basis) == ("", "")


def test_only_the_secretary_decides_and_outsiders_learn_nothing(
    client, meeting, item, reader, outsider
):
    url = item_url(meeting, item, "item_publicity")
    client.force_login(reader)
    assert client.get(url).status_code == 403
    assert client.post(url, form_data(item, basis="14")).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    item.refresh_from_db()
    assert item.exempt_basis == ""
