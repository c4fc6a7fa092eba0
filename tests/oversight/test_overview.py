"""The overview (/oversikt/): each cell against situations made by hand, the filters and
sorting, who sees what, and a query count that does not grow with the partnerships.

Time is frozen at Monday 15 June 2026, noon in Oslo. The world: NAV Oslo with Oslo's central
partnership and two bydeler, NAV Grorud (the personas' partnership) and NAV Frogner."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from agreements.services import agreement_start_revision
from costsharing.models import CostSummary
from costsharing.selectors import cost_overview, cost_overviews
from demo.scale import seed_scale
from meetings.models import Action, AgendaItem, Forum, Meeting
from meetings.selectors import forum_frequency, forums_frequency
from meetings.services import forum_for_partnership
from oversight.models import PartnershipSummary
from oversight.selectors.overview import (
    filter_rows,
    overview_scopes,
    partnership_overview,
    sort_rows,
)
from partnerships.models import Membership
from tests.factories import MembershipFactory, UserFactory, county_with_partnerships
from tests.meetings import at
from tests.oversight import meeting_on, put_in_force

TODAY = dt.date(2026, 6, 15)
NBSP = "\xa0"
URL = "/oversikt/"


@pytest.fixture(autouse=True)
def midsummer(clock):
    clock.move_to(at(2026, 6, 15, 12), tick=False)
    return clock


@pytest.fixture
def director(state_signatory):
    """The fylkesdirektør: a county membership on the state side (sees all of NAV Oslo)."""
    return state_signatory


MISSING_CELL = re.compile(
    r'data-partnership="(\d+)">.*?<td data-testid="cell-missing">(.*?)</td>', re.S
)


def count(page: str) -> tuple[int, int]:
    """The page's "12 of 40 partnerships": (shown, total)."""
    match = re.search(r'data-testid="overview-count" data-shown="(\d+)" data-total="(\d+)"', page)
    return int(match[1]), int(match[2])


def rows_by_name(user, **kwargs) -> dict:
    return {r.listed.name: r for r in partnership_overview(user, **kwargs)}


def action(held: Meeting, due: dt.date, status=Action.Status.OPEN):
    item = AgendaItem.objects.create(
        forum=held.forum, meeting=held, title="Husleie", status=AgendaItem.Status.ACCEPTED
    )
    return Action.objects.create(
        item=item, description="Sende arealoversikt", owner="NAV-leder", due_date=due, status=status
    )


# --- the agreement -------------------------------------------------------------------------


class TestAgreementCells:
    def test_an_evaluation_past_its_date_is_overdue(self, client, world, approved, director):
        # In force since 1 January 2025, evaluated every 12 months: due 1 January 2026.
        put_in_force(approved, since=dt.date(2025, 1, 1), interval=12)

        row = rows_by_name(director)["NAV Grorud"]

        assert row.agreement == approved and row.in_force == approved
        assert row.evaluation_due == dt.date(2026, 1, 1)
        assert (row.evaluation_overdue, row.overdue) == (True, True)
        assert row.in_force_url == reverse("agreements:agreement_detail", args=[approved.pk])
        client.force_login(director)
        page = client.get(URL).text
        assert 'data-testid="evaluation-overdue"' in page
        assert f'href="{row.in_force_url}">01.01.2026</a>' in page

    def test_a_revision_under_way_counts_as_the_evaluation(
        self, world, approved, director, municipal_signatory
    ):
        put_in_force(approved, since=dt.date(2025, 1, 1), interval=12)
        revision = agreement_start_revision(agreement=approved, user=municipal_signatory)

        row = rows_by_name(director)["NAV Grorud"]

        assert row.agreement == revision and row.in_force == approved
        assert (row.evaluation_due, row.evaluation_overdue) == (None, False)
        assert row.agreement_url == reverse("agreements:agreement_detail", args=[revision.pk])

    @pytest.mark.parametrize(("days", "soon"), [(30, True), (90, True), (91, False)])
    def test_an_end_within_90_days_is_shown_as_coming(self, world, approved, director, days, soon):
        put_in_force(approved, since=dt.date(2026, 1, 1), valid_to=TODAY + dt.timedelta(days=days))

        row = rows_by_name(director)["NAV Grorud"]

        assert row.ends_on == TODAY + dt.timedelta(days=days)
        assert (row.ends_soon, row.ends_overdue) == (soon, False)

    def test_what_an_agreement_under_work_still_lacks(self, client, agreement, director):
        row = rows_by_name(director)["NAV Grorud"]

        completeness = row.completeness
        assert (
            completeness.open_questions == agreement.sections.filter(answers__status="open").count()
        )
        assert completeness.awaiting["state"] == agreement.sections.count()
        assert row.in_force is None and row.deadlines is None
        detail = reverse("agreements:agreement_detail", args=[agreement.pk])
        assert row.questions_url == row.approvals_url == detail + "#sections-heading"
        client.force_login(director)
        page = client.get(URL).text
        assert f'href="{detail}#sections-heading">{completeness.open_questions} ' in page

    def test_no_agreement_links_to_the_partnership_where_one_is_started(self, world, director):
        row = rows_by_name(director)["NAV Frogner"]

        assert row.agreement is None and row.status == "none"
        assert row.agreement_url == reverse(
            "partnerships:partnership_detail", args=[world.other_partnership.pk]
        )


