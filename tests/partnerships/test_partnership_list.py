"""'Mine partnerskap' — the page after login."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from partnerships.models import Membership
from tests.factories import (
    CountyFactory,
    MembershipFactory,
    MunicipalityFactory,
    PartnershipFactory,
    UserFactory,
    county_with_partnerships,
)

Side, Role = Membership.Side, Membership.Role


def test_lists_the_users_partnership_with_parties_and_role(client, world, municipal_signatory):
    client.force_login(municipal_signatory)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    rows = response.context["groups"]
    assert [g.title for g in rows] == ["Oslo kommune – NAV Oslo"]
    assert [r.partnership for r in rows[0].rows] == [world.partnership]
    assert "Bydel Grorud, Oslo kommune" in response.text
    assert "Bydelsdirektør: Signatar · Kommunal side" in response.text


def test_groups_by_central_partnership_and_county(client, world):
    director = UserFactory(username="direktor")
    MembershipFactory(user=director, county=world.oslo_county, side=Side.STATE, role=Role.SIGNATORY)
    trondelag = CountyFactory(number="50", name="NAV Trøndelag")
    orland = PartnershipFactory(
        municipal_party=MunicipalityFactory(name="Ørland kommune", county=trondelag)
    )
    MembershipFactory(user=director, partnership=orland, side=Side.STATE, role=Role.EDITOR)
    client.force_login(director)

    groups = client.get(reverse("home")).context["groups"]

    assert [g.title for g in groups] == ["Oslo kommune – NAV Oslo", "NAV Trøndelag"]
    assert [str(r.partnership) for r in groups[0].rows] == [
        "Oslo kommune – NAV Oslo",
        "NAV Frogner",
        "NAV Grorud",
    ]
    assert [r.partnership for r in groups[1].rows] == [orland]


def test_vertskommune_shows_the_covered_municipalities(client, db):
    county = CountyFactory(number="50", name="NAV Trøndelag")
    covered = [
        MunicipalityFactory(name=n, county=county)
        for n in ("Høylandet kommune", "Namsskogan kommune", "Røyrvik kommune")
    ]
    partnership = PartnershipFactory(
        municipal_party=MunicipalityFactory(name="Grong kommune", county=county),
        covered_municipalities=covered,
    )
    radmann = UserFactory(username="radmann.grong")
    MembershipFactory(user=radmann, partnership=partnership)
    client.force_login(radmann)

    response = client.get(reverse("home"))

    assert (
        "Vertskommune for Høylandet kommune, Namsskogan kommune, Røyrvik kommune" in response.text
    )


def test_empty_state_for_a_user_without_partnerships(client, db):
    client.force_login(UserFactory())

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "Du er ikke medlem av noe partnerskap ennå" in response.text
    assert 'data-testid="partnership-row"' not in response.text


@pytest.mark.parametrize("count", [3, 300])
def test_query_count_does_not_grow_with_the_number_of_partnerships(
    client, db, django_assert_num_queries, count
):
    county = county_with_partnerships(count)
    director = UserFactory(username="fylkesdirektor.vestland")
    MembershipFactory(user=director, county=county, side=Side.STATE, role=Role.SIGNATORY)
    client.force_login(director)

    # session, user, the user's memberships, the order of every partnership they may see
    # (plain values), those on the page with office and parties joined, their covered
    # municipalities; "Venter på meg": how many writes they have had (its cache key), the
    # partnerships with an open agreement; the unread notifications
    with django_assert_num_queries(9):
        response = client.get(reverse("home"))

    assert response.text.count('data-testid="partnership-row"') == min(count, 50)
    if count > 50:
        last = client.get(reverse("home"), {"page": (count + 49) // 50}).text
        assert last.count('data-testid="partnership-row"') == (count % 50 or 50)
        assert f"Side {(count + 49) // 50} av {(count + 49) // 50}" in last


def test_detail_shows_parties_office_and_members(client, world, municipal_signatory, nav_leder):
    client.force_login(nav_leder)

    response = client.get(reverse("partnerships:partnership_detail", args=[world.partnership.pk]))

    assert "Bydel Grorud, Oslo kommune" in response.text
    assert "Storgata 1, 0155 Oslo" in response.text
    assert "Ved motstrid har den sentrale avtalen forrang." in response.text
    members = [m.user for m in response.context["members"]]
    assert set(members) == {municipal_signatory, nav_leder}


def test_central_detail_lists_only_the_local_partnerships_the_user_may_see(client, world):
    member = UserFactory(username="byradsavdeling")
    MembershipFactory(user=member, partnership=world.central, side=Side.MUNICIPAL, role=Role.EDITOR)
    MembershipFactory(
        user=member, partnership=world.partnership, side=Side.MUNICIPAL, role=Role.MEMBER
    )
    client.force_login(member)

    response = client.get(reverse("partnerships:partnership_detail", args=[world.central.pk]))

    assert response.context["local_partnerships"] == [world.partnership]


def test_a_kept_row_shows_each_change_as_a_fresh_render_shows_it(
    client, world, municipal_signatory
):
    """The rows' HTML is kept in the cache under what they show: a change to a role, a
    name or the municipalities a host covers shows at once, as a fresh render shows it."""
    client.force_login(municipal_signatory)
    membership = municipal_signatory.memberships.get()

    def row() -> str:
        text = client.get(reverse("home")).text
        start = text.index('<tr data-testid="partnership-row">')
        return text[start : text.index("</tr>", start)]

    before = row()
    assert "Bydelsdirektør: Signatar" in before and row() == before  # now kept

    membership.title, membership.role = "Konstituert bydelsdirektør", Role.EDITOR
    membership.save()
    changed = row()
    assert "Konstituert bydelsdirektør: Redaktør" in changed
    cache.clear()
    assert row() == changed

    world.partnership.office.name = "NAV Grorud og Stovner"
    world.partnership.office.save()
    assert ">NAV Grorud og Stovner</a>" in row()
