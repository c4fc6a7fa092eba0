"""Requests no form sends: too large, too many fields, not UTF-8. Each gets the product's own
page with a Norwegian message, and nothing is stored."""

import pytest

from meetings.models import AgendaItem
from tests.meetings import at, meeting_url, plan


@pytest.fixture
def meeting(forum, nav_leder):
    return plan(forum, nav_leder, at(2026, 3, 10))


def test_an_oversize_post_is_413_with_the_products_page(client, meeting, reader, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(reader)

    response = client.post(
        meeting_url(meeting, "item_submit"),
        {"kind": "orientation", "title": "Stor", "description": "x" * 20_000},
    )

    assert response.status_code == 413
    assert "Forespørselen er for stor." in response.text
    assert "<h1>Forespørselen ble avvist</h1>" in response.text
    assert not AgendaItem.objects.filter(title="Stor").exists()


def test_too_many_fields_is_400_with_a_message(client, meeting, reader, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client.force_login(reader)

    data = {"kind": "orientation", "title": "Mange"} | {f"f{n}": "x" for n in range(20)}
    response = client.post(meeting_url(meeting, "item_submit"), data)

    assert response.status_code == 400
    assert "Skjemaet har for mange felt" in response.text
    assert not AgendaItem.objects.filter(title="Mange").exists()


@pytest.mark.parametrize("title", [b"%FF%FE", b"Ung%E5"])
def test_invalid_utf8_in_a_form_is_400_and_nothing_is_stored(client, meeting, reader, title):
    client.force_login(reader)

    response = client.post(
        meeting_url(meeting, "item_submit"),
        b"kind=orientation&title=" + title,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
    assert "Skjemaet inneholdt tegn som ikke kunne leses. Ingenting ble lagret." in response.text
    assert not AgendaItem.objects.filter(fixed="").exists()


def test_invalid_utf8_in_a_multipart_text_field_is_400(client, meeting, reader):
    client.force_login(reader)
    boundary = "grense"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\norientation\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\n'
        ).encode()
        + b"\xff\xfe\r\n"
        + f"--{boundary}--\r\n".encode()
    )

    response = client.post(
        meeting_url(meeting, "item_submit"),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )

    assert response.status_code == 400
    assert not AgendaItem.objects.filter(fixed="").exists()


def test_valid_utf8_still_goes_through(client, meeting, reader):
    client.force_login(reader)

    response = client.post(
        meeting_url(meeting, "item_submit"),
        b"kind=orientation&title=Bl%C3%A5+m%C3%B8te",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 302
    assert AgendaItem.objects.get(fixed="").title == "Blå møte"
