"""The forum's year plan (årshjul): the secretary's items, picked up by new meetings by month
or by the meeting's number in the year, and the year on the forum page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from meetings.models import AgendaItem, MeetingEvent, YearPlanItem
from meetings.services import (
    meeting_cancel,
    year_plan_item_add,
    year_plan_item_remove,
    year_plan_item_update,
)
from meetings.services.yearplan import year_plan_put_on_agenda

from . import Kind, at, nb, plan

EITHER = "Choose either a month or a meeting of the year, not both."


def add(forum, user, title="Budsjett for neste år", kind=Kind.DECISION, **when):
    return year_plan_item_add(forum=forum, user=user, title=title, kind=kind, **when)


def picked(meeting) -> list[str]:
    return list(
        meeting.items.filter(year_plan_item__isnull=False)
        .order_by("position")
        .values_list("title", flat=True)
    )


# --- services --------------------------------------------------------------------------------


class TestServices:
    def test_add_update_remove_record_events(self, forum, nav_leder):
        item = add(forum, nav_leder, month=10)
        year_plan_item_update(
            item=item, user=nav_leder, title="Budsjett", kind=Kind.DISCUSSION, meeting_number=2
        )
        item.refresh_from_db()
        assert (item.title, item.kind, item.month, item.meeting_number) == (
            "Budsjett",
            Kind.DISCUSSION,
            None,
            2,
        )
        year_plan_item_remove(item=item, user=nav_leder)
        assert not YearPlanItem.objects.exists()
        kinds = set(forum.events.values_list("kind", flat=True))
        assert {
            MeetingEvent.Kind.YEAR_PLAN_ITEM_ADDED,
            MeetingEvent.Kind.YEAR_PLAN_ITEM_CHANGED,
            MeetingEvent.Kind.YEAR_PLAN_ITEM_REMOVED,
        } <= kinds

    @pytest.mark.parametrize(
        "when", [{}, {"month": 3, "meeting_number": 1}, {"month": 13}, {"meeting_number": 0}]
    )
    def test_month_or_meeting_number_one_of_them_in_range(self, forum, nav_leder, when):
        with pytest.raises(ValidationError):
            add(forum, nav_leder, **when)
        assert not YearPlanItem.objects.exists()

    def test_neither_or_both_says_so(self, forum, nav_leder, bokmal):
        with pytest.raises(ValidationError) as error:
            add(forum, nav_leder, month=3, meeting_number=1)
        assert nb(EITHER) in error.value.messages

    def test_only_the_secretary(self, forum, reader):
        with pytest.raises(PermissionDenied):
            add(forum, reader, month=3)

    def test_a_meeting_in_the_month_gets_the_item_after_the_fixed_ones(self, forum, nav_leder):
        add(forum, nav_leder, "Beredskapsplanen", Kind.ORIENTATION, month=5)
        add(forum, nav_leder, "Budsjett", month=10)

        may = plan(forum, nav_leder, at(2026, 5, 12))

        item = may.items.get(year_plan_item__isnull=False)
        assert (item.title, item.kind, item.status) == (
            "Beredskapsplanen",
            Kind.ORIENTATION,
            AgendaItem.Status.ACCEPTED,
        )
        assert item.position == 4 and item.label == "Sak 01/26"
        assert picked(plan(forum, nav_leder, at(2026, 6, 2))) == []

    def test_the_month_is_oslos(self, forum, nav_leder):
        add(forum, nav_leder, "Februarsak", month=2)
        # 23:30 on 31 January in UTC is 00:30 on 1 February in Oslo.
        meeting = plan(forum, nav_leder, at(2026, 2, 1, 0, 30))
        assert picked(meeting) == ["Februarsak"]

    def test_by_meeting_number_not_counting_cancelled_ones(self, forum, nav_leder):
        add(forum, nav_leder, "Evaluering (9.0)", Kind.DISCUSSION, meeting_number=2)
        first = plan(forum, nav_leder, at(2026, 3, 10))
        cancelled = plan(forum, nav_leder, at(2026, 4, 10))
        assert picked(first) == []
        assert picked(cancelled) == ["Evaluering (9.0)"]
        meeting_cancel(meeting=cancelled, user=nav_leder, reason="For få")

        second = plan(forum, nav_leder, at(2026, 5, 10))
        assert picked(second) == ["Evaluering (9.0)"]
        # Last year's meetings do not count either: next year's second meeting gets it.
        assert picked(plan(forum, nav_leder, at(2027, 1, 10))) == []
        assert picked(plan(forum, nav_leder, at(2027, 2, 10))) == ["Evaluering (9.0)"]

    def test_an_item_by_month_and_one_by_number_both_once(self, forum, nav_leder):
        add(forum, nav_leder, "Budsjett", month=3)
        add(forum, nav_leder, "Avregning", meeting_number=1)
        meeting = plan(forum, nav_leder, at(2026, 3, 10))
        assert picked(meeting) == ["Budsjett", "Avregning"]
        assert meeting.items.count() == 5

        with transaction.atomic():
            assert year_plan_put_on_agenda(meeting=meeting, user=nav_leder) == []
        assert picked(meeting) == ["Budsjett", "Avregning"]


# --- pages -----------------------------------------------------------------------------------


def url(forum, name="year_plan", **kwargs):
    return reverse(f"meetings:{name}", kwargs={"pk": forum.pk, **kwargs})


FORM = {"title": "Avregning av driftsavtalen", "kind": "decision", "description": ""}


class TestYearPlanPage:
    def test_the_secretary_adds_an_item(self, client, forum, nav_leder):
        client.force_login(nav_leder)
        response = client.post(url(forum), {**FORM, "month": "2", "meeting_number": ""})
        assert response.status_code == 302
        item = YearPlanItem.objects.get()
        assert (item.forum, item.title, item.month, item.meeting_number) == (
            forum,
            "Avregning av driftsavtalen",
            2,
            None,
        )
        page = client.get(url(forum))
        assert "Avregning av driftsavtalen" in page.text
        assert nb("Every %(month)s") % {"month": "februar"} in page.text

    @pytest.mark.parametrize(
        "data,message",
        [
            ({**FORM, "month": "", "meeting_number": ""}, EITHER),
            ({**FORM, "month": "3", "meeting_number": "1"}, EITHER),
            ({**FORM, "month": "13", "meeting_number": ""}, None),
            ({**FORM, "title": "  ", "month": "3", "meeting_number": ""}, None),
        ],
    )
    def test_bad_input_is_400_nothing_lost(self, client, forum, nav_leder, data, message):
        client.force_login(nav_leder)
        response = client.post(url(forum), data)
        assert response.status_code == 400
        assert "is-invalid" in response.text
        if message:
            assert nb(message) in response.text
        assert 'value="Avregning av driftsavtalen"' in response.text or not data["title"].strip()
        assert not YearPlanItem.objects.exists()

    def test_outsider_404_reader_reads_but_403_on_changes(
        self, client, forum, nav_leder, reader, outsider
    ):
        item = add(forum, nav_leder, month=10)
        client.force_login(outsider)
        assert client.get(url(forum)).status_code == 404
        assert client.get(url(forum, "year_plan_item_edit", item_pk=item.pk)).status_code == 404
        client.force_login(reader)
        page = client.get(url(forum))
        assert page.status_code == 200
        assert "Budsjett for neste år" in page.text
        assert 'data-testid="year-plan-form"' not in page.text
        assert client.post(url(forum), {**FORM, "month": "2"}).status_code == 403
        edit = url(forum, "year_plan_item_edit", item_pk=item.pk)
        remove = url(forum, "year_plan_item_remove", item_pk=item.pk)
        assert client.get(edit).status_code == 403
        assert client.post(edit, {**FORM, "month": "2"}).status_code == 403
        assert client.get(remove).status_code == 403
        assert client.post(remove).status_code == 403
        assert YearPlanItem.objects.get().title == "Budsjett for neste år"

    def test_anonymous_goes_to_login(self, client, forum):
        assert client.get(url(forum))["Location"].startswith("/konto/logg-inn/")

    def test_edit_and_remove_after_confirmation(self, client, forum, nav_leder):
        item = add(forum, nav_leder, month=10)
        client.force_login(nav_leder)
        edit = url(forum, "year_plan_item_edit", item_pk=item.pk)
        assert client.post(edit, {**FORM, "month": "", "meeting_number": ""}).status_code == 400
        response = client.post(edit, {**FORM, "month": "", "meeting_number": "2"})
        assert response.status_code == 302
        item.refresh_from_db()
        assert (item.title, item.month, item.meeting_number) == (FORM["title"], None, 2)

        remove = url(forum, "year_plan_item_remove", item_pk=item.pk)
        confirm = client.get(remove)
        assert confirm.status_code == 200 and 'data-testid="confirm"' in confirm.text
        assert YearPlanItem.objects.exists()
        assert client.post(remove).status_code == 302
        assert not YearPlanItem.objects.exists()

    def test_an_item_of_another_forum_is_404(self, client, forum, nav_leder):
        item = add(forum, nav_leder, month=10)
        client.force_login(nav_leder)
        other = url(forum, "year_plan_item_edit", item_pk=item.pk + 1)
        assert client.get(other).status_code == 404

    @pytest.mark.parametrize("extra", [0, 10])
    def test_query_count(self, client, forum, nav_leder, django_assert_num_queries, extra):
        for n in range(extra):
            add(forum, nav_leder, f"Sak {n}", month=n + 1)
            add(forum, nav_leder, f"Møtesak {n}", meeting_number=n + 1)
        client.force_login(nav_leder)
        # session, user, memberships; the gate: forum, its partnership and the central one
        # above it, covered municipalities, forum member; the plan's items; the unread
        # notifications
        with django_assert_num_queries(10):
            response = client.get(url(forum))
        assert response.text.count('data-testid="year-plan-item"') == 2 * extra


class TestForumPageYear:
    def test_the_year_shows_meetings_and_items_by_month_and_number(
        self, client, forum, nav_leder, reader
    ):
        add(forum, nav_leder, "Beredskapsplanen", Kind.ORIENTATION, month=5)
        add(forum, nav_leder, "Evaluering (9.0)", Kind.DISCUSSION, meeting_number=2)
        add(forum, nav_leder, "Årsmelding", meeting_number=4)
        plan(forum, nav_leder, at(2026, 3, 10))
        plan(forum, nav_leder, at(2026, 9, 15))
        client.force_login(reader)

        page = client.get(reverse("meetings:forum_detail", args=[forum.pk]))

        assert nb("Year plan %(year)s") % {"year": 2026} in page.text
        months = page.text.split('data-testid="year-month"')[1:]
        assert len(months) == 12
        assert "Beredskapsplanen" in months[4]
        assert "Evaluering (9.0)" in months[8]  # the second meeting is in September
        assert months[2].count('data-testid="year-meeting"') == 1
        assert nb("Nothing planned.") in months[0]
        without = page.text.split('data-testid="year-without-meeting"')[1]
        assert "Årsmelding" in without

    def test_another_year_and_a_bad_one(self, client, forum, nav_leder, reader):
        add(forum, nav_leder, "Evaluering (9.0)", meeting_number=1)
        plan(forum, nav_leder, at(2027, 3, 10))
        client.force_login(reader)
        forum_url = reverse("meetings:forum_detail", args=[forum.pk])

        page = client.get(forum_url, {"aar": "2027"})
        assert nb("Year plan %(year)s") % {"year": 2027} in page.text
        assert page.text.count('data-testid="year-meeting"') == 1
        for bad in ("x", "99999", "²"):
            page = client.get(forum_url, {"aar": bad})
            assert page.status_code == 200
            assert nb("Year plan %(year)s") % {"year": 2026} in page.text
            assert 'data-testid="year-meeting"' not in page.text

    @pytest.mark.parametrize("extra", [0, 8])
    def test_query_count_is_constant(
        self, client, forum, nav_leder, django_assert_num_queries, extra
    ):
        for n in range(extra):
            meeting = plan(forum, nav_leder, at(2026, 3 + n, 10))
            if n % 3 == 2:
                meeting_cancel(meeting=meeting, user=nav_leder, reason="For få")
            add(forum, nav_leder, f"Sak {n}", month=n + 1)
            add(forum, nav_leder, f"Møtesak {n}", meeting_number=n + 1)
        client.force_login(nav_leder)
        # as TestForumPage's count (17, the year plan's items included)
        with django_assert_num_queries(17):
            response = client.get(reverse("meetings:forum_detail", args=[forum.pk]))
        assert response.text.count('data-testid="year-meeting"') == extra
        assert response.text.count('data-testid="year-item"') >= extra
