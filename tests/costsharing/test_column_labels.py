"""One English word, two Norwegian meanings: the edit/remove column of the cost tables is
"Handlinger" (things to do on a row), while a meeting's actions stay "Oppfølgingspunkter".
The column header is hidden, so only a screen reader user would notice the wrong word."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from meetings.services import action_add, meeting_plan

OSLO = ZoneInfo("Europe/Oslo")


def hidden_column_headers(html: str) -> list[str]:
    return re.findall(r'<th scope="col"><span class="visually-hidden">([^<]*)</span></th>', html)


def test_the_cost_tables_edit_column_is_called_handlinger(client, nav_leder, driftsavtale):
    client.force_login(nav_leder)

    response = client.get(reverse("costsharing:detail", args=[driftsavtale.pk]))

    assert response.status_code == 200
    headers = hidden_column_headers(response.text)
    # The expense table, and the årsverk periods of each side.
    assert headers == ["Handlinger", "Handlinger", "Handlinger"]
    assert "Oppfølgingspunkter" not in response.text


@pytest.mark.usefixtures("clock")
def test_a_meetings_actions_are_still_oppfolgingspunkter(client, forum, nav_leder, time_machine):
    starts = datetime(2026, 3, 10, 10, tzinfo=OSLO)
    meeting = meeting_plan(
        forum=forum,
        user=nav_leder,
        starts_at=starts,
        ends_at=starts.replace(hour=12),
        place="Grorud",
    )
    time_machine.move_to(starts.replace(minute=30), tick=False)
    action_add(
        item=meeting.items.get(fixed="actions"),
        user=nav_leder,
        description="Lag plan",
        owner="Kari",
        due_date=date(2026, 4, 1),
    )
    client.force_login(nav_leder)

    response = client.get(reverse("meetings:meeting_detail", kwargs={"pk": meeting.pk}))

    assert response.status_code == 200
    assert '<h4 class="h6 mt-2">Oppfølgingspunkter</h4>' in response.text
    assert "Handlinger" not in response.text
