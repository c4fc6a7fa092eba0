"""The forum's required number of meetings follows point 3.1 of the agreement in force, not
the number copied when the forum was made: a new agreement in force shows at once on the
forum page and in the overview (Grorud, clock at Monday 2 February 2026)."""

import datetime as dt

import pytest
from django.urls import reverse

from agreements.models import Agreement
from agreements.services import agreement_create, agreement_start_revision
from meetings.models import Forum
from meetings.selectors import forums_frequency
from meetings.services import forum_for_partnership
from tests.oversight import meeting_on, put_in_force

OVERVIEW = "/oversikt/"


def say_meetings_per_year(agreement, value):
    """Set the number in the agreement's point 3.1 (None: 3.1 says nothing of it)."""
    section = agreement.sections.get(template_section__structured="meetings")
    section.structured = {**section.structured, "meetings_per_year": value}
    section.save(update_fields=["structured"])


@pytest.fixture
def on_track_for_two(forum):
    """Two meetings held in the last 12 months and the next one planned: enough for the
    twice a year the forum was made with."""
    assert forum.meetings_per_year == 2
    meeting_on(forum, dt.date(2025, 5, 6))
    meeting_on(forum, dt.date(2025, 11, 4))
    meeting_on(forum, dt.date(2026, 3, 10), status="planned")
    return forum


def forum_page(client, user, forum) -> str:
    client.force_login(user)
    response = client.get(reverse("meetings:forum_detail", args=[forum.pk]))
    assert response.status_code == 200
    return response.text


def overview_cell(client, user) -> str:
    """Grorud's cell "meets as agreed" on the overview."""
    client.force_login(user)
    page = client.get(OVERVIEW).text
    row = next(r for r in page.split('data-testid="overview-row"')[1:] if "NAV Grorud" in r)
    cell = row.split('data-testid="cell-frequency"')[1]
    return cell.split("</td>")[0]


def test_an_agreement_in_force_requiring_four_shows_on_the_forum_page_and_the_overview(
    client, world, on_track_for_two, agreement, nav_leder, state_signatory
):
    assert "Avtalt: minst 2 møter i året." in forum_page(client, nav_leder, on_track_for_two)
    assert 'data-testid="frequency-behind"' not in forum_page(client, nav_leder, on_track_for_two)
    assert "2 av 2 på 12 måneder" in overview_cell(client, state_signatory)
    assert "I rute" in overview_cell(client, state_signatory)

    say_meetings_per_year(agreement, 4)
    put_in_force(agreement, since=dt.date(2026, 1, 1))

    page = forum_page(client, nav_leder, on_track_for_two)
    assert "Avtalt: minst 4 møter i året." in page
    assert 'data-testid="frequency-behind"' in page
    cell = overview_cell(client, state_signatory)
    assert "2 av 4 på 12 måneder" in cell
    assert "Henger etter" in cell and "I rute" not in cell
    # The stored number is only the fallback: it did not have to change.
    assert Forum.objects.get(pk=on_track_for_two.pk).meetings_per_year == 2


def test_a_revision_put_in_force_replaces_the_number_of_the_version_before(
    client, world, on_track_for_two, agreement, nav_leder, municipal_signatory, state_signatory
):
    say_meetings_per_year(agreement, 2)
    put_in_force(agreement, since=dt.date(2025, 1, 1))
    revision = agreement_start_revision(agreement=agreement, user=municipal_signatory)
    say_meetings_per_year(revision, 4)
    assert "2 av 2 på 12 måneder" in overview_cell(client, state_signatory)

    # As agreements_activate_due does when the revision's start date comes.
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.REVISED)
    put_in_force(revision, since=dt.date(2026, 2, 1))

    assert "Avtalt: minst 4 møter i året." in forum_page(client, nav_leder, on_track_for_two)
    assert "2 av 4 på 12 måneder" in overview_cell(client, state_signatory)


def test_an_agreement_not_yet_in_force_does_not_count(
    client, on_track_for_two, agreement, nav_leder
):
    say_meetings_per_year(agreement, 4)  # still a draft

    assert "Avtalt: minst 2 møter i året." in forum_page(client, nav_leder, on_track_for_two)


def test_a_bydel_whose_3_1_is_silent_follows_the_central_agreement(
    client, world, on_track_for_two, agreement, state_signatory, nav_leder
):
    central = agreement_create(partnership=world.central, user=state_signatory)
    say_meetings_per_year(central, 3)
    put_in_force(central, since=dt.date(2025, 1, 1))
    say_meetings_per_year(agreement, 2)
    put_in_force(agreement, since=dt.date(2025, 1, 1))
    assert "Avtalt: minst 2 møter i året." in forum_page(client, nav_leder, on_track_for_two)

    say_meetings_per_year(agreement, None)

    page = forum_page(client, nav_leder, on_track_for_two)
    assert "Avtalt: minst 3 møter i året." in page
    assert 'data-testid="frequency-behind"' in page


def test_the_overview_reads_3_1_in_one_query_however_many_forums(
    world, on_track_for_two, agreement, state_signatory, django_assert_num_queries
):
    central = agreement_create(partnership=world.central, user=state_signatory)
    say_meetings_per_year(central, 6)
    put_in_force(central, since=dt.date(2025, 1, 1))
    say_meetings_per_year(agreement, 4)
    put_in_force(agreement, since=dt.date(2025, 1, 1))
    for partnership in (world.other_partnership, world.central):
        forum_for_partnership(partnership=partnership)
    forums = list(Forum.objects.select_related("partnership"))
    assert len(forums) == 3

    # Point 3.1 of the agreements in force (the central one too), the meetings.
    with django_assert_num_queries(2):
        frequency = forums_frequency(forums, dt.date(2026, 2, 2))

    required = {f.partnership_id: frequency[f.pk].required_per_year for f in forums}
    # Frogner has no agreement in force: the number its forum was made with.
    assert required == {world.partnership.pk: 4, world.other_partnership.pk: 2, world.central.pk: 6}