# --- the meetings --------------------------------------------------------------------------


class TestMeetingCells:
    def test_a_forum_with_one_meeting_in_the_year_is_behind(self, client, world, director):
        forum = forum_for_partnership(partnership=world.partnership)  # two a year
        last = meeting_on(forum, dt.date(2026, 2, 3))
        meeting_on(forum, dt.date(2025, 5, 1))  # 410 days ago: outside the year
        upcoming = meeting_on(forum, dt.date(2026, 9, 1), Meeting.Status.PLANNED)

        row = rows_by_name(director)["NAV Grorud"]

        assert row.behind is True
        assert row.frequency.held_last_12_months == 1
        assert row.last_meeting_at == last.starts_at
        assert row.next_meeting == (upcoming.pk, upcoming.starts_at)
        forum_url = reverse("meetings:forum_detail", args=[forum.pk])
        assert row.forum_url == forum_url
        assert row.last_meeting_url == reverse("meetings:meeting_detail", args=[last.pk])
        assert row.next_meeting_url == reverse("meetings:meeting_detail", args=[upcoming.pk])
        client.force_login(director)
        assert f'href="{forum_url}" data-testid="forum-link"' in client.get(URL).text

    def test_a_forum_that_meets_as_agreed_is_on_track(self, world, director):
        forum = forum_for_partnership(partnership=world.partnership)
        meeting_on(forum, dt.date(2025, 9, 1), Meeting.Status.MINUTES_APPROVED)
        meeting_on(forum, dt.date(2026, 3, 2))
        meeting_on(forum, dt.date(2026, 9, 1), Meeting.Status.PLANNED)

        assert rows_by_name(director)["NAV Grorud"].behind is False

    def test_without_a_next_meeting_the_link_goes_to_planning_one(self, world, director):
        forum = forum_for_partnership(partnership=world.partnership)
        meeting_on(forum, dt.date(2025, 9, 1))
        meeting_on(forum, dt.date(2026, 3, 2))

        row = rows_by_name(director)["NAV Grorud"]

        assert row.behind is True and row.next_meeting is None
        assert row.next_meeting_url.endswith("#plan-meeting")

    def test_a_partnership_without_a_forum_has_held_no_meetings(self, world, director):
        row = rows_by_name(director)["NAV Frogner"]

        assert (row.forum, row.frequency, row.behind) == (None, None, True)
        partnership_url = reverse(
            "partnerships:partnership_detail", args=[world.other_partnership.pk]
        )
        assert row.forum_url == partnership_url + "#forum-heading"

    def test_open_and_overdue_actions(self, client, world, director):
        forum = forum_for_partnership(partnership=world.partnership)
        held = meeting_on(forum, dt.date(2026, 3, 2))
        action(held, dt.date(2026, 6, 14))  # yesterday: overdue
        action(held, TODAY)  # due today: not yet overdue
        action(held, dt.date(2026, 4, 1), Action.Status.DONE)

        row = rows_by_name(director)["NAV Grorud"]

        assert (row.open_actions, row.overdue_actions, row.overdue) == (2, 1, True)
        forum_url = reverse("meetings:forum_detail", args=[forum.pk])
        assert row.actions_url == forum_url + "#open-actions"
        client.force_login(director)
        page = client.get(URL).text
        assert f'href="{row.actions_url}">2 ' in page
        assert 'data-testid="actions-overdue">1 ' in page

    def test_the_bulk_frequency_gives_the_forum_pages_answer(self, world, director):
        """forums_frequency (the overview) and forum_frequency (the forum page) apply one rule."""
        local = forum_for_partnership(partnership=world.partnership)
        central = forum_for_partnership(partnership=world.central)
        other = forum_for_partnership(partnership=world.other_partnership)
        for day in (dt.date(2025, 6, 16), dt.date(2026, 1, 10), dt.date(2026, 6, 15)):
            meeting_on(local, day)
            meeting_on(central, day)
        meeting_on(central, dt.date(2026, 4, 1))
        meeting_on(central, dt.date(2026, 6, 20), Meeting.Status.INVITED)
        meeting_on(other, dt.date(2026, 6, 15), Meeting.Status.PLANNED)  # today counts as next
        forums = list(Forum.objects.select_related("partnership"))

        for today in (TODAY, dt.date(2026, 6, 16), dt.date(2026, 12, 1)):
            bulk = forums_frequency(forums, today)
            assert bulk == {f.pk: forum_frequency(f, today) for f in forums}


