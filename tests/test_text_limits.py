"""Every text people write has a limit, checked whichever way the text comes in: a form, a
service, an import. Over it: a Norwegian message and a 400, nothing stored."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from meetings.models import AgendaItem
from meetings.services import item_record
from navpartner import limits
from tests.meetings import accepted, at, meeting_url, plan

PROJECT_APPS = {"navpartner", "partnerships", "archive", "agreements", "meetings", "costsharing"}
# Not written by people: the HTML a PDF is rendered from.
EXEMPT = {("navpartner", "RenderedDocument", "html")}


def test_every_text_field_of_the_project_has_a_limit_full_clean_checks():
    unbounded = [
        (model._meta.app_label, model.__name__, field.name)
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField)
        and (model._meta.app_label, model.__name__, field.name) not in EXEMPT
        and not any(isinstance(v, MaxLengthValidator) for v in field.validators)
    ]
    assert unbounded == []


@pytest.fixture
def meeting(forum, nav_leder):
    return plan(forum, nav_leder, at(2026, 3, 10))


def test_a_description_over_the_limit_is_400_with_a_norwegian_message(client, meeting, reader):
    client.force_login(reader)

    response = client.post(
        meeting_url(meeting, "item_submit"),
        {"kind": "orientation", "title": "Lang", "description": "x" * (limits.DESCRIPTION + 1)},
    )

    assert response.status_code == 400
    assert f"har {limits.DESCRIPTION} eller færre tegn" in response.text
    assert not AgendaItem.objects.filter(title="Lang").exists()


def test_a_service_refuses_minutes_over_the_limit_and_keeps_what_was_saved(
    meeting, nav_leder, reader, clock
):
    item = accepted(meeting, nav_leder, reader, "Budsjett")
    clock.move_to(at(2026, 3, 10, 12), tick=False)
    item_record(item=item, user=nav_leder, minutes="Drøftet.")

    with pytest.raises(ValidationError) as error:
        item_record(item=item, user=nav_leder, minutes="x" * (limits.MINUTES + 1))

    assert "minutes" in error.value.message_dict
    item.refresh_from_db()
    assert item.minutes == "Drøftet."
