"""Recording that the parties evaluated the agreement in force (point 9.0)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from agreements.models import AgreementEvent
from agreements.selectors.deadlines import agreement_deadlines


def url(agreement):
    return reverse("agreements:agreement_evaluate", args=[agreement.pk])


@time_machine.travel(dt.datetime(2027, 2, 1, 12, tzinfo=dt.UTC), tick=False)
def test_the_page_says_the_evaluation_is_overdue_until_one_is_recorded(
    client, in_force, state_editor
):
    client.force_login(state_editor)
    detail = reverse("agreements:agreement_detail", args=[in_force.pk])
    page = client.get(detail).content.decode()
    assert "Neste evaluering innen 1. januar 2027" in page and "forfalt" in page

    response = client.post(url(in_force), {"evaluated_on": "2027-01-20", "note": "Ingen endring"})

    assert response.status_code == 302
    in_force.refresh_from_db()
    assert in_force.last_evaluated_on == dt.date(2027, 1, 20)
    event = in_force.events.get(kind=AgreementEvent.Kind.EVALUATED)
    assert event.actor == state_editor and "Ingen endring" in event.detail
    page = client.get(detail).content.decode()
    assert "Neste evaluering innen 20. januar 2028" in page
    assert agreement_deadlines([in_force])[in_force.pk].evaluation_due == dt.date(2028, 1, 20)


@time_machine.travel(dt.datetime(2027, 2, 1, 12, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2027-03-01", "Evalueringen kan ikke være fram i tid."),
        ("2025-12-31", "Evalueringen kan ikke være før avtalen trådte i kraft."),
        ("", "Oppgi dagen partene evaluerte avtalen."),
    ],
)
def test_bad_dates_are_refused_with_a_message(client, in_force, state_editor, day, message):
    client.force_login(state_editor)

    response = client.post(url(in_force), {"evaluated_on": day})

    assert response.status_code == 400
    assert message in response.content.decode()
    in_force.refresh_from_db()
    assert in_force.last_evaluated_on is None


def test_only_editors_record_it(client, in_force, reader, outsider):
    client.force_login(reader)
    assert client.post(url(in_force), {"evaluated_on": "2026-06-01"}).status_code == 403
    client.force_login(outsider)
    assert client.post(url(in_force), {"evaluated_on": "2026-06-01"}).status_code == 404
    assert client.get(url(in_force)).status_code == 405
    in_force.refresh_from_db()
    assert in_force.last_evaluated_on is None


def test_an_agreement_not_in_force_is_not_evaluated(client, approved, state_editor):
    client.force_login(state_editor)
    response = client.post(url(approved), {"evaluated_on": "2026-06-01"})
    assert response.status_code == 400
    assert "Bare avtalen som er i kraft, evalueres." in response.content.decode()