# --- the costs -----------------------------------------------------------------------------


class TestCostCells:
    def test_this_years_split_and_who_owes_whom(self, client, driftsavtale, director):
        """The driftsavtale fixture: the state's budget share 833 421,82, the bydel's
        606 578,18. Each quarter's actuals are a quarter of the budget; the state's share of
        them is 216 000 in quarters 1–2 (60 %) and 200 000 in quarters 3–4 (10 : 8 årsverk)."""
        driftsavtale.paid_q1 = driftsavtale.paid_q2 = Decimal("216000.00")
        driftsavtale.paid_q3, driftsavtale.paid_q4 = Decimal("200000.00"), Decimal("190000.00")
        driftsavtale.save()

        row = rows_by_name(director)["NAV Grorud"]

        assert (row.state_share, row.municipal_share) == (
            Decimal("833421.82"),
            Decimal("606578.18"),
        )
        assert row.settlement == f"NAV Oslo skylder Bydel Grorud 10{NBSP}000,00 kr"
        assert row.cost_url == reverse("costsharing:detail", args=[driftsavtale.pk])
        assert row.settlement_url == reverse("costsharing:settlement", args=[driftsavtale.pk])
        client.force_login(director)
        page = client.get(URL).text
        assert f'data-testid="state-share">833{NBSP}421,82</span>' in page
        assert f'data-testid="municipal-share">606{NBSP}578,18</span>' in page
        assert f'href="{row.settlement_url}">NAV Oslo skylder Bydel Grorud' in page

    def test_paid_to_the_ore_is_settled(self, driftsavtale, director):
        driftsavtale.paid_q1 = driftsavtale.paid_q2 = Decimal("216000.00")
        driftsavtale.paid_q3 = driftsavtale.paid_q4 = Decimal("200000.00")
        driftsavtale.save()

        row = rows_by_name(director)["NAV Grorud"]

        assert row.settlement == "Avregnet: ingen av partene skylder den andre noe."

    def test_only_this_years_driftsavtale_counts(self, world, driftsavtale, director, clock):
        clock.move_to(at(2027, 1, 4, 12), tick=False)

        row = rows_by_name(director)["NAV Grorud"]

        assert not row.has_cost and row.settlement == ""
        assert row.cost_url == reverse("costsharing:list", args=[world.partnership.pk])

    def test_the_bulk_computation_is_the_driftsavtale_pages(self, driftsavtale):
        bulk = cost_overviews([driftsavtale])[driftsavtale.pk]
        single = cost_overview(driftsavtale)

        assert bulk.result == single.result
        assert (bulk.lines, bulk.periods, bulk.gaps) == (single.lines, single.periods, single.gaps)


# --- filters, sorting, paging --------------------------------------------------------------


@pytest.fixture
def mixed(world, approved, director):
    """Grorud: evaluation overdue, forum on track. Frogner: no agreement, no forum (behind).
    The central partnership: no agreement, a forum behind with an overdue action."""
    put_in_force(approved, since=dt.date(2025, 1, 1), interval=12)
    grorud = forum_for_partnership(partnership=world.partnership)
    meeting_on(grorud, dt.date(2025, 9, 1))
    meeting_on(grorud, dt.date(2026, 2, 2))
    meeting_on(grorud, dt.date(2026, 9, 1), Meeting.Status.PLANNED)
    central = forum_for_partnership(partnership=world.central)
    action(meeting_on(central, dt.date(2026, 3, 2)), dt.date(2026, 5, 1))
    return world


