"""Redis → Celery worker → PostgreSQL → back: the password reset e-mail, sent for real."""

import re
import uuid

import pytest
from django.core import mail
from django.urls import reverse

from navpartner.tasks import send_password_reset_email
from tests.factories import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Fjordhest-ved-Grorud-2026"  # noqa: S105


def unique_address():
    return f"kari.{uuid.uuid4().hex[:12]}@example.org"


def plain_body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def test_password_reset_link_from_the_worker_lets_the_user_choose_a_new_password(
    client, worker_outbox
):
    address = unique_address()
    user = UserFactory(username=address.split("@")[0], email=address)

    response = client.post(reverse("password_reset"), {"email": address})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    message = worker_outbox(address)  # written by the worker, not by this process:
    assert mail.outbox == []
    assert message["To"] == address
    link = re.search(r"http://testserver(/konto/nytt-passord/[\w-]+/[\w-]+/)", plain_body(message))
    assert link, plain_body(message)

    response = client.get(link.group(1))  # the token moves into the session ...
    assert response.status_code == 302
    set_password_url = response["Location"]
    assert set_password_url.endswith("/set-password/")
    assert client.get(set_password_url).status_code == 200
    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")
    assert client.login(username=user.username, password=NEW_PASSWORD)
    assert not client.login(username=user.username, password="password")
    response = client.get(link.group(1))  # ... and the link works only once
    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_task_result_comes_back_through_the_redis_result_backend(worker_outbox):
    address = unique_address()
    user = UserFactory(username=address.split("@")[0], email=address)

    sent = send_password_reset_email.delay(user_id=user.pk, language="nb")
    unknown = send_password_reset_email.delay(user_id=user.pk + 1_000_000, language="nb")

    assert sent.get(timeout=20) is True
    assert unknown.get(timeout=20) is False
    body = plain_body(worker_outbox(address))
    assert "http://testserver/konto/nytt-passord/" in body
