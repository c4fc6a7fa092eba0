"""A forum comes with its partnership: made by partnership_create (and so by the admin),
never by opening a page; its name is said in the reader's language."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from meetings.models import Forum, MeetingEvent
from meetings.services import forum_for_partnership
from partnerships.models import Membership, Partnership
from partnerships.services import partnership_create
from tests.factories import (
    BydelFactory,
    MembershipFactory,
    MunicipalityFactory,
    OfficeFactory,
    PartnershipFactory,
)

from . import view_in

Side, Role = Membership.Side, Membership.Role


def test_partnership_create_makes_the_local_forum_meeting_twice_a_year(world):
    office = OfficeFactory(name="NAV Alna")
    partnership = partnership_create(
        municipal_party=BydelFactory(number="030112", name="Bydel Alna", parent=world.oslo),
        state_party=world.oslo_county,
        office=office,
        parent=world.central,
    )

    forum = Forum.objects.get(partnership=partnership)
    assert forum.meetings_per_year == 2
    assert forum.submission_days == 14
    assert MeetingEvent.objects.filter(
        forum=forum, meeting=None, kind=MeetingEvent.Kind.FORUM_CREATED
    ).exists()


def test_partnership_create_makes_the_central_committee_meeting_six_times_a_year(world):
    county = world.oslo_county
    partnership = partnership_create(
        municipal_party=MunicipalityFactory(number="3201", name="Bærum kommune", county=county),
        state_party=county,
        kind=Partnership.Kind.CENTRAL,
    )

    assert Forum.objects.get(partnership=partnership).meetings_per_year == 6


def test_a_partnership_added_in_the_admin_gets_its_forum(client, world):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(admin)
    office = OfficeFactory(name="NAV Alna")
    bydel = BydelFactory(number="030112", name="Bydel Alna", parent=world.oslo)

    response = client.post(
        reverse("admin:partnerships_partnership_add"),
        {
            "kind": Partnership.Kind.LOCAL,
            "office": office.pk,
            "municipal_party": bydel.pk,
            "covered_municipalities": [bydel.pk],
            "state_party": world.oslo_county.pk,
            "parent": world.central.pk,
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.text
    partnership = Partnership.objects.get(office=office)
    assert list(partnership.covered_municipalities.all()) == [bydel]
    assert Forum.objects.filter(partnership=partnership).count() == 1


def test_forum_for_partnership_makes_a_missing_forum_once(world):
    """A partnership saved without partnership_create (a factory) gets its forum from the
    service the first time one is needed, and the same forum after that."""
    forum = forum_for_partnership(partnership=world.partnership)

    assert forum_for_partnership(partnership=world.partnership) == forum
    assert Forum.objects.filter(partnership=world.partnership).count() == 1


def test_the_agreement_in_force_sets_the_frequency(world, agreement):
    section = agreement.sections.get(template_section__structured="meetings")
    section.structured = {**section.structured, "meetings_per_year": 4}
    section.save(update_fields=["structured"])
    agreement.status = agreement.Status.IN_FORCE
    agreement.save(update_fields=["status"])

    assert forum_for_partnership(partnership=world.partnership).meetings_per_year == 4


def test_an_agreement_not_in_force_does_not_set_the_frequency(world, agreement):
    section = agreement.sections.get(template_section__structured="meetings")
    section.structured = {**section.structured, "meetings_per_year": 4}
    section.save(update_fields=["structured"])

    assert forum_for_partnership(partnership=world.partnership).meetings_per_year == 2


@pytest.mark.parametrize(
    ("language", "local", "central"),
    [
        (
            "en",
            "Partnership meeting – NAV Grorud",
            "Central cooperation committee – Oslo kommune and NAV Oslo",
        ),
        (
            "nb",
            "Partnerskapsmøtet – NAV Grorud",
            "Sentralt samarbeidsutvalg – Oslo kommune og NAV Oslo",
        ),
    ],
)
def test_the_forum_name_follows_the_readers_language(world, language, local, central):
    with translation.override("en" if language == "nb" else "nb"):  # made in the other one
        grorud = forum_for_partnership(partnership=world.partnership)
        committee = forum_for_partnership(partnership=world.central)

    with translation.override(language):
        assert grorud.name == local
        assert committee.name == central


@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "Partnership meeting – NAV Grorud"), ("nb", "Partnerskapsmøtet – NAV Grorud")],
)
def test_the_forum_page_names_the_forum_in_the_readers_language(
    client, forum, reader, language, heading
):
    client.force_login(reader)
    view_in(client, language)

    response = client.get(reverse("meetings:forum_detail", args=[forum.pk]))

    assert f"<h1>{heading}</h1>" in response.text


def test_opening_the_partnership_page_writes_nothing(client, world, nav_leder):
    """GET never writes: a partnership with no forum (saved by a factory, not
    partnership_create) shows no forum panel and still has none afterwards."""
    client.force_login(nav_leder)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("partnerships:partnership_detail", args=[world.partnership.pk])
        )

    assert response.status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert not Forum.objects.filter(partnership=world.partnership).exists()
    assert 'data-testid="forum-link"' not in response.text


def test_the_partnership_page_links_to_the_forum_made_with_the_partnership(
    client, world, nav_leder
):
    partnership = partnership_create(
        municipal_party=BydelFactory(number="030112", name="Bydel Alna", parent=world.oslo),
        state_party=world.oslo_county,
        office=OfficeFactory(name="NAV Alna"),
        parent=world.central,
    )
    forum = Forum.objects.get(partnership=partnership)
    MembershipFactory(user=nav_leder, partnership=partnership, side=Side.OFFICE, role=Role.MEMBER)
    client.force_login(nav_leder)
    view_in(client, "en")
    before = (Forum.objects.count(), MeetingEvent.objects.count())

    response = client.get(reverse("partnerships:partnership_detail", args=[partnership.pk]))

    assert reverse("meetings:forum_detail", args=[forum.pk]) in response.text
    assert "Partnership meeting – NAV Alna" in response.text
    assert (Forum.objects.count(), MeetingEvent.objects.count()) == before


def test_a_factory_partnership_can_be_given_its_forum_by_the_service(world):
    partnership = PartnershipFactory(office=OfficeFactory(name="NAV Alna"))

    assert not Forum.objects.filter(partnership=partnership).exists()
    assert forum_for_partnership(partnership=partnership).partnership_id == partnership.pk


def test_the_admin_lists_and_shows_forums_by_their_name(client, world):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(admin)
    view_in(client, "en")
    forum = forum_for_partnership(partnership=world.partnership)

    listing = client.get(reverse("admin:meetings_forum_changelist") + "?q=Grorud")
    change = client.get(reverse("admin:meetings_forum_change", args=[forum.pk]))

    assert "Partnership meeting – NAV Grorud" in listing.text
    assert change.status_code == 200