class TestFiltersAndSorting:
    def test_filters(self, mixed, director):
        rows = partnership_overview(director)

        def names(**kwargs):
            return [r.listed.name for r in filter_rows(rows, **kwargs)]

        central = "Oslo kommune – NAV Oslo"
        assert names() == [central, "NAV Frogner", "NAV Grorud"]
        assert names(status="in_force") == ["NAV Grorud"]
        assert names(status="none") == [central, "NAV Frogner"]
        assert names(overdue=True) == [central, "NAV Grorud"]
        assert names(behind=True) == [central, "NAV Frogner"]
        assert names(overdue=True, behind=True) == [central]

    def test_sorting_puts_rows_without_a_value_last_both_ways(self, mixed, director):
        rows = partnership_overview(director)

        def names(key, descending=False):
            return [r.listed.name for r in sort_rows(rows, key, descending=descending)]

        central = "Oslo kommune – NAV Oslo"
        assert names("partnership") == [central, "NAV Frogner", "NAV Grorud"]
        assert names("partnership", descending=True) == ["NAV Grorud", "NAV Frogner", central]
        # Only Grorud has a deadline; the others keep their order after it.
        assert names("deadline")[0] == names("deadline", descending=True)[0] == "NAV Grorud"
        assert names("actions", descending=True)[0] == "Oslo kommune – NAV Oslo"
        assert names("last_meeting") == ["NAV Grorud", "Oslo kommune – NAV Oslo", "NAV Frogner"]

    def test_the_page_filters_from_the_query_string(self, client, mixed, director):
        client.force_login(director)

        response = client.get(URL, {"behind": "1", "sort": "-actions"})

        assert response.status_code == 200
        text = response.text
        assert text.count('data-testid="overview-row"') == 2
        assert count(text) == (2, 3)
        assert text.index("Oslo kommune – NAV Oslo") < text.index("NAV Frogner")
        assert 'aria-sort="descending"' in text
        # The column headings keep the filters; the sorted one reverses.
        assert 'href="?behind=1&amp;sort=actions"' in text
        assert 'href="?behind=1&amp;sort=partnership"' in text
        assert 'type="checkbox" name="behind" value="1" id="id_behind" checked' in text

    @pytest.mark.parametrize(
        "query",
        [
            {"sort": "drop table"},
            {"status": "signed-ish"},
            {"scope": "county-999"},
            {"page": "x"},
            {"overdue": "maybe", "page": "99"},
        ],
    )
    def test_bad_values_are_refused_with_a_message_never_500(self, client, mixed, director, query):
        client.force_login(director)

        response = client.get(URL, query)

        assert response.status_code in (200, 400)
        if response.status_code == 400:
            assert 'data-testid="filter-errors"' in response.text
        # Whatever was refused, the user still sees (only) their partnerships.
        assert response.text.count('data-testid="overview-row"') == 3

    def test_wrong_method_is_refused(self, client, director):
        client.force_login(director)

        assert client.post(URL).status_code == 405

    def test_pages_of_100_keep_the_filters(self, client, db):
        seeded = seed_scale(120, county_number="98", county_name="NAV Stort fylke")
        client.force_login(seeded.director)

        first = client.get(URL, {"sort": "-missing"})
        second = client.get(URL, {"sort": "-missing", "page": "2"})

        assert first.text.count('data-testid="overview-row"') == 100
        assert second.text.count('data-testid="overview-row"') == 20
        assert 'href="?sort=-missing&amp;page=2"' in first.text
        assert count(first.text) == (120, 120)

    def test_each_rows_lacks_are_the_same_whether_counted_for_all_rows_or_the_page(
        self, client, db
    ):
        # Sorted by what is missing, every row is counted first; otherwise only the rows on
        # the page shown are: each row's cell must read the same either way, on every page.
        seeded = seed_scale(120, county_number="98", county_name="NAV Stort fylke")
        client.force_login(seeded.director)

        def cells(sort):
            found = {}
            for page in ("1", "2"):
                text = client.get(URL, {"sort": sort, "page": page}).text
                found.update(MISSING_CELL.findall(text))
            return found

        by_name, by_missing = cells("partnership"), cells("-missing")

        assert len(by_name) == 120
        assert by_name == by_missing
        assert sum("open question" in cell or "åpne spørsmål" in cell for cell in by_name.values())


# --- who sees what -------------------------------------------------------------------------


class TestScope:
    def test_the_county_director_sees_every_partnership_in_the_county(self, world, director):
        assert set(rows_by_name(director)) == {
            "Oslo kommune – NAV Oslo",
            "NAV Grorud",
            "NAV Frogner",
        }

    def test_a_bydel_member_sees_only_their_own(self, world, municipal_signatory, outsider):
        assert list(rows_by_name(municipal_signatory)) == ["NAV Grorud"]
        assert list(rows_by_name(outsider)) == ["NAV Frogner"]

    def test_a_user_of_another_county_sees_nothing_here(self, client, world, director):
        other_county = county_with_partnerships(2, number="46", name="NAV Vestland")
        stranger = UserFactory(username="fylkesdirektor.vestland")
        MembershipFactory(
            user=stranger, county=other_county, side="state", role=Membership.Role.SIGNATORY
        )
        client.force_login(stranger)

        page = client.get(URL).text

        assert "NAV Grorud" not in page and "NAV Oslo" not in page
        assert page.count('data-testid="overview-row"') == 2
        # Choosing the other county's scope in the address shows nothing of it.
        scope = f"county-{world.oslo_county.pk}"
        response = client.get(URL, {"scope": scope})
        assert response.status_code == 400 and "NAV Grorud" not in response.text

    def test_no_memberships_is_the_empty_state(self, client, db):
        client.force_login(UserFactory(username="ny"))

        response = client.get(URL)

        assert response.status_code == 200
        assert 'data-testid="overview-empty"' in response.text

    def test_anonymous_is_sent_to_log_in(self, client, world):
        response = client.get(URL)

        assert response.status_code == 302
        assert response["Location"].startswith("/konto/logg-inn/")

    def test_scopes_come_from_the_memberships(self, client, world, director):
        revisor = UserFactory(username="revisor")
        MembershipFactory(
            user=revisor, municipality=world.oslo, side="municipal", role=Membership.Role.AUDITOR
        )
        MembershipFactory(
            user=revisor, partnership=world.central, side="municipal", role=Membership.Role.MEMBER
        )

        scopes = overview_scopes(revisor)

        assert [s.label for s in scopes] == ["Oslo kommune – NAV Oslo", "Oslo kommune"]
        central = rows_by_name(revisor, scope=scopes[0])
        assert set(central) == {"Oslo kommune – NAV Oslo", "NAV Grorud", "NAV Frogner"}
        client.force_login(revisor)
        response = client.get(URL, {"scope": scopes[1].key})
        assert response.status_code == 200
        assert response.context["scope"].key == scopes[1].key
        assert response.text.count('data-testid="overview-row"') == 3
        assert [s.label for s in overview_scopes(director)] == ["NAV Oslo"]


# --- at scale ------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [5, 200])
@pytest.mark.parametrize("summarised", [True, False], ids=["summaries", "no summaries"])
def test_the_query_count_does_not_grow_with_the_partnerships(
    client, db, django_assert_num_queries, n, summarised
):
    seeded = seed_scale(n)  # with the summaries
    if not summarised:
        PartnershipSummary.objects.all().delete()
    client.force_login(seeded.director)

    # session, user, memberships, the partnerships (what lists them, with their parties'
    # names) with their summaries, in one query; for the rows shown: this year's
    # driftsavtaler with their summaries (plain values); the unread notifications. Without summaries
    # (as after an upgrade, until summaries_rebuild) the overview computes them itself,
    # without storing them: the agreements (with whether a newer version exists), their
    # veileder revisions, what they lack (counted) and the kinds of their attachments, 9.0's
    # evaluation intervals; the forums with their last meeting, point 3.1 of the agreements
    # in force, the meetings that decide the frequency, the open actions.
    with django_assert_num_queries(6 if summarised else 15):
        response = client.get(URL)

    assert response.text.count('data-testid="overview-row"') == min(n, 100)
    assert count(response.text) == (n, n)
    assert PartnershipSummary.objects.count() == (n if summarised else 0)

    # Sorted by the costs: every driftsavtale's budget, from its summary, in the same one.
    with django_assert_num_queries(6 if summarised else 15):
        by_costs = client.get(URL, {"sort": "-costs"})
    assert by_costs.text.count('data-testid="overview-row"') == min(n, 100)


def test_sorted_by_the_costs_the_largest_budget_comes_first(client, db):
    seeded = seed_scale(8)
    # One driftsavtale without its summary (as before summaries_rebuild): computed instead.
    CostSummary.objects.filter(agreement__partnership=seeded.partnerships[3]).delete()
    client.force_login(seeded.director)
    budgets = {r.listed.pk: r.budget_total for r in partnership_overview(seeded.director)}
    assert budgets[seeded.partnerships[3].pk] is not None
    assert len({b for b in budgets.values() if b is not None}) > 3

    page = client.get(URL, {"sort": "-costs"}).text

    rows = re.findall(r'data-testid="overview-row" data-partnership="(\d+)"', page)
    order = [int(pk) for pk in rows]
    shown = [budgets[pk] for pk in order]
    with_budget = [b for b in shown if b is not None]
    assert with_budget == sorted(with_budget, reverse=True)
    assert shown[: len(with_budget)] == with_budget  # those without come last
